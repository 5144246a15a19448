#define BUG_MAKEINVALID_SELF
#include "common/ab.inc"
