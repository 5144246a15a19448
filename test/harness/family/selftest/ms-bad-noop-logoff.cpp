#define BUG_NOOP_LOGOFF
#include "common/ms.inc"
