// msfolder.cpp - folder objects of the Contoso Archive store.
//
// A folder is not a message store: its Release gives back the folder's own
// references (tables, the store it was opened from) and has nothing to do with
// the store shutdown protocol.

#include "msstore.h"

CMAPIFolder::CMAPIFolder(CMsgStore * pStore, LPTSTR lpszDisplayName)
    : m_cRef(1),
      m_pStore(pStore),
      m_lpHierarchyTable(NULL),
      m_lpContentsTable(NULL),
      m_lpszDisplayName(NULL)
{
    m_pStore->AddRef();

    ULONG cb = (ULONG) ((lstrlen(lpszDisplayName) + 1) * sizeof(TCHAR));
    if (SUCCEEDED(MAPIAllocateBuffer(cb, (LPVOID FAR *) &m_lpszDisplayName)))
        memcpy(m_lpszDisplayName, lpszDisplayName, cb);
}

CMAPIFolder::~CMAPIFolder()
{
    MAPIFreeBuffer(m_lpszDisplayName);
}

STDMETHODIMP CMAPIFolder::QueryInterface(REFIID riid, LPVOID FAR * ppvObj)
{
    if (ppvObj == NULL)
        return MAPI_E_INVALID_PARAMETER;

    if (riid == IID_IUnknown || riid == IID_IMAPIProp || riid == IID_IMAPIContainer || riid == IID_IMAPIFolder)
    {
        *ppvObj = static_cast<IMAPIFolder *>(this);
        AddRef();
        return S_OK;
    }

    *ppvObj = NULL;
    return MAPI_E_INTERFACE_NOT_SUPPORTED;
}

STDMETHODIMP_(ULONG) CMAPIFolder::AddRef()
{
    return (ULONG) InterlockedIncrement(&m_cRef);
}

STDMETHODIMP_(ULONG) CMAPIFolder::Release()
{
    LONG cRef = InterlockedDecrement(&m_cRef);
    if (cRef != 0)
        return (ULONG) cRef;

    if (m_lpContentsTable)
    {
        m_lpContentsTable->Release();
        m_lpContentsTable = NULL;
    }
    if (m_lpHierarchyTable)
    {
        m_lpHierarchyTable->Release();
        m_lpHierarchyTable = NULL;
    }

    // The store may go away with this: the folder was its last user.
    m_pStore->Release();
    m_pStore = NULL;

    delete this;
    return 0;
}

STDMETHODIMP CMAPIFolder::GetContentsTable(ULONG ulFlags, LPMAPITABLE FAR * lppTable)
{
    if (m_lpContentsTable == NULL)
        return MAPI_E_NO_SUPPORT;  // this sample keeps no messages

    m_lpContentsTable->AddRef();
    *lppTable = m_lpContentsTable;
    return S_OK;
}

STDMETHODIMP CMAPIFolder::GetHierarchyTable(ULONG ulFlags, LPMAPITABLE FAR * lppTable)
{
    if (m_lpHierarchyTable == NULL)
        return MAPI_E_NO_SUPPORT;  // no subfolders either

    m_lpHierarchyTable->AddRef();
    *lppTable = m_lpHierarchyTable;
    return S_OK;
}

// The remaining IMAPIProp, IMAPIContainer and IMAPIFolder methods return
// MAPI_E_NO_SUPPORT and live in msfldstub.cpp (not part of this sample).
