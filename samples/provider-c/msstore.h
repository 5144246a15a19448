/*
 * msstore.h - the Fabrikam Offline message store, written in C.
 *
 * The store object is a struct whose first member points at an explicit vtable
 * of IMsgStore entries. The store holds one reference on the support object
 * (psup) from HrNewIMS until its last IMS_Release.
 */

#ifndef FABRIKAM_MSSTORE_H
#define FABRIKAM_MSSTORE_H

#include <windows.h>
#include <mapidefs.h>
#include <mapicode.h>
#include <mapitags.h>
#include <mapiutil.h>
#include <mapispi.h>

typedef struct _IMS FAR * PIMS;

typedef struct _IMS_Vtbl
{
    /* IUnknown */
    HRESULT (STDMETHODCALLTYPE FAR * QueryInterface)(PIMS pims, REFIID riid, LPVOID FAR * ppvObj);
    ULONG   (STDMETHODCALLTYPE FAR * AddRef)(PIMS pims);
    ULONG   (STDMETHODCALLTYPE FAR * Release)(PIMS pims);

    /* IMAPIProp */
    HRESULT (STDMETHODCALLTYPE FAR * GetLastError)(PIMS pims, HRESULT hResult, ULONG ulFlags,
                                                   LPMAPIERROR FAR * lppMAPIError);
    HRESULT (STDMETHODCALLTYPE FAR * SaveChanges)(PIMS pims, ULONG ulFlags);
    HRESULT (STDMETHODCALLTYPE FAR * GetProps)(PIMS pims, LPSPropTagArray lpPropTagArray, ULONG ulFlags,
                                               ULONG FAR * lpcValues, LPSPropValue FAR * lppPropArray);
    HRESULT (STDMETHODCALLTYPE FAR * GetPropList)(PIMS pims, ULONG ulFlags, LPSPropTagArray FAR * lppPropTagArray);
    HRESULT (STDMETHODCALLTYPE FAR * OpenProperty)(PIMS pims, ULONG ulPropTag, LPCIID lpiid,
                                                   ULONG ulInterfaceOptions, ULONG ulFlags,
                                                   LPUNKNOWN FAR * lppUnk);
    HRESULT (STDMETHODCALLTYPE FAR * SetProps)(PIMS pims, ULONG cValues, LPSPropValue lpPropArray,
                                               LPSPropProblemArray FAR * lppProblems);
    HRESULT (STDMETHODCALLTYPE FAR * DeleteProps)(PIMS pims, LPSPropTagArray lpPropTagArray,
                                                  LPSPropProblemArray FAR * lppProblems);
    HRESULT (STDMETHODCALLTYPE FAR * CopyTo)(PIMS pims, ULONG ciidExclude, LPCIID rgiidExclude,
                                             LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam,
                                             LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                                             ULONG ulFlags, LPSPropProblemArray FAR * lppProblems);
    HRESULT (STDMETHODCALLTYPE FAR * CopyProps)(PIMS pims, LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam,
                                                LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                                                ULONG ulFlags, LPSPropProblemArray FAR * lppProblems);
    HRESULT (STDMETHODCALLTYPE FAR * GetNamesFromIDs)(PIMS pims, LPSPropTagArray FAR * lppPropTags,
                                                      LPGUID lpPropSetGuid, ULONG ulFlags,
                                                      ULONG FAR * lpcPropNames,
                                                      LPMAPINAMEID FAR * FAR * lpppPropNames);
    HRESULT (STDMETHODCALLTYPE FAR * GetIDsFromNames)(PIMS pims, ULONG cPropNames, LPMAPINAMEID FAR * lppPropNames,
                                                      ULONG ulFlags, LPSPropTagArray FAR * lppPropTags);

    /* IMsgStore */
    HRESULT (STDMETHODCALLTYPE FAR * Advise)(PIMS pims, ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                                             LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection);
    HRESULT (STDMETHODCALLTYPE FAR * Unadvise)(PIMS pims, ULONG_PTR ulConnection);
    HRESULT (STDMETHODCALLTYPE FAR * CompareEntryIDs)(PIMS pims, ULONG cbEntryID1, LPENTRYID lpEntryID1,
                                                      ULONG cbEntryID2, LPENTRYID lpEntryID2, ULONG ulFlags,
                                                      ULONG FAR * lpulResult);
    HRESULT (STDMETHODCALLTYPE FAR * OpenEntry)(PIMS pims, ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                                ULONG ulFlags, ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk);
    HRESULT (STDMETHODCALLTYPE FAR * SetReceiveFolder)(PIMS pims, LPTSTR lpszMessageClass, ULONG ulFlags,
                                                       ULONG cbEntryID, LPENTRYID lpEntryID);
    HRESULT (STDMETHODCALLTYPE FAR * GetReceiveFolder)(PIMS pims, LPTSTR lpszMessageClass, ULONG ulFlags,
                                                       ULONG FAR * lpcbEntryID, LPENTRYID FAR * lppEntryID,
                                                       LPTSTR FAR * lppszExplicitClass);
    HRESULT (STDMETHODCALLTYPE FAR * GetReceiveFolderTable)(PIMS pims, ULONG ulFlags, LPMAPITABLE FAR * lppTable);
    HRESULT (STDMETHODCALLTYPE FAR * StoreLogoff)(PIMS pims, ULONG FAR * lpulFlags);
    HRESULT (STDMETHODCALLTYPE FAR * AbortSubmit)(PIMS pims, ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags);
    HRESULT (STDMETHODCALLTYPE FAR * GetOutgoingQueue)(PIMS pims, ULONG ulFlags, LPMAPITABLE FAR * lppTable);
    HRESULT (STDMETHODCALLTYPE FAR * SetLockState)(PIMS pims, LPMESSAGE lpMessage, ULONG ulLockState);
    HRESULT (STDMETHODCALLTYPE FAR * FinishedMsg)(PIMS pims, ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID);
    HRESULT (STDMETHODCALLTYPE FAR * NotifyNewMail)(PIMS pims, LPNOTIFICATION lpNotification);
} IMS_Vtbl;

typedef struct _IMS
{
    const IMS_Vtbl FAR * lpVtbl;
    LONG                 cRef;
    CRITICAL_SECTION     cs;
    LPMAPISUP            psup;            /* one reference, taken in HrNewIMS */
    LPPROPDATA           lppd;            /* store properties */
    ULONG                ulLogoffFlags;   /* LOGOFF_ABORT until StoreLogoff saves the caller's flags */
    LPFREEBUFFER         lpfnFree;
} IMS;

HRESULT HrNewIMS(LPMAPISUP psup, LPPROPDATA lppd, LPALLOCATEBUFFER lpfnAlloc, LPFREEBUFFER lpfnFree,
                 PIMS FAR * ppims);

STDMETHODIMP         IMS_QueryInterface(PIMS pims, REFIID riid, LPVOID FAR * ppvObj);
STDMETHODIMP_(ULONG) IMS_AddRef(PIMS pims);
STDMETHODIMP_(ULONG) IMS_Release(PIMS pims);
STDMETHODIMP         IMS_StoreLogoff(PIMS pims, ULONG FAR * lpulFlags);

/* The IMAPIProp entries forward to pims->lppd; they and the IMsgStore methods
 * that do not take part in shutdown live in msprops.c (not part of this sample). */
STDMETHODIMP IMS_GetLastError(PIMS pims, HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR * lppMAPIError);
STDMETHODIMP IMS_SaveChanges(PIMS pims, ULONG ulFlags);
STDMETHODIMP IMS_GetProps(PIMS pims, LPSPropTagArray lpPropTagArray, ULONG ulFlags, ULONG FAR * lpcValues,
                          LPSPropValue FAR * lppPropArray);
STDMETHODIMP IMS_GetPropList(PIMS pims, ULONG ulFlags, LPSPropTagArray FAR * lppPropTagArray);
STDMETHODIMP IMS_OpenProperty(PIMS pims, ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions, ULONG ulFlags,
                              LPUNKNOWN FAR * lppUnk);
STDMETHODIMP IMS_SetProps(PIMS pims, ULONG cValues, LPSPropValue lpPropArray, LPSPropProblemArray FAR * lppProblems);
STDMETHODIMP IMS_DeleteProps(PIMS pims, LPSPropTagArray lpPropTagArray, LPSPropProblemArray FAR * lppProblems);
STDMETHODIMP IMS_CopyTo(PIMS pims, ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                        ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj,
                        ULONG ulFlags, LPSPropProblemArray FAR * lppProblems);
STDMETHODIMP IMS_CopyProps(PIMS pims, LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                           LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray FAR * lppProblems);
STDMETHODIMP IMS_GetNamesFromIDs(PIMS pims, LPSPropTagArray FAR * lppPropTags, LPGUID lpPropSetGuid, ULONG ulFlags,
                                 ULONG FAR * lpcPropNames, LPMAPINAMEID FAR * FAR * lpppPropNames);
STDMETHODIMP IMS_GetIDsFromNames(PIMS pims, ULONG cPropNames, LPMAPINAMEID FAR * lppPropNames, ULONG ulFlags,
                                 LPSPropTagArray FAR * lppPropTags);
STDMETHODIMP IMS_Advise(PIMS pims, ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                        LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection);
STDMETHODIMP IMS_Unadvise(PIMS pims, ULONG_PTR ulConnection);
STDMETHODIMP IMS_CompareEntryIDs(PIMS pims, ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                 LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR * lpulResult);
STDMETHODIMP IMS_OpenEntry(PIMS pims, ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags,
                           ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk);
STDMETHODIMP IMS_SetReceiveFolder(PIMS pims, LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID,
                                  LPENTRYID lpEntryID);
STDMETHODIMP IMS_GetReceiveFolder(PIMS pims, LPTSTR lpszMessageClass, ULONG ulFlags, ULONG FAR * lpcbEntryID,
                                  LPENTRYID FAR * lppEntryID, LPTSTR FAR * lppszExplicitClass);
STDMETHODIMP IMS_GetReceiveFolderTable(PIMS pims, ULONG ulFlags, LPMAPITABLE FAR * lppTable);
STDMETHODIMP IMS_AbortSubmit(PIMS pims, ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags);
STDMETHODIMP IMS_GetOutgoingQueue(PIMS pims, ULONG ulFlags, LPMAPITABLE FAR * lppTable);
STDMETHODIMP IMS_SetLockState(PIMS pims, LPMESSAGE lpMessage, ULONG ulLockState);
STDMETHODIMP IMS_FinishedMsg(PIMS pims, ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID);
STDMETHODIMP IMS_NotifyNewMail(PIMS pims, LPNOTIFICATION lpNotification);

#endif /* FABRIKAM_MSSTORE_H */
