/* Stand-in for <mapitags.h>, family harness edition: the tags the providers
 * under test name (PR_STATUS_CODE and PR_STATUS_STRING are in <mapidefs.h>). */
#ifndef MAPI_LINT_STANDIN_MAPITAGS_H
#define MAPI_LINT_STANDIN_MAPITAGS_H

#include <mapidefs.h>

#define PR_DISPLAY_NAME ((ULONG)0x3001001E)
#define PR_ENTRYID ((ULONG)0x0FFF0102)
#define PR_OBJECT_TYPE ((ULONG)0x0FFE0003)
#define PR_RESOURCE_METHODS ((ULONG)0x3E020003)
#define PR_PROVIDER_DISPLAY ((ULONG)0x3006001E)
#define PR_IDENTITY_DISPLAY ((ULONG)0x3E00001E)
#define PR_STORE_SUPPORT_MASK ((ULONG)0x340D0003)

#endif
