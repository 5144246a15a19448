/* Self-test helpers (test/harness/family/selftest only): the methods a
 * provider object must have and the shutdown protocol does not care about,
 * stubbed, so a self-test case shows only what it tests. */
#ifndef FAMILY_SELFTEST_STUBS_H
#define FAMILY_SELFTEST_STUBS_H

#include <mapispi.h>
#include <mapiutil.h>

#ifdef __cplusplus
#define ST_NS MAPI_E_NO_SUPPORT

#define ST_IMAPIPROP \
    STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR *) { return ST_NS; } \
    STDMETHODIMP SaveChanges(ULONG) { return ST_NS; } \
    STDMETHODIMP GetProps(LPSPropTagArray, ULONG, ULONG FAR *, LPSPropValue FAR *) { return ST_NS; } \
    STDMETHODIMP GetPropList(ULONG, LPSPropTagArray FAR *) { return ST_NS; } \
    STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR *) { return ST_NS; } \
    STDMETHODIMP SetProps(ULONG, LPSPropValue, LPSPropProblemArray FAR *) { return ST_NS; } \
    STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray FAR *) { return ST_NS; } \
    STDMETHODIMP CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG, \
                        LPSPropProblemArray FAR *) { return ST_NS; } \
    STDMETHODIMP CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG, \
                           LPSPropProblemArray FAR *) { return ST_NS; } \
    STDMETHODIMP GetNamesFromIDs(LPSPropTagArray FAR *, LPGUID, ULONG, ULONG FAR *, LPMAPINAMEID FAR *FAR *) { return ST_NS; } \
    STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID FAR *, ULONG, LPSPropTagArray FAR *) { return ST_NS; }

#define ST_IMAPICONTAINER \
    STDMETHODIMP GetContentsTable(ULONG, LPMAPITABLE FAR *) { return ST_NS; } \
    STDMETHODIMP GetHierarchyTable(ULONG, LPMAPITABLE FAR *) { return ST_NS; } \
    STDMETHODIMP OpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR *, LPUNKNOWN FAR *) { return ST_NS; } \
    STDMETHODIMP SetSearchCriteria(LPSRestriction, LPENTRYLIST, ULONG) { return ST_NS; } \
    STDMETHODIMP GetSearchCriteria(ULONG, LPSRestriction FAR *, LPENTRYLIST FAR *, ULONG FAR *) { return ST_NS; }

#define ST_IABCONTAINER \
    STDMETHODIMP CreateEntry(ULONG, LPENTRYID, ULONG, LPMAPIPROP FAR *) { return ST_NS; } \
    STDMETHODIMP CopyEntries(LPENTRYLIST, ULONG_PTR, LPMAPIPROGRESS, ULONG) { return ST_NS; } \
    STDMETHODIMP DeleteEntries(LPENTRYLIST, ULONG) { return ST_NS; } \
    STDMETHODIMP ResolveNames(LPSPropTagArray, ULONG, LPADRLIST, LPULONG) { return ST_NS; }

#define ST_IMAPISTATUS \
    STDMETHODIMP ValidateState(ULONG_PTR, ULONG) { return S_OK; } \
    STDMETHODIMP SettingsDialog(ULONG_PTR, ULONG) { return ST_NS; } \
    STDMETHODIMP ChangePassword(LPTSTR, LPTSTR, ULONG) { return ST_NS; } \
    STDMETHODIMP FlushQueues(ULONG_PTR, ULONG, LPENTRYID, ULONG) { return S_OK; }

/* IABLogon minus Logoff, OpenEntry, OpenStatusEntry */
#define ST_IABLOGON_REST \
    STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR *) { return ST_NS; } \
    STDMETHODIMP CompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG FAR *) { return ST_NS; } \
    STDMETHODIMP Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR *) { return ST_NS; } \
    STDMETHODIMP Unadvise(ULONG_PTR) { return ST_NS; } \
    STDMETHODIMP OpenTemplateID(ULONG, LPENTRYID, ULONG, LPMAPIPROP, LPCIID, LPMAPIPROP FAR *, LPMAPIPROP) { return ST_NS; } \
    STDMETHODIMP GetOneOffTable(ULONG, LPMAPITABLE FAR *) { return ST_NS; } \
    STDMETHODIMP PrepareRecips(ULONG, LPSPropTagArray, LPADRLIST) { return ST_NS; }

/* IXPLogon minus TransportLogoff, OpenStatusEntry */
#define ST_IXPLOGON_REST \
    STDMETHODIMP AddressTypes(ULONG FAR *, ULONG FAR *, LPTSTR FAR *FAR *, ULONG FAR *, LPMAPIUID FAR *FAR *) { return ST_NS; } \
    STDMETHODIMP RegisterOptions(ULONG FAR *, ULONG FAR *, LPOPTIONDATA FAR *) { return ST_NS; } \
    STDMETHODIMP TransportNotify(ULONG FAR *, LPVOID FAR *) { return S_OK; } \
    STDMETHODIMP Idle(ULONG) { return S_OK; } \
    STDMETHODIMP SubmitMessage(ULONG, LPMESSAGE, ULONG_PTR FAR *, ULONG_PTR FAR *) { return ST_NS; } \
    STDMETHODIMP EndMessage(ULONG_PTR, ULONG FAR *) { return ST_NS; } \
    STDMETHODIMP Poll(ULONG FAR *) { return S_OK; } \
    STDMETHODIMP StartMessage(ULONG, LPMESSAGE, ULONG_PTR FAR *) { return ST_NS; } \
    STDMETHODIMP ValidateState(ULONG_PTR, ULONG) { return S_OK; } \
    STDMETHODIMP FlushQueues(ULONG_PTR, ULONG, LPENTRYID, ULONG) { return S_OK; }

/* IMSLogon minus Logoff, OpenEntry, OpenStatusEntry */
#define ST_IMSLOGON_REST \
    STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR *) { return ST_NS; } \
    STDMETHODIMP CompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG FAR *) { return ST_NS; } \
    STDMETHODIMP Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR *) { return ST_NS; } \
    STDMETHODIMP Unadvise(ULONG_PTR) { return ST_NS; }

/* IMsgStore minus StoreLogoff */
#define ST_IMSGSTORE_REST \
    STDMETHODIMP Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR *) { return ST_NS; } \
    STDMETHODIMP Unadvise(ULONG_PTR) { return ST_NS; } \
    STDMETHODIMP CompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG FAR *) { return ST_NS; } \
    STDMETHODIMP OpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR *, LPUNKNOWN FAR *) { return ST_NS; } \
    STDMETHODIMP SetReceiveFolder(LPTSTR, ULONG, ULONG, LPENTRYID) { return ST_NS; } \
    STDMETHODIMP GetReceiveFolder(LPTSTR, ULONG, ULONG FAR *, LPENTRYID FAR *, LPTSTR FAR *) { return ST_NS; } \
    STDMETHODIMP GetReceiveFolderTable(ULONG, LPMAPITABLE FAR *) { return ST_NS; } \
    STDMETHODIMP AbortSubmit(ULONG, LPENTRYID, ULONG) { return ST_NS; } \
    STDMETHODIMP GetOutgoingQueue(ULONG, LPMAPITABLE FAR *) { return ST_NS; } \
    STDMETHODIMP SetLockState(LPMESSAGE, ULONG) { return ST_NS; } \
    STDMETHODIMP FinishedMsg(ULONG, ULONG, LPENTRYID) { return ST_NS; } \
    STDMETHODIMP NotifyNewMail(LPNOTIFICATION) { return ST_NS; }

#define ST_IMSPROVIDER_REST \
    STDMETHODIMP SpoolerLogon(LPMAPISUP, ULONG_PTR, LPTSTR, ULONG, LPENTRYID, ULONG, LPCIID, ULONG, LPBYTE, \
                              LPMAPIERROR FAR *, LPMSLOGON FAR *, LPMDB FAR *) { return ST_NS; } \
    STDMETHODIMP CompareStoreIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG FAR *) { return ST_NS; }

#define ST_QI(iface) \
    STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR *ppv) { \
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_##iface)) { AddRef(); *ppv = this; return S_OK; } \
        *ppv = NULL; return E_NOINTERFACE; }

#else /* C */

/* A generic "not supported" entry for the vtable slots a C self-test does not
 * care about (cast to the slot's type). */
static HRESULT STDMETHODCALLTYPE ST_NotSupported(void) { return MAPI_E_NO_SUPPORT; }
#define ST_SLOT(type) ((type)ST_NotSupported)
/* The same for a slot named by its vtable type and member. */
#define ST_NS_AS(vt, member) ((__typeof__(((vt *)0)->member))ST_NotSupported)

#endif
#endif
