/* Stand-in for <mapitags.h>. The one tag the code under test uses,
 * PR_STATUS_CODE, is defined in the stand-in <mapidefs.h>. */
#ifndef MAPI_LINT_STANDIN_MAPITAGS_H
#define MAPI_LINT_STANDIN_MAPITAGS_H

#include <mapidefs.h>

#define PR_DISPLAY_NAME ((ULONG)0x3001001E)
#define PR_STORE_SUPPORT_MASK ((ULONG)0x340D0003)

#endif
