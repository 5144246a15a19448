/* Stand-in for <mapix.h> (family harness): the memory routines and helpers are
 * declared in <mapiutil.h> here. */
#ifndef MAPI_LINT_STANDIN_MAPIX_H
#define MAPI_LINT_STANDIN_MAPIX_H

#include <mapidefs.h>
#include <mapicode.h>
#include <mapiutil.h>

#endif
