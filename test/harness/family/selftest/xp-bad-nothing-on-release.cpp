#define BUG_NOTHING_ON_RELEASE
#include "common/xp.inc"
