
#include "common/xp.inc"
