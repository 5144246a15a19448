#define BUG_STATUS_CYCLE
#include "common/ab.inc"
