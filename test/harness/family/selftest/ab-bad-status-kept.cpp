#define BUG_STATUS_KEPT
#include "common/ab.inc"
