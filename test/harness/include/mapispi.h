/* Stand-in for <mapispi.h>: IMAPISupport reduced to IUnknown plus five
 * methods, kept in the same relative order as the real interface. */
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
    MAPIMETHOD(Unsubscribe)(THIS_ ULONG ulConnection) PURE;
    MAPIMETHOD(ModifyStatusRow)(THIS_ ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags) PURE;
    MAPIMETHOD(SpoolerNotify)(THIS_ ULONG ulFlags, LPVOID lpvData) PURE;
    MAPIMETHOD(StoreLogoffTransports)(THIS_ ULONG FAR *lpulFlags) PURE;
};
#else
typedef struct IMAPISupport IMAPISupport;
typedef struct IMAPISupportVtbl {
    HRESULT (STDMETHODCALLTYPE FAR *QueryInterface)(IMAPISupport FAR *This, REFIID riid, LPVOID FAR *ppvObj);
    ULONG (STDMETHODCALLTYPE FAR *AddRef)(IMAPISupport FAR *This);
    ULONG (STDMETHODCALLTYPE FAR *Release)(IMAPISupport FAR *This);
    HRESULT (STDMETHODCALLTYPE FAR *GetLastError)(IMAPISupport FAR *This, HRESULT hResult, ULONG ulFlags, LPVOID FAR *lppMAPIError);
    HRESULT (STDMETHODCALLTYPE FAR *Unsubscribe)(IMAPISupport FAR *This, ULONG ulConnection);
    HRESULT (STDMETHODCALLTYPE FAR *ModifyStatusRow)(IMAPISupport FAR *This, ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags);
    HRESULT (STDMETHODCALLTYPE FAR *SpoolerNotify)(IMAPISupport FAR *This, ULONG ulFlags, LPVOID lpvData);
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
#endif
typedef IMAPISupport FAR *LPMAPISUP;

#endif
