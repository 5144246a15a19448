#define BUG_NO_SUPPORT_RELEASE
#include "common/ab.inc"
