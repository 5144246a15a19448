#define BUG_STATUS_KEPT
#include "common/ms.inc"
