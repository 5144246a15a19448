/* Stand-in for <mapidefs.h>: the MAPI types, flags and IMsgStore (reduced to
 * QueryInterface, AddRef, Release, StoreLogoff, in that fixed vtable order). */
#ifndef MAPI_LINT_STANDIN_MAPIDEFS_H
#define MAPI_LINT_STANDIN_MAPIDEFS_H

#include <windows.h>

#define MAPIMETHOD_(type, method) STDMETHOD_(type, method)
#define MAPIMETHOD(method) MAPIMETHOD_(HRESULT, method)

/* StoreLogoff / StoreLogoffTransports flags: in */
#define LOGOFF_NO_WAIT ((ULONG)0x00000001)
#define LOGOFF_ORDERLY ((ULONG)0x00000002)
#define LOGOFF_PURGE ((ULONG)0x00000004)
#define LOGOFF_ABORT ((ULONG)0x00000008)
#define LOGOFF_QUIET ((ULONG)0x00000010)
/* out */
#define LOGOFF_COMPLETE ((ULONG)0x00010000)
#define LOGOFF_INBOUND ((ULONG)0x00020000)
#define LOGOFF_OUTBOUND ((ULONG)0x00040000)
#define LOGOFF_OUTBOUND_QUEUE ((ULONG)0x00080000)

#define MAKE_MAPI_E(err) ((HRESULT)(0x80040000L | (err)))
#define E_FAIL ((HRESULT)0x80004005L)
#define MAPI_E_CALL_FAILED E_FAIL
#define MAPI_E_NOT_ENOUGH_MEMORY E_OUTOFMEMORY
#define MAPI_E_INVALID_PARAMETER E_INVALIDARG
#define MAPI_E_INTERFACE_NOT_SUPPORTED E_NOINTERFACE
#define MAPI_E_NO_SUPPORT MAKE_MAPI_E(0x102)
#define MAPI_E_BUSY MAKE_MAPI_E(0x10B)

typedef struct _SPropValue {
    ULONG ulPropTag;
    ULONG dwAlignPad;
    ULONG ul;
} SPropValue, FAR *LPSPropValue;

#define PR_STATUS_CODE ((ULONG)0x3E040003)
#define STATUS_AVAILABLE ((ULONG)0x00000001)
#define STATUS_OFFLINE ((ULONG)0x00000000)
#define STATUSROW_UPDATE ((ULONG)0x10000000)

EXTERN_C const IID IID_IMsgStore;
EXTERN_C const IID IID_IMAPISupport;

#ifdef __cplusplus
struct IMsgStore : public IUnknown {
    MAPIMETHOD(StoreLogoff)(THIS_ ULONG FAR *lpulFlags) PURE;
};
#else
typedef struct IMsgStore IMsgStore;
typedef struct IMsgStoreVtbl {
    HRESULT (STDMETHODCALLTYPE FAR *QueryInterface)(IMsgStore FAR *This, REFIID riid, LPVOID FAR *ppvObj);
    ULONG (STDMETHODCALLTYPE FAR *AddRef)(IMsgStore FAR *This);
    ULONG (STDMETHODCALLTYPE FAR *Release)(IMsgStore FAR *This);
    HRESULT (STDMETHODCALLTYPE FAR *StoreLogoff)(IMsgStore FAR *This, ULONG FAR *lpulFlags);
} IMsgStoreVtbl;
struct IMsgStore {
    const IMsgStoreVtbl FAR *lpVtbl;
};
#define IMsgStore_StoreLogoff(This, pul) (This)->lpVtbl->StoreLogoff(This, pul)
#endif
typedef IMsgStore FAR *LPMDB;

#endif
