#define BUG_UNLINK_HEAD
#include "common/ab.inc"
