#define BUG_RELEASE_EVERY_CALL
#include "common/ab.inc"
