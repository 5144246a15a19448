#define BUG_EARLY_RELEASE
#include "common/xp.inc"
