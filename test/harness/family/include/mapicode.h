/* Stand-in for <mapicode.h>, family harness edition: the status codes live in
 * <mapidefs.h> here (test/harness/family/include). */
#ifndef MAPI_LINT_STANDIN_MAPICODE_H
#define MAPI_LINT_STANDIN_MAPICODE_H

#include <mapidefs.h>

#endif
