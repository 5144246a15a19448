#define BUG_UNLINK_HEAD_QUIET
#include "common/ab.inc"
