#define BUG_EAGER_NO_MAKEINVALID
#include "common/xp.inc"
