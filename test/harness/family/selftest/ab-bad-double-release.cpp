#define BUG_DOUBLE_RELEASE
#include "common/ab.inc"
