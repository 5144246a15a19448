/* Stand-in for <mapiutil.h>: the two refcount helpers providers use. */
#ifndef MAPI_LINT_STANDIN_MAPIUTIL_H
#define MAPI_LINT_STANDIN_MAPIUTIL_H

#include <mapidefs.h>

STDAPI_(ULONG) UlAddRef(LPVOID punk);
STDAPI_(ULONG) UlRelease(LPVOID punk);

#endif
