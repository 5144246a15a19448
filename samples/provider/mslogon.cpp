// mslogon.cpp - provider entry point, IMSProvider and IMSLogon for the Contoso Archive store.

#include "msstore.h"

// {3A6B1C40-7E0D-4C52-9A31-0B5F6E2D8C17}
static const MAPIUID g_uidProvider =
    { { 0x3a, 0x6b, 0x1c, 0x40, 0x7e, 0x0d, 0x4c, 0x52, 0x9a, 0x31, 0x0b, 0x5f, 0x6e, 0x2d, 0x8c, 0x17 } };

// ---------------------------------------------------------------------------
// Entry point MAPI looks up in the provider DLL.

extern "C" HRESULT STDMAPIINITCALLTYPE MSProviderInit(
    HINSTANCE hInstance, LPMALLOC lpMalloc, LPALLOCATEBUFFER lpAllocateBuffer,
    LPALLOCATEMORE lpAllocateMore, LPFREEBUFFER lpFreeBuffer, ULONG ulFlags,
    ULONG ulMAPIVer, ULONG FAR * lpulProviderVer, LPMSPROVIDER FAR * lppMSProvider)
{
    if (ulMAPIVer < CURRENT_SPI_VERSION)
        return MAPI_E_VERSION;

    CMSProvider * pProvider = new CMSProvider();
    if (pProvider == NULL)
        return MAPI_E_NOT_ENOUGH_MEMORY;

    *lpulProviderVer = CURRENT_SPI_VERSION;
    *lppMSProvider = pProvider;
    return S_OK;
}

// ---------------------------------------------------------------------------
// IMSProvider

STDMETHODIMP CMSProvider::QueryInterface(REFIID riid, LPVOID FAR * ppvObj)
{
    if (riid == IID_IUnknown || riid == IID_IMSProvider)
    {
        *ppvObj = static_cast<IMSProvider *>(this);
        AddRef();
        return S_OK;
    }
    *ppvObj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

STDMETHODIMP_(ULONG) CMSProvider::AddRef()
{
    return (ULONG) InterlockedIncrement(&m_cRef);
}

STDMETHODIMP_(ULONG) CMSProvider::Release()
{
    LONG cRef = InterlockedDecrement(&m_cRef);
    if (cRef == 0)
        delete this;
    return (ULONG) cRef;
}

STDMETHODIMP CMSProvider::Shutdown(ULONG FAR * lpulFlags)
{
    return S_OK;
}

STDMETHODIMP CMSProvider::Logon(LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
                                ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface,
                                ULONG FAR * lpcbSpoolSecurity, LPBYTE FAR * lppbSpoolSecurity,
                                LPMAPIERROR FAR * lppMAPIError, LPMSLOGON FAR * lppMSLogon,
                                LPMDB FAR * lppMDB)
{
    HRESULT     hr;
    LPPROPDATA  lpPropData = NULL;
    CMSLogon *  pLogon = NULL;
    CMsgStore * pStore = NULL;

    *lpcbSpoolSecurity = 0;
    *lppbSpoolSecurity = NULL;
    *lppMAPIError = NULL;

    hr = lpMAPISup->SetProviderUID((LPMAPIUID) &g_uidProvider, 0);
    if (FAILED(hr))
        return hr;

    hr = CreateIProp(&IID_IMAPIPropData, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer,
                     NULL, &lpPropData);
    if (FAILED(hr))
        return hr;

    pLogon = new CMSLogon();
    if (pLogon == NULL)
    {
        lpPropData->Release();
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }

    // The store keeps this reference until its destructor.
    lpMAPISup->AddRef();
    pStore = new CMsgStore(lpMAPISup, pLogon, lpPropData);
    if (pStore == NULL)
    {
        lpMAPISup->Release();
        lpPropData->Release();
        pLogon->Release();
        return MAPI_E_NOT_ENOUGH_MEMORY;
    }
    pLogon->AttachStore(pStore);

    *lppMSLogon = pLogon;
    *lppMDB = pStore;
    return S_OK;
}

STDMETHODIMP CMSProvider::SpoolerLogon(LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName,
                                       ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface,
                                       ULONG cbSpoolSecurity, LPBYTE lpbSpoolSecurity,
                                       LPMAPIERROR FAR * lppMAPIError, LPMSLOGON FAR * lppMSLogon,
                                       LPMDB FAR * lppMDB)
{
    // The spooler sees the same store as the client.
    ULONG  cb = 0;
    LPBYTE pb = NULL;
    return Logon(lpMAPISup, ulUIParam, lpszProfileName, cbEntryID, lpEntryID, ulFlags, lpInterface,
                 &cb, &pb, lppMAPIError, lppMSLogon, lppMDB);
}

STDMETHODIMP CMSProvider::CompareStoreIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                          LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR * lpulResult)
{
    *lpulResult = (cbEntryID1 == cbEntryID2 && memcmp(lpEntryID1, lpEntryID2, cbEntryID1) == 0);
    return S_OK;
}

// ---------------------------------------------------------------------------
// IMSLogon. MAPI calls Logoff after the store gave back the support object.

CMSLogon::CMSLogon() : m_cRef(1), m_pStore(NULL)
{
}

STDMETHODIMP CMSLogon::QueryInterface(REFIID riid, LPVOID FAR * ppvObj)
{
    if (riid == IID_IUnknown || riid == IID_IMSLogon)
    {
        *ppvObj = static_cast<IMSLogon *>(this);
        AddRef();
        return S_OK;
    }
    *ppvObj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

STDMETHODIMP_(ULONG) CMSLogon::AddRef()
{
    return (ULONG) InterlockedIncrement(&m_cRef);
}

STDMETHODIMP_(ULONG) CMSLogon::Release()
{
    LONG cRef = InterlockedDecrement(&m_cRef);
    if (cRef == 0)
        delete this;
    return (ULONG) cRef;
}

STDMETHODIMP CMSLogon::Logoff(ULONG FAR * lpulFlags)
{
    // Everything opened through this logon is already closed; only forget the store.
    if (m_pStore)
    {
        m_pStore->DetachLogon();
        m_pStore = NULL;
    }
    return S_OK;
}

STDMETHODIMP CMSLogon::GetLastError(HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR * lppMAPIError)
{
    *lppMAPIError = NULL;
    return S_OK;
}

STDMETHODIMP CMSLogon::OpenEntry(ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags,
                                 ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMSLogon::CompareEntryIDs(ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                       LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR * lpulResult)
{
    *lpulResult = (cbEntryID1 == cbEntryID2 && memcmp(lpEntryID1, lpEntryID2, cbEntryID1) == 0);
    return S_OK;
}

STDMETHODIMP CMSLogon::Advise(ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                              LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMSLogon::Unadvise(ULONG_PTR ulConnection)
{
    return MAPI_E_NO_SUPPORT;
}

STDMETHODIMP CMSLogon::OpenStatusEntry(LPCIID lpInterface, ULONG ulFlags, ULONG FAR * lpulObjType,
                                       LPVOID FAR * lppEntry)
{
    return MAPI_E_NO_SUPPORT;
}
