/* Stand-in for <mapiwin.h> (family harness). */
#ifndef MAPI_LINT_STANDIN_MAPIWIN_H
#define MAPI_LINT_STANDIN_MAPIWIN_H

#include <windows.h>

#endif
