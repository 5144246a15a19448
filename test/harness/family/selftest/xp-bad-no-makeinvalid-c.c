#define BUG_NO_MAKEINVALID
#include "common/xp-c.inc"
