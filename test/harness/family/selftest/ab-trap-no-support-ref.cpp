#define TRAP_NO_SUPPORT_REF
#include "common/ab.inc"
