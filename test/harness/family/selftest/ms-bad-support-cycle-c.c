#define BUG_LOGON_HOLDS_SUPPORT
#include "common/ms-c.inc"
