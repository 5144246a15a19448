/* Built with samples/provider-c/ by the executed samples test (not part of the
 * sample). The C sample is a store object without its provider: its header
 * says HrNewIMS is "called from the provider's IMSProvider::Logon" and that the
 * IMAPIProp entries and the IMsgStore methods that take no part in shutdown
 * "live in msprops.c"; neither is in the sample. This file stands in for both:
 *  - FixtureLogon, the runner's default entry point, does what that Logon does
 *    for the store: a property object from CreateIProp, then HrNewIMS with the
 *    support object and MAPI's memory routines;
 *  - the other vtable entries return MAPI_E_NO_SUPPORT (no scenario calls
 *    them; the vtable needs them to link). */
#include "msstore.h"

HRESULT FixtureLogon(LPMAPISUP psup, LPMDB FAR *ppmdb)
{
    LPPROPDATA lppd = NULL;
    PIMS pims = NULL;
    HRESULT hr;

    hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, NULL, &lppd);
    if (FAILED(hr))
        return hr;
    hr = HrNewIMS(psup, lppd, MAPIAllocateBuffer, MAPIFreeBuffer, &pims);
    UlRelease(lppd); /* HrNewIMS took its own reference */
    if (FAILED(hr))
        return hr;
    *ppmdb = (LPMDB) pims;
    return hrSuccess;
}

/* msprops.c: IMAPIProp */
STDMETHODIMP IMS_GetLastError(PIMS pims, HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR *lppMAPIError)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_SaveChanges(PIMS pims, ULONG ulFlags)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_GetProps(PIMS pims, LPSPropTagArray lpPropTagArray, ULONG ulFlags, ULONG FAR *lpcValues,
                          LPSPropValue FAR *lppPropArray)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_GetPropList(PIMS pims, ULONG ulFlags, LPSPropTagArray FAR *lppPropTagArray)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_OpenProperty(PIMS pims, ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions, ULONG ulFlags,
                              LPUNKNOWN FAR *lppUnk)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_SetProps(PIMS pims, ULONG cValues, LPSPropValue lpPropArray, LPSPropProblemArray FAR *lppProblems)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_DeleteProps(PIMS pims, LPSPropTagArray lpPropTagArray, LPSPropProblemArray FAR *lppProblems)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_CopyTo(PIMS pims, ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                        ULONG ulFlags, LPSPropProblemArray FAR *lppProblems)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_CopyProps(PIMS pims, LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                           LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray FAR *lppProblems)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_GetNamesFromIDs(PIMS pims, LPSPropTagArray FAR *lppPropTags, LPGUID lpPropSetGuid, ULONG ulFlags,
                                 ULONG FAR *lpcPropNames, LPMAPINAMEID FAR *FAR *lpppPropNames)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_GetIDsFromNames(PIMS pims, ULONG cPropNames, LPMAPINAMEID FAR *lppPropNames, ULONG ulFlags,
                                 LPSPropTagArray FAR *lppPropTags)
{ return MAPI_E_NO_SUPPORT; }

/* msprops.c: the IMsgStore methods outside shutdown */
STDMETHODIMP IMS_Advise(PIMS pims, ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                        LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR *lpulConnection)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_Unadvise(PIMS pims, ULONG_PTR ulConnection)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_CompareEntryIDs(PIMS pims, ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                 LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR *lpulResult)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_OpenEntry(PIMS pims, ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags,
                           ULONG FAR *lpulObjType, LPUNKNOWN FAR *lppUnk)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_SetReceiveFolder(PIMS pims, LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID,
                                  LPENTRYID lpEntryID)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_GetReceiveFolder(PIMS pims, LPTSTR lpszMessageClass, ULONG ulFlags, ULONG FAR *lpcbEntryID,
                                  LPENTRYID FAR *lppEntryID, LPTSTR FAR *lppszExplicitClass)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_GetReceiveFolderTable(PIMS pims, ULONG ulFlags, LPMAPITABLE FAR *lppTable)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_AbortSubmit(PIMS pims, ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_GetOutgoingQueue(PIMS pims, ULONG ulFlags, LPMAPITABLE FAR *lppTable)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_SetLockState(PIMS pims, LPMESSAGE lpMessage, ULONG ulLockState)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_FinishedMsg(PIMS pims, ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID)
{ return MAPI_E_NO_SUPPORT; }
STDMETHODIMP IMS_NotifyNewMail(PIMS pims, LPNOTIFICATION lpNotification)
{ return MAPI_E_NO_SUPPORT; }
