/*
 * msstore.c - the Fabrikam Offline message store object (C, explicit vtable).
 *
 * Shutdown design: deferred. IMS_StoreLogoff only saves the caller's flags in
 * pims->ulLogoffFlags, which starts out as LOGOFF_ABORT; the last IMS_Release
 * calls IMAPISupport::StoreLogoffTransports once with whatever is saved there,
 * then gives the support object back.
 */

#include "msstore.h"

static const IMS_Vtbl vtblIMS =
{
    IMS_QueryInterface,
    IMS_AddRef,
    IMS_Release,
    IMS_GetLastError,
    IMS_SaveChanges,
    IMS_GetProps,
    IMS_GetPropList,
    IMS_OpenProperty,
    IMS_SetProps,
    IMS_DeleteProps,
    IMS_CopyTo,
    IMS_CopyProps,
    IMS_GetNamesFromIDs,
    IMS_GetIDsFromNames,
    IMS_Advise,
    IMS_Unadvise,
    IMS_CompareEntryIDs,
    IMS_OpenEntry,
    IMS_SetReceiveFolder,
    IMS_GetReceiveFolder,
    IMS_GetReceiveFolderTable,
    IMS_StoreLogoff,
    IMS_AbortSubmit,
    IMS_GetOutgoingQueue,
    IMS_SetLockState,
    IMS_FinishedMsg,
    IMS_NotifyNewMail
};

/* Called from the provider's IMSProvider::Logon. */
HRESULT HrNewIMS(LPMAPISUP psup, LPPROPDATA lppd, LPALLOCATEBUFFER lpfnAlloc, LPFREEBUFFER lpfnFree,
                 PIMS FAR * ppims)
{
    PIMS    pims = NULL;
    HRESULT hr;

    hr = lpfnAlloc(sizeof(IMS), (LPVOID FAR *) &pims);
    if (FAILED(hr))
        return hr;

    memset(pims, 0, sizeof(IMS));
    pims->lpVtbl        = &vtblIMS;
    pims->cRef          = 1;
    pims->ulLogoffFlags = LOGOFF_ABORT;
    pims->lpfnFree      = lpfnFree;
    InitializeCriticalSection(&pims->cs);

    UlAddRef(psup);
    pims->psup = psup;
    UlAddRef(lppd);
    pims->lppd = lppd;

    *ppims = pims;
    return hrSuccess;
}

STDMETHODIMP IMS_QueryInterface(PIMS pims, REFIID riid, LPVOID FAR * ppvObj)
{
    if (IsEqualIID(riid, &IID_IUnknown) || IsEqualIID(riid, &IID_IMAPIProp) || IsEqualIID(riid, &IID_IMsgStore))
    {
        EnterCriticalSection(&pims->cs);
        ++pims->cRef;
        LeaveCriticalSection(&pims->cs);
        *ppvObj = pims;
        return hrSuccess;
    }

    *ppvObj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

STDMETHODIMP_(ULONG) IMS_AddRef(PIMS pims)
{
    LONG cRef;

    EnterCriticalSection(&pims->cs);
    cRef = ++pims->cRef;
    LeaveCriticalSection(&pims->cs);
    return (ULONG) cRef;
}

STDMETHODIMP_(ULONG) IMS_Release(PIMS pims)
{
    LONG cRef;

    EnterCriticalSection(&pims->cs);
    cRef = --pims->cRef;
    LeaveCriticalSection(&pims->cs);

    if (cRef == 0)
    {
        /* Still LOGOFF_ABORT here when the client never called StoreLogoff. */
        pims->psup->lpVtbl->StoreLogoffTransports(pims->psup, &pims->ulLogoffFlags);

        UlRelease(pims->lppd);
        pims->lppd = NULL;
    }

    UlRelease(pims->psup);

    if (cRef == 0)
    {
        DeleteCriticalSection(&pims->cs);
        pims->lpVtbl = NULL;
        pims->lpfnFree(pims);
    }
    return (ULONG) cRef;
}

STDMETHODIMP IMS_StoreLogoff(PIMS pims, ULONG FAR * lpulFlags)
{
    /* Transports are logged off by the last IMS_Release, with these flags. */
    EnterCriticalSection(&pims->cs);
    pims->ulLogoffFlags = *lpulFlags;
    LeaveCriticalSection(&pims->cs);

    return hrSuccess;
}
