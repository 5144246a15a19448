#define BUG_SELF_ADDREF
#include "common/ab.inc"
