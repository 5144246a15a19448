
#include "common/ms.inc"
