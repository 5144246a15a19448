// msstore.h - declarations for the Contoso Archive message store provider.
//
// The store, folder and logon objects of a small PST-like store. The store keeps
// one reference on the IMAPISupport object that MAPI handed to IMSProvider::Logon
// and gives it back in its destructor, reached from the final Release.

#pragma once

#include <windows.h>
#include <mapidefs.h>
#include <mapicode.h>
#include <mapitags.h>
#include <mapiutil.h>
#include <mapispi.h>

class CMsgStore;
class CMSLogon;

// ---------------------------------------------------------------------------
// The message store object handed to MAPI through IMSProvider::Logon.
class CMsgStore : public IMsgStore
{
public:
    CMsgStore(LPMAPISUP lpSupport, CMSLogon * pLogon, LPPROPDATA lpPropData);

    // IUnknown
    STDMETHOD(QueryInterface)(THIS_ REFIID riid, LPVOID FAR * ppvObj);
    STDMETHOD_(ULONG, AddRef)(THIS);
    STDMETHOD_(ULONG, Release)(THIS);

    // IMAPIProp, forwarded to the IPropData object that holds the store properties
    MAPI_IMAPIPROP_METHODS(IMPL)

    // IMsgStore
    MAPIMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask,
                       LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR * lpulConnection);
    MAPIMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection);
    MAPIMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2,
                                LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR * lpulResult);
    MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface,
                          ULONG ulFlags, ULONG FAR * lpulObjType, LPUNKNOWN FAR * lppUnk);
    MAPIMETHOD(SetReceiveFolder)(THIS_ LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID,
                                 LPENTRYID lpEntryID);
    MAPIMETHOD(GetReceiveFolder)(THIS_ LPTSTR lpszMessageClass, ULONG ulFlags, ULONG FAR * lpcbEntryID,
                                 LPENTRYID FAR * lppEntryID, LPTSTR FAR * lppszExplicitClass);
    MAPIMETHOD(GetReceiveFolderTable)(THIS_ ULONG ulFlags, LPMAPITABLE FAR * lppTable);
    MAPIMETHOD(StoreLogoff)(THIS_ ULONG FAR * lpulFlags);
    MAPIMETHOD(AbortSubmit)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags);
    MAPIMETHOD(GetOutgoingQueue)(THIS_ ULONG ulFlags, LPMAPITABLE FAR * lppTable);
    MAPIMETHOD(SetLockState)(THIS_ LPMESSAGE lpMessage, ULONG ulLockState);
    MAPIMETHOD(FinishedMsg)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID);
    MAPIMETHOD(NotifyNewMail)(THIS_ LPNOTIFICATION lpNotification);

    // Called by CMSLogon::Logoff: MAPI is done with the store, forget the logon object.
    void DetachLogon() { m_pLogon = NULL; }

private:
    ~CMsgStore();

    LONG             m_cRef;
    CRITICAL_SECTION m_cs;
    LPMAPISUP        m_lpSupport;             // AddRef'd by CMSProvider::Logon, released by ~CMsgStore
    CMSLogon *       m_pLogon;                // not AddRef'd: the logon object outlives the store
    LPPROPDATA       m_lpPropData;            // store properties (PR_DISPLAY_NAME, PR_STORE_SUPPORT_MASK, ...)
    BOOL             m_fTransportsLoggedOff;  // StoreLogoffTransports has been called (it must run once)
};

// ---------------------------------------------------------------------------
// A folder. It holds a reference on its store and on its two tables.
class CMAPIFolder : public IMAPIFolder
{
public:
    CMAPIFolder(CMsgStore * pStore, LPTSTR lpszDisplayName);

    STDMETHOD(QueryInterface)(THIS_ REFIID riid, LPVOID FAR * ppvObj);
    STDMETHOD_(ULONG, AddRef)(THIS);
    STDMETHOD_(ULONG, Release)(THIS);
    MAPI_IMAPIPROP_METHODS(IMPL)
    MAPI_IMAPICONTAINER_METHODS(IMPL)
    MAPI_IMAPIFOLDER_METHODS(IMPL)

private:
    ~CMAPIFolder();

    LONG         m_cRef;
    CMsgStore *  m_pStore;            // AddRef'd in the constructor
    LPMAPITABLE  m_lpHierarchyTable;  // created on first GetHierarchyTable
    LPMAPITABLE  m_lpContentsTable;   // created on first GetContentsTable
    LPTSTR       m_lpszDisplayName;   // MAPIAllocateBuffer'd copy
};

// ---------------------------------------------------------------------------
// The logon object MAPI uses to manage the store session.
class CMSLogon : public IMSLogon
{
public:
    CMSLogon();

    STDMETHOD(QueryInterface)(THIS_ REFIID riid, LPVOID FAR * ppvObj);
    STDMETHOD_(ULONG, AddRef)(THIS);
    STDMETHOD_(ULONG, Release)(THIS);
    MAPI_IMSLOGON_METHODS(IMPL)

    void AttachStore(CMsgStore * pStore) { m_pStore = pStore; }

private:
    ~CMSLogon() {}

    LONG         m_cRef;
    CMsgStore *  m_pStore;            // not AddRef'd; cleared by Logoff
};

// ---------------------------------------------------------------------------
// The provider object returned by MSProviderInit.
class CMSProvider : public IMSProvider
{
public:
    CMSProvider() : m_cRef(1) {}

    STDMETHOD(QueryInterface)(THIS_ REFIID riid, LPVOID FAR * ppvObj);
    STDMETHOD_(ULONG, AddRef)(THIS);
    STDMETHOD_(ULONG, Release)(THIS);
    MAPI_IMSPROVIDER_METHODS(IMPL)

private:
    LONG m_cRef;
};
