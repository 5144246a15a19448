#define BUG_MAKEINVALID_AFTER_RELEASE
#include "common/xp.inc"
