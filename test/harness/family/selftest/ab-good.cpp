
#include "common/ab.inc"
