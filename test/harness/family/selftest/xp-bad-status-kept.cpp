#define BUG_STATUS_KEPT
#include "common/xp.inc"
