// Built with samples/provider/ by the executed samples test (not part of the
// sample): stands in for msfldstub.cpp, which msfolder.cpp says holds "the
// remaining IMAPIProp, IMAPIContainer and IMAPIFolder methods", returning
// MAPI_E_NO_SUPPORT. They are in CMAPIFolder's vtable, so the program does not
// link without them; no shutdown scenario calls them.
#include "msstore.h"

#define FOLDER_STUB(method, params) \
    STDMETHODIMP CMAPIFolder::method params { return MAPI_E_NO_SUPPORT; }

// IMAPIProp
FOLDER_STUB(GetLastError, (HRESULT, ULONG, LPMAPIERROR FAR *))
FOLDER_STUB(SaveChanges, (ULONG))
FOLDER_STUB(GetProps, (LPSPropTagArray, ULONG, ULONG FAR *, LPSPropValue FAR *))
FOLDER_STUB(GetPropList, (ULONG, LPSPropTagArray FAR *))
FOLDER_STUB(OpenProperty, (ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR *))
FOLDER_STUB(SetProps, (ULONG, LPSPropValue, LPSPropProblemArray FAR *))
FOLDER_STUB(DeleteProps, (LPSPropTagArray, LPSPropProblemArray FAR *))
FOLDER_STUB(CopyTo, (ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                     LPSPropProblemArray FAR *))
FOLDER_STUB(CopyProps, (LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG, LPSPropProblemArray FAR *))
FOLDER_STUB(GetNamesFromIDs, (LPSPropTagArray FAR *, LPGUID, ULONG, ULONG FAR *, LPMAPINAMEID FAR *FAR *))
FOLDER_STUB(GetIDsFromNames, (ULONG, LPMAPINAMEID FAR *, ULONG, LPSPropTagArray FAR *))

// IMAPIContainer (GetContentsTable and GetHierarchyTable are in msfolder.cpp)
FOLDER_STUB(OpenEntry, (ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR *, LPUNKNOWN FAR *))
FOLDER_STUB(SetSearchCriteria, (LPSRestriction, LPENTRYLIST, ULONG))
FOLDER_STUB(GetSearchCriteria, (ULONG, LPSRestriction FAR *, LPENTRYLIST FAR *, ULONG FAR *))

// IMAPIFolder
FOLDER_STUB(CreateMessage, (LPCIID, ULONG, LPMESSAGE FAR *))
FOLDER_STUB(CopyMessages, (LPENTRYLIST, LPCIID, LPVOID, ULONG_PTR, LPMAPIPROGRESS, ULONG))
FOLDER_STUB(DeleteMessages, (LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG))
FOLDER_STUB(CreateFolder, (ULONG, LPTSTR, LPTSTR, LPCIID, ULONG, LPMAPIFOLDER FAR *))
FOLDER_STUB(CopyFolder, (ULONG, LPENTRYID, LPCIID, LPVOID, LPTSTR, ULONG_PTR, LPMAPIPROGRESS, ULONG))
FOLDER_STUB(DeleteFolder, (ULONG, LPENTRYID, ULONG_PTR, LPMAPIPROGRESS, ULONG))
FOLDER_STUB(SetReadFlags, (LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG))
FOLDER_STUB(GetMessageStatus, (ULONG, LPENTRYID, ULONG, ULONG FAR *))
FOLDER_STUB(SetMessageStatus, (ULONG, LPENTRYID, ULONG, ULONG, ULONG FAR *))
FOLDER_STUB(SaveContentsSort, (LPSSortOrderSet, ULONG))
FOLDER_STUB(EmptyFolder, (ULONG_PTR, LPMAPIPROGRESS, ULONG))
