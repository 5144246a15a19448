/* Stand-in for <mapispi.h>: IMAPISupport reduced to IUnknown plus five
 * methods (seven with MAPI_LINT_FULL_INTERFACES: Subscribe and SetProviderUID,
 * which the bundled samples call), kept in the same relative order as the real
 * interface; IMSProvider and IMSLogon (C++ only), MSProviderInit's type. */
#ifndef MAPI_LINT_STANDIN_MAPISPI_H
#define MAPI_LINT_STANDIN_MAPISPI_H

#include <mapidefs.h>

#define NOTIFY_BEGIN_INBOUND ((ULONG)0x00000001)
#define NOTIFY_END_INBOUND ((ULONG)0x00000002)
#define NOTIFY_BEGIN_OUTBOUND ((ULONG)0x00000004)
#define NOTIFY_END_OUTBOUND ((ULONG)0x00000008)
#define NOTIFY_READYTOSEND ((ULONG)0x00000010)

#ifdef __cplusplus
struct IMAPISupport : public IUnknown {
    MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPVOID FAR *lppMAPIError) PURE;
#ifdef MAPI_LINT_FULL_INTERFACES
    MAPIMETHOD(Subscribe)(THIS_ LPNOTIFKEY lpKey, ULONG ulEventMask, ULONG ulFlags, LPMAPIADVISESINK lpAdviseSink,
                          ULONG_PTR FAR *lpulConnection) PURE;
#endif
    MAPIMETHOD(Unsubscribe)(THIS_ ULONG ulConnection) PURE;
    MAPIMETHOD(ModifyStatusRow)(THIS_ ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags) PURE;
    MAPIMETHOD(SpoolerNotify)(THIS_ ULONG ulFlags, LPVOID lpvData) PURE;
#ifdef MAPI_LINT_FULL_INTERFACES
    MAPIMETHOD(SetProviderUID)(THIS_ LPMAPIUID lpProviderID, ULONG ulFlags) PURE;
#endif
    MAPIMETHOD(StoreLogoffTransports)(THIS_ ULONG FAR *lpulFlags) PURE;
};
#else
typedef struct IMAPISupport IMAPISupport;
typedef struct IMAPISupportVtbl {
    HRESULT (STDMETHODCALLTYPE FAR *QueryInterface)(IMAPISupport FAR *This, REFIID riid, LPVOID FAR *ppvObj);
    ULONG (STDMETHODCALLTYPE FAR *AddRef)(IMAPISupport FAR *This);
    ULONG (STDMETHODCALLTYPE FAR *Release)(IMAPISupport FAR *This);
    HRESULT (STDMETHODCALLTYPE FAR *GetLastError)(IMAPISupport FAR *This, HRESULT hResult, ULONG ulFlags, LPVOID FAR *lppMAPIError);
#ifdef MAPI_LINT_FULL_INTERFACES
    HRESULT (STDMETHODCALLTYPE FAR *Subscribe)(IMAPISupport FAR *This, LPNOTIFKEY lpKey, ULONG ulEventMask, ULONG ulFlags,
                                               LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR *lpulConnection);
#endif
    HRESULT (STDMETHODCALLTYPE FAR *Unsubscribe)(IMAPISupport FAR *This, ULONG ulConnection);
    HRESULT (STDMETHODCALLTYPE FAR *ModifyStatusRow)(IMAPISupport FAR *This, ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags);
    HRESULT (STDMETHODCALLTYPE FAR *SpoolerNotify)(IMAPISupport FAR *This, ULONG ulFlags, LPVOID lpvData);
#ifdef MAPI_LINT_FULL_INTERFACES
    HRESULT (STDMETHODCALLTYPE FAR *SetProviderUID)(IMAPISupport FAR *This, LPMAPIUID lpProviderID, ULONG ulFlags);
#endif
    HRESULT (STDMETHODCALLTYPE FAR *StoreLogoffTransports)(IMAPISupport FAR *This, ULONG FAR *lpulFlags);
} IMAPISupportVtbl;
struct IMAPISupport {
    const IMAPISupportVtbl FAR *lpVtbl;
};
#define IMAPISupport_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IMAPISupport_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMAPISupport_Release(This) (This)->lpVtbl->Release(This)
#define IMAPISupport_GetLastError(This, hr, fl, pp) (This)->lpVtbl->GetLastError(This, hr, fl, pp)
#define IMAPISupport_Unsubscribe(This, conn) (This)->lpVtbl->Unsubscribe(This, conn)
#define IMAPISupport_ModifyStatusRow(This, c, pv, fl) (This)->lpVtbl->ModifyStatusRow(This, c, pv, fl)
#define IMAPISupport_SpoolerNotify(This, fl, pv) (This)->lpVtbl->SpoolerNotify(This, fl, pv)
#define IMAPISupport_StoreLogoffTransports(This, pul) (This)->lpVtbl->StoreLogoffTransports(This, pul)
#ifdef MAPI_LINT_FULL_INTERFACES
#define IMAPISupport_Subscribe(This, key, mask, fl, sink, pconn) (This)->lpVtbl->Subscribe(This, key, mask, fl, sink, pconn)
#define IMAPISupport_SetProviderUID(This, uid, fl) (This)->lpVtbl->SetProviderUID(This, uid, fl)
#endif
#endif
typedef IMAPISupport FAR *LPMAPISUP;

/* ------------------------------------------------------------------------
 * The provider side: MSProviderInit hands MAPI an IMSProvider, whose Logon
 * returns the store (IMsgStore) and a logon object (IMSLogon). */

#define CURRENT_SPI_VERSION ((ULONG)0x00010010)
#define STDMAPIINITCALLTYPE STDMETHODCALLTYPE

EXTERN_C const IID IID_IMSProvider;
EXTERN_C const IID IID_IMSLogon;

typedef struct IMSProvider IMSProvider;
typedef struct IMSLogon IMSLogon;
typedef IMSProvider FAR *LPMSPROVIDER;
typedef IMSLogon FAR *LPMSLOGON;

#define MAPI_IMSPROVIDER_METHODS(IPURE) \
    MAPIMETHOD(Shutdown)(THIS_ ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(Logon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG cbEntryID, \
                      LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface, ULONG FAR *lpcbSpoolSecurity, \
                      LPBYTE FAR *lppbSpoolSecurity, LPMAPIERROR FAR *lppMAPIError, LPMSLOGON FAR *lppMSLogon, \
                      LPMDB FAR *lppMDB) IPURE; \
    MAPIMETHOD(SpoolerLogon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName, \
                             ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, LPCIID lpInterface, \
                             ULONG cbSpoolSecurity, LPBYTE lpbSpoolSecurity, LPMAPIERROR FAR *lppMAPIError, \
                             LPMSLOGON FAR *lppMSLogon, LPMDB FAR *lppMDB) IPURE; \
    MAPIMETHOD(CompareStoreIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2, \
                                LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR *lpulResult) IPURE;

#define MAPI_IMSLOGON_METHODS(IPURE) \
    MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR *lppMAPIError) IPURE; \
    MAPIMETHOD(Logoff)(THIS_ ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, \
                          ULONG FAR *lpulObjType, LPUNKNOWN FAR *lppUnk) IPURE; \
    MAPIMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2, \
                                LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR *lpulResult) IPURE; \
    MAPIMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask, \
                       LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR *lpulConnection) IPURE; \
    MAPIMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) IPURE; \
    MAPIMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG FAR *lpulObjType, \
                                LPVOID FAR *lppEntry) IPURE;

#ifdef __cplusplus
struct IMSProvider : public IUnknown {
    MAPI_IMSPROVIDER_METHODS(PURE)
};
struct IMSLogon : public IUnknown {
    MAPI_IMSLOGON_METHODS(PURE)
};
#endif

typedef HRESULT(STDMAPIINITCALLTYPE MSPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
                                                    LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
                                                    LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
                                                    ULONG FAR *lpulProviderVer, LPMSPROVIDER FAR *lppMSProvider);

#endif
