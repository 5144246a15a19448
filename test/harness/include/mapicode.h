/* Stand-in for <mapicode.h>: the status codes the stand-ins do not already
 * define in <mapidefs.h>. */
#ifndef MAPI_LINT_STANDIN_MAPICODE_H
#define MAPI_LINT_STANDIN_MAPICODE_H

#include <mapidefs.h>

#define hrSuccess 0
#define E_ACCESSDENIED ((HRESULT)0x80070005L)
#define MAPI_E_NO_ACCESS E_ACCESSDENIED
#define MAPI_E_NOT_FOUND MAKE_MAPI_E(0x10F)
#define MAPI_E_VERSION MAKE_MAPI_E(0x110)

#endif
