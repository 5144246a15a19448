
#include "common/ab-c.inc"
