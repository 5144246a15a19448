
#include "common/xp-c.inc"
