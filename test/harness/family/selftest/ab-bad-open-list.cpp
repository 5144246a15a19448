#define BUG_OPEN_LIST
#include "common/ab.inc"
