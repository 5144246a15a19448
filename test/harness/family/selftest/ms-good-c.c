
#include "common/ms-c.inc"
