#define BUG_NOOP_LOGOFF
#include "common/ms-c.inc"
