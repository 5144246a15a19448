// msstore.cpp - the Contoso Archive message store object.
//
// Shutdown design: eager. StoreLogoff tells MAPI that the store is going away by
// calling IMAPISupport::StoreLogoffTransports with the caller's flags and records
// that it did; the final Release deletes the store, and the destructor gives the
// support object back last.

#include "msstore.h"

CMsgStore::CMsgStore(LPMAPISUP lpSupport, CMSLogon * pLogon, LPPROPDATA lpPropData)
    : m_cRef(1),
      m_lpSupport(lpSupport),
      m_pLogon(pLogon),
      m_lpPropData(lpPropData),
      m_fTransportsLoggedOff(FALSE)
{
    InitializeCriticalSection(&m_cs);
}

CMsgStore::~CMsgStore()
{
    if (m_lpPropData)
        m_lpPropData->Release();
    DeleteCriticalSection(&m_cs);

    if (m_pLogon) m_pLogon->AttachStore(NULL);   // IMSLogon::Logoff comes after us: keep it off a deleted store
    m_lpSupport->Release();
    m_lpSupport = NULL;
}

STDMETHODIMP CMsgStore::StoreLogoff(ULONG FAR * lpulFlags)
{
    HRESULT    hr;
    SPropValue spvStatus;

    // Show the store as going offline in the status table.
    spvStatus.ulPropTag = PR_STATUS_CODE;
    spvStatus.Value.l   = STATUS_OFFLINE;
    m_lpSupport->ModifyStatusRow(1, &spvStatus, STATUSROW_UPDATE);

    EnterCriticalSection(&m_cs);
    hr = m_lpSupport->StoreLogoffTransports(lpulFlags);
    m_fTransportsLoggedOff = TRUE;  // even on failure: it must not run a second time
    LeaveCriticalSection(&m_cs);

    return hr;
}

STDMETHODIMP CMsgStore::QueryInterface(REFIID riid, LPVOID FAR * ppvObj)
{
    if (ppvObj == NULL)
        return MAPI_E_INVALID_PARAMETER;

    if (riid == IID_IUnknown || riid == IID_IMAPIProp || riid == IID_IMsgStore)
    {
        *ppvObj = static_cast<IMsgStore *>(this);
        AddRef();
        return S_OK;
    }

    *ppvObj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

STDMETHODIMP_(ULONG) CMsgStore::AddRef()
{
    return (ULONG) InterlockedIncrement(&m_cRef);
}

STDMETHODIMP_(ULONG) CMsgStore::Release()
{
    LONG cRef = InterlockedDecrement(&m_cRef);
    if (cRef != 0)
        return (ULONG) cRef;

    delete this;
    return 0;
}

// ---------------------------------------------------------------------------
// IMAPIProp: the store properties live in an IPropData object.

STDMETHODIMP CMsgStore::GetLastError(HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR * lppMAPIError)
{
    return m_lpPropData->GetLastError(hResult, ulFlags, lppMAPIError);
}

STDMETHODIMP CMsgStore::SaveChanges(ULONG ulFlags)
{
    return S_OK;  // store properties are written through
}

STDMETHODIMP CMsgStore::GetProps(LPSPropTagArray lpPropTagArray, ULONG ulFlags, ULONG FAR * lpcValues,
                                 LPSPropValue FAR * lppPropArray)
{
    return m_lpPropData->GetProps(lpPropTagArray, ulFlags, lpcValues, lppPropArray);
}

STDMETHODIMP CMsgStore::GetPropList(ULONG ulFlags, LPSPropTagArray FAR * lppPropTagArray)
{
    return m_lpPropData->GetPropList(ulFlags, lppPropTagArray);
}

STDMETHODIMP CMsgStore::OpenProperty(ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions,
                                     ULONG ulFlags, LPUNKNOWN FAR * lppUnk)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::SetProps(ULONG cValues, LPSPropValue lpPropArray, LPSPropProblemArray FAR * lppProblems)
{
    return m_lpPropData->SetProps(cValues, lpPropArray, lppProblems);
}

STDMETHODIMP CMsgStore::DeleteProps(LPSPropTagArray lpPropTagArray, LPSPropProblemArray FAR * lppProblems)
{
    return MAPI_E_NO_ACCESS;
}

STDMETHODIMP CMsgStore::CopyTo(ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps,
                               ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface,
                               LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray FAR * lppProblems)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::CopyProps(LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress,
                                  LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags,
                                  LPSPropProblemArray FAR * lppProblems)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::GetNamesFromIDs(LPSPropTagArray FAR * lppPropTags, LPGUID lpPropSetGuid, ULONG ulFlags,
                                        ULONG FAR * lpcPropNames, LPMAPINAMEID FAR * FAR * lpppPropNames)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::GetIDsFromNames(ULONG cPropNames, LPMAPINAMEID FAR * lppPropNames, ULONG ulFlags,
                                        LPSPropTagArray FAR * lppPropTags)
{
    return MAPI_E_NO_SUPPORT;
}

// ---------------------------------------------------------------------------
// IMsgStore methods that do not take part in shutdown.

STDMETHODIMP CMsgStore::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                               LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection)
{
    // Notifications go through the support object's subscription machinery.
    NOTIFKEY key = { sizeof(ULONG), { 0 } };
    return m_lpSupport->Subscribe(&key, ulEventMask, 0, lpAdviseSink, lpulConnection);
}

STDMETHODIMP CMsgStore::Unadvise(ULONG_PTR ulConnection)
{
    return m_lpSupport->Unsubscribe(ulConnection);
}

STDMETHODIMP CMsgStore::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                        LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR * lpulResult)
{
    *lpulResult = (cbEntryID1 == cbEntryID2 && memcmp(lpEntryID1, lpEntryID2, cbEntryID1) == 0);
    return S_OK;
}

STDMETHODIMP CMsgStore::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                                  ULONG ulFlags, ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk)
{
    // Only the root folder is reachable in this sample.
    CMAPIFolder * pFolder = new CMAPIFolder(this, (LPTSTR) TEXT("Archive"));
    if (pFolder == NULL)
        return MAPI_E_NOT_ENOUGH_MEMORY;

    *lpulObjType = MAPI_FOLDER;
    *lppUnk = (LPUNKNOWN) pFolder;
    return S_OK;
}

STDMETHODIMP CMsgStore::SetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID,
                                         LPENTRYID lpEntryID)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::GetReceiveFolder(LPTSTR lpszMessageClass, ULONG ulFlags, ULONG FAR * lpcbEntryID,
                                         LPENTRYID FAR * lppEntryID, LPTSTR FAR * lppszExplicitClass)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::GetReceiveFolderTable(ULONG ulFlags, LPMAPITABLE FAR * lppTable)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::AbortSubmit(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::GetOutgoingQueue(ULONG ulFlags, LPMAPITABLE FAR * lppTable)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::SetLockState(LPMESSAGE lpMessage, ULONG ulLockState)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::FinishedMsg(ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMsgStore::NotifyNewMail(LPNOTIFICATION lpNotification)
{
    return MAPI_E_NO_SUPPORT;
}
