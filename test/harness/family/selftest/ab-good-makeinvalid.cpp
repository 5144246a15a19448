#define GOOD_MAKEINVALID
#include "common/ab.inc"
