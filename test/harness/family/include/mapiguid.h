/* Stand-in for <mapiguid.h> (family harness): the interface ids are declared
 * next to their interfaces (<mapidefs.h>, <mapispi.h>, <mapiutil.h>) and
 * defined by the runner. */
#ifndef MAPI_LINT_STANDIN_MAPIGUID_H
#define MAPI_LINT_STANDIN_MAPIGUID_H

#include <mapidefs.h>
#include <mapispi.h>
#include <mapiutil.h>

#endif
