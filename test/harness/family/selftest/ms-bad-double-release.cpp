#define BUG_DOUBLE_SUPPORT_RELEASE
#include "common/ms.inc"
