/* Stand-in for <mapispi.h>, family harness edition (test/harness/family).
 *
 * Shadows test/harness/include/mapispi.h. Everything here has its real
 * method order (the runner and a C provider's explicit vtable must agree):
 *  - IMAPISupport: all methods, MakeInvalid in slot 12, StoreLogoffTransports
 *    in slot 39;
 *  - IABProvider / IABLogon, IXPProvider / IXPLogon, IMSProvider / IMSLogon;
 *  - the entry point types ABPROVIDERINIT, XPPROVIDERINIT, MSPROVIDERINIT and
 *    the declarations of ABProviderInit, XPProviderInit, MSProviderInit.
 * Each interface comes as a C++ struct deriving from IUnknown and, for C, as an
 * explicit <Iface>Vtbl struct (written with the MAPI_<IFACE>_METHODS lists)
 * plus lpVtbl and the C call macros (IMAPISupport_Release(p), ...). */
#ifndef MAPI_LINT_STANDIN_MAPISPI_H
#define MAPI_LINT_STANDIN_MAPISPI_H

#include <mapidefs.h>

/* SpoolerNotify flags */
#define NOTIFY_ABORT_DEFERRED ((ULONG)0x40000000)
#define NOTIFY_CANCEL_MESSAGE ((ULONG)0x80000000)
#define NOTIFY_BEGIN_INBOUND ((ULONG)0x00000001)
#define NOTIFY_END_INBOUND ((ULONG)0x00010000)
#define NOTIFY_BEGIN_OUTBOUND ((ULONG)0x00000002)
#define NOTIFY_END_OUTBOUND ((ULONG)0x00020000)
#define NOTIFY_BEGIN_INBOUND_FLUSH ((ULONG)0x00000004)
#define NOTIFY_END_INBOUND_FLUSH ((ULONG)0x00040000)
#define NOTIFY_BEGIN_OUTBOUND_FLUSH ((ULONG)0x00000008)
#define NOTIFY_END_OUTBOUND_FLUSH ((ULONG)0x00080000)
#define NOTIFY_CRITSEC ((ULONG)0x00001000)
#define NOTIFY_NONCRIT ((ULONG)0x00002000)
#define NOTIFY_CONFIG_CHANGE ((ULONG)0x00004000)
#define NOTIFY_CRITICAL_ERROR ((ULONG)0x10000000)
#define NOTIFY_NEWMAIL_RECEIVED ((ULONG)0x20000000)
#define NOTIFY_READYTOSEND ((ULONG)0x00000010)

/* TransportLogon flags (in/out) */
#define LOGON_NO_DIALOG ((ULONG)0x00000001)
#define LOGON_NO_CONNECT ((ULONG)0x00000004)
#define LOGON_NO_INBOUND ((ULONG)0x00000008)
#define LOGON_NO_OUTBOUND ((ULONG)0x00000010)
#define LOGON_SP_IDLE ((ULONG)0x00010000)
#define LOGON_SP_POLL ((ULONG)0x00020000)
#define LOGON_SP_RESOLVE ((ULONG)0x00040000)

/* IXPLogon::TransportLogoff / IABLogon::Logoff flags */
#define MAPI_LOGOFF_SHARED ((ULONG)0x00000001)
#define MAPI_LOGOFF_UI ((ULONG)0x00000002)

#define CURRENT_SPI_VERSION ((ULONG)0x00010010)
#define PDK1_SPI_VERSION ((ULONG)0x00010000)
#define PDK2_SPI_VERSION ((ULONG)0x00010008)

#define STDMAPIINITCALLTYPE STDAPICALLTYPE
#define STDINITMETHODIMP HRESULT STDMAPIINITCALLTYPE
#define STDINITMETHODIMP_(type) type STDMAPIINITCALLTYPE

EXTERN_C const IID IID_IABProvider;
EXTERN_C const IID IID_IABLogon;
EXTERN_C const IID IID_IXPProvider;
EXTERN_C const IID IID_IXPLogon;
EXTERN_C const IID IID_IMSProvider;
EXTERN_C const IID IID_IMSLogon;

typedef struct IMAPISupport IMAPISupport;
typedef IMAPISupport FAR *LPMAPISUP;
typedef struct IABProvider IABProvider;
typedef struct IABLogon IABLogon;
typedef struct IXPProvider IXPProvider;
typedef struct IXPLogon IXPLogon;
typedef struct IMSProvider IMSProvider;
typedef struct IMSLogon IMSLogon;
typedef IABProvider FAR *LPABPROVIDER;
typedef IABLogon FAR *LPABLOGON;
typedef IXPProvider FAR *LPXPPROVIDER;
typedef IXPLogon FAR *LPXPLOGON;
typedef IMSProvider FAR *LPMSPROVIDER;
typedef IMSLogon FAR *LPMSLOGON;

/* IXPLogon::RegisterOptions */
typedef struct _OPTIONDATA {
    ULONG ulFlags;
    LPGUID lpRecipGUID;
    LPTSTR lpszAdrType;
    LPTSTR lpszDLLName;
    ULONG ulOrdinal;
    ULONG cbOptionsData;
    LPBYTE lpbOptionsData;
    ULONG cOptionsProps;
    LPSPropValue lpOptionsProps;
} OPTIONDATA, FAR *LPOPTIONDATA;

/* ------------------------------------------------------------------------
 * IMAPISupport */
#define MAPI_IMAPISUPPORT_METHODS1(IPURE) \
    MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR *lppMAPIError) IPURE; \
    MAPIMETHOD(GetMemAllocRoutines)(THIS_ LPALLOCATEBUFFER FAR *lpAllocateBuffer, LPALLOCATEMORE FAR *lpAllocateMore, \
                                    LPFREEBUFFER FAR *lpFreeBuffer) IPURE; \
    MAPIMETHOD(Subscribe)(THIS_ LPNOTIFKEY lpKey, ULONG ulEventMask, ULONG ulFlags, LPMAPIADVISESINK lpAdviseSink, \
                          ULONG_PTR FAR *lpulConnection) IPURE; \
    MAPIMETHOD(Unsubscribe)(THIS_ ULONG_PTR ulConnection) IPURE; \
    MAPIMETHOD(Notify)(THIS_ LPNOTIFKEY lpKey, ULONG cNotification, LPNOTIFICATION lpNotifications, \
                       ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(ModifyStatusRow)(THIS_ ULONG cValues, LPSPropValue lpColumnVals, ULONG ulFlags) IPURE; \
    MAPIMETHOD(OpenProfileSection)(THIS_ LPMAPIUID lpUid, ULONG ulFlags, LPPROFSECT FAR *lppProfileObj) IPURE; \
    MAPIMETHOD(RegisterPreprocessor)(THIS_ LPMAPIUID lpMuid, LPTSTR lpszAdrType, LPTSTR lpszDLLName, \
                                     LPSTR lpszPreprocess, LPSTR lpszRemovePreprocessInfo, ULONG ulFlags) IPURE; \
    MAPIMETHOD(NewUID)(THIS_ LPMAPIUID lpMuid) IPURE; \
    MAPIMETHOD(MakeInvalid)(THIS_ ULONG ulFlags, LPVOID lpObject, ULONG ulRefCount, ULONG cMethods) IPURE;

#define MAPI_IMAPISUPPORT_METHODS2(IPURE) \
    MAPIMETHOD(SpoolerYield)(THIS_ ULONG ulFlags) IPURE; \
    MAPIMETHOD(SpoolerNotify)(THIS_ ULONG ulFlags, LPVOID lpvData) IPURE; \
    MAPIMETHOD(CreateOneOff)(THIS_ LPTSTR lpszName, LPTSTR lpszAdrType, LPTSTR lpszAddress, ULONG ulFlags, \
                             ULONG FAR *lpcbEntryID, LPENTRYID FAR *lppEntryID) IPURE; \
    MAPIMETHOD(SetProviderUID)(THIS_ LPMAPIUID lpProviderID, ULONG ulFlags) IPURE; \
    MAPIMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntry1, LPENTRYID lpEntry1, ULONG cbEntry2, LPENTRYID lpEntry2, \
                                ULONG ulCompareFlags, ULONG FAR *lpulResult) IPURE; \
    MAPIMETHOD(OpenTemplateID)(THIS_ ULONG cbTemplateID, LPENTRYID lpTemplateID, ULONG ulTemplateFlags, \
                               LPMAPIPROP lpMAPIPropData, LPCIID lpInterface, LPMAPIPROP FAR *lppMAPIPropNew, \
                               LPMAPIPROP lpMAPIPropSibling) IPURE; \
    MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulOpenFlags, \
                          ULONG FAR *lpulObjType, LPUNKNOWN FAR *lppUnk) IPURE; \
    MAPIMETHOD(GetOneOffTable)(THIS_ ULONG ulFlags, LPMAPITABLE FAR *lppTable) IPURE; \
    MAPIMETHOD(Address)(THIS_ ULONG_PTR FAR *lpulUIParam, LPADRPARM lpAdrParms, LPADRLIST FAR *lppAdrList) IPURE; \
    MAPIMETHOD(Details)(THIS_ ULONG_PTR FAR *lpulUIParam, LPFNDISMISS lpfnDismiss, LPVOID lpvDismissContext, \
                        ULONG cbEntryID, LPENTRYID lpEntryID, LPFNBUTTON lpfButtonCallback, \
                        LPVOID lpvButtonContext, LPTSTR lpszButtonText, ULONG ulFlags) IPURE; \
    MAPIMETHOD(NewEntry)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, ULONG cbEIDContainer, LPENTRYID lpEIDContainer, \
                         ULONG cbEIDNewEntryTpl, LPENTRYID lpEIDNewEntryTpl, ULONG FAR *lpcbEIDNewEntry, \
                         LPENTRYID FAR *lppEIDNewEntry) IPURE; \
    MAPIMETHOD(DoConfigPropsheet)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, LPTSTR lpszTitle, \
                                  LPMAPITABLE lpDisplayTable, LPMAPIPROP lpCOnfigData, ULONG ulTopPage) IPURE; \
    MAPIMETHOD(CopyMessages)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcFolder, LPENTRYLIST lpMsgList, \
                             LPCIID lpDestInterface, LPVOID lpDestFolder, ULONG_PTR ulUIParam, \
                             LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE; \
    MAPIMETHOD(CopyFolder)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcFolder, ULONG cbEntryID, LPENTRYID lpEntryID, \
                           LPCIID lpDestInterface, LPVOID lpDestFolder, LPTSTR lpszNewFolderName, \
                           ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE; \
    MAPIMETHOD(DoCopyTo)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcObj, ULONG ciidExclude, LPCIID rgiidExclude, \
                         LPSPropTagArray lpExcludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, \
                         LPCIID lpDestInterface, LPVOID lpDestObj, ULONG ulFlags, \
                         LPSPropProblemArray FAR *lppProblems) IPURE; \
    MAPIMETHOD(DoCopyProps)(THIS_ LPCIID lpSrcInterface, LPVOID lpSrcObj, LPSPropTagArray lpIncludeProps, \
                            ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpDestInterface, \
                            LPVOID lpDestObj, ULONG ulFlags, LPSPropProblemArray FAR *lppProblems) IPURE; \
    MAPIMETHOD(DoProgressDialog)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags, LPMAPIPROGRESS FAR *lppProgress) IPURE; \
    MAPIMETHOD(ReadReceipt)(THIS_ ULONG ulFlags, LPMESSAGE lpReadMessage, LPMESSAGE FAR *lppEmptyMessage) IPURE; \
    MAPIMETHOD(PrepareSubmit)(THIS_ LPMESSAGE lpMessage, ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(ExpandRecips)(THIS_ LPMESSAGE lpMessage, ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(UpdatePAB)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage) IPURE; \
    MAPIMETHOD(DoSentMail)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage) IPURE; \
    MAPIMETHOD(OpenAddressBook)(THIS_ LPCIID lpInterface, ULONG ulFlags, LPADRBOOK FAR *lppAdrBook) IPURE; \
    MAPIMETHOD(Preprocess)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) IPURE; \
    MAPIMETHOD(CompleteMsg)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) IPURE; \
    MAPIMETHOD(StoreLogoffTransports)(THIS_ ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(StatusRecips)(THIS_ LPMESSAGE lpMessage, LPADRLIST lpRecipList) IPURE; \
    MAPIMETHOD(WrapStoreEntryID)(THIS_ ULONG cbOrigEntry, LPENTRYID lpOrigEntry, ULONG FAR *lpcbWrappedEntry, \
                                 LPENTRYID FAR *lppWrappedEntry) IPURE; \
    MAPIMETHOD(ModifyProfile)(THIS_ ULONG ulFlags) IPURE; \
    MAPIMETHOD(IStorageFromStream)(THIS_ LPUNKNOWN lpUnkIn, LPCIID lpInterface, ULONG ulFlags, \
                                   LPSTORAGE FAR *lppStorageOut) IPURE; \
    MAPIMETHOD(GetSvcConfigSupportObj)(THIS_ ULONG ulFlags, LPMAPISUP FAR *lppSvcSupport) IPURE;

#define MAPI_IMAPISUPPORT_METHODS(IPURE) MAPI_IMAPISUPPORT_METHODS1(IPURE) MAPI_IMAPISUPPORT_METHODS2(IPURE)

/* ------------------------------------------------------------------------
 * Address book */
#define MAPI_IABPROVIDER_METHODS(IPURE) \
    MAPIMETHOD(Shutdown)(THIS_ ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(Logon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName, ULONG ulFlags, \
                      ULONG FAR *lpulpcbSecurity, LPBYTE FAR *lppbSecurity, LPMAPIERROR FAR *lppMAPIError, \
                      LPABLOGON FAR *lppABLogon) IPURE;

#define MAPI_IABLOGON_METHODS(IPURE) \
    MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR *lppMAPIError) IPURE; \
    MAPIMETHOD(Logoff)(THIS_ ULONG ulFlags) IPURE; \
    MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, \
                          ULONG FAR *lpulObjType, LPUNKNOWN FAR *lppUnk) IPURE; \
    MAPIMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2, \
                                LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR *lpulResult) IPURE; \
    MAPIMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask, \
                       LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR *lpulConnection) IPURE; \
    MAPIMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) IPURE; \
    MAPIMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG FAR *lpulObjType, \
                                LPMAPISTATUS FAR *lppEntry) IPURE; \
    MAPIMETHOD(OpenTemplateID)(THIS_ ULONG cbTemplateID, LPENTRYID lpTemplateID, ULONG ulTemplateFlags, \
                               LPMAPIPROP lpMAPIPropData, LPCIID lpInterface, LPMAPIPROP FAR *lppMAPIPropNew, \
                               LPMAPIPROP lpMAPIPropSibling) IPURE; \
    MAPIMETHOD(GetOneOffTable)(THIS_ ULONG ulFlags, LPMAPITABLE FAR *lppTable) IPURE; \
    MAPIMETHOD(PrepareRecips)(THIS_ ULONG ulFlags, LPSPropTagArray lpPropTagArray, LPADRLIST lpRecipList) IPURE;

/* ------------------------------------------------------------------------
 * Transport */
#define MAPI_IXPPROVIDER_METHODS(IPURE) \
    MAPIMETHOD(Shutdown)(THIS_ ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(TransportLogon)(THIS_ LPMAPISUP lpMAPISup, ULONG_PTR ulUIParam, LPTSTR lpszProfileName, \
                               ULONG FAR *lpulFlags, LPMAPIERROR FAR *lppMAPIError, LPXPLOGON FAR *lppXPLogon) IPURE;

#define MAPI_IXPLOGON_METHODS(IPURE) \
    MAPIMETHOD(AddressTypes)(THIS_ ULONG FAR *lpulFlags, ULONG FAR *lpcAdrType, LPTSTR FAR *FAR *lpppszAdrTypeArray, \
                             ULONG FAR *lpcMAPIUID, LPMAPIUID FAR *FAR *lpppUIDArray) IPURE; \
    MAPIMETHOD(RegisterOptions)(THIS_ ULONG FAR *lpulFlags, ULONG FAR *lpcOptions, LPOPTIONDATA FAR *lppOptions) IPURE; \
    MAPIMETHOD(TransportNotify)(THIS_ ULONG FAR *lpulFlags, LPVOID FAR *lppvData) IPURE; \
    MAPIMETHOD(Idle)(THIS_ ULONG ulFlags) IPURE; \
    MAPIMETHOD(TransportLogoff)(THIS_ ULONG ulFlags) IPURE; \
    MAPIMETHOD(SubmitMessage)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR FAR *lpulMsgRef, \
                              ULONG_PTR FAR *lpulReturnParm) IPURE; \
    MAPIMETHOD(EndMessage)(THIS_ ULONG_PTR ulMsgRef, ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(Poll)(THIS_ ULONG FAR *lpulIncoming) IPURE; \
    MAPIMETHOD(StartMessage)(THIS_ ULONG ulFlags, LPMESSAGE lpMessage, ULONG_PTR FAR *lpulMsgRef) IPURE; \
    MAPIMETHOD(OpenStatusEntry)(THIS_ LPCIID lpInterface, ULONG ulFlags, ULONG FAR *lpulObjType, \
                                LPMAPISTATUS FAR *lppEntry) IPURE; \
    MAPIMETHOD(ValidateState)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) IPURE; \
    MAPIMETHOD(FlushQueues)(THIS_ ULONG_PTR ulUIParam, ULONG cbTargetTransport, LPENTRYID lpTargetTransport, \
                            ULONG ulFlags) IPURE;

/* ------------------------------------------------------------------------
 * Message store */
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
struct IMAPISupport : public IUnknown {
    MAPI_IMAPISUPPORT_METHODS(PURE)
};
struct IABProvider : public IUnknown {
    MAPI_IABPROVIDER_METHODS(PURE)
};
struct IABLogon : public IUnknown {
    MAPI_IABLOGON_METHODS(PURE)
};
struct IXPProvider : public IUnknown {
    MAPI_IXPPROVIDER_METHODS(PURE)
};
struct IXPLogon : public IUnknown {
    MAPI_IXPLOGON_METHODS(PURE)
};
struct IMSProvider : public IUnknown {
    MAPI_IMSPROVIDER_METHODS(PURE)
};
struct IMSLogon : public IUnknown {
    MAPI_IMSLOGON_METHODS(PURE)
};
#else
#define INTERFACE IMAPISupport
typedef struct IMAPISupportVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPISUPPORT_METHODS(PURE)
} IMAPISupportVtbl;
#undef INTERFACE
struct IMAPISupport {
    const IMAPISupportVtbl FAR *lpVtbl;
};

#define INTERFACE IABProvider
typedef struct IABProviderVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IABPROVIDER_METHODS(PURE)
} IABProviderVtbl;
#undef INTERFACE
struct IABProvider {
    const IABProviderVtbl FAR *lpVtbl;
};

#define INTERFACE IABLogon
typedef struct IABLogonVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IABLOGON_METHODS(PURE)
} IABLogonVtbl;
#undef INTERFACE
struct IABLogon {
    const IABLogonVtbl FAR *lpVtbl;
};

#define INTERFACE IXPProvider
typedef struct IXPProviderVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IXPPROVIDER_METHODS(PURE)
} IXPProviderVtbl;
#undef INTERFACE
struct IXPProvider {
    const IXPProviderVtbl FAR *lpVtbl;
};

#define INTERFACE IXPLogon
typedef struct IXPLogonVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IXPLOGON_METHODS(PURE)
} IXPLogonVtbl;
#undef INTERFACE
struct IXPLogon {
    const IXPLogonVtbl FAR *lpVtbl;
};

#define INTERFACE IMSProvider
typedef struct IMSProviderVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMSPROVIDER_METHODS(PURE)
} IMSProviderVtbl;
#undef INTERFACE
struct IMSProvider {
    const IMSProviderVtbl FAR *lpVtbl;
};

#define INTERFACE IMSLogon
typedef struct IMSLogonVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMSLOGON_METHODS(PURE)
} IMSLogonVtbl;
#undef INTERFACE
struct IMSLogon {
    const IMSLogonVtbl FAR *lpVtbl;
};

/* C call macros */
#define IMAPISupport_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IMAPISupport_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMAPISupport_Release(This) (This)->lpVtbl->Release(This)
#define IMAPISupport_GetLastError(This, hr, fl, pp) (This)->lpVtbl->GetLastError(This, hr, fl, pp)
#define IMAPISupport_GetMemAllocRoutines(This, a, m, f) (This)->lpVtbl->GetMemAllocRoutines(This, a, m, f)
#define IMAPISupport_Subscribe(This, key, mask, fl, sink, pconn) (This)->lpVtbl->Subscribe(This, key, mask, fl, sink, pconn)
#define IMAPISupport_Unsubscribe(This, conn) (This)->lpVtbl->Unsubscribe(This, conn)
#define IMAPISupport_Notify(This, key, c, lpn, pfl) (This)->lpVtbl->Notify(This, key, c, lpn, pfl)
#define IMAPISupport_ModifyStatusRow(This, c, pv, fl) (This)->lpVtbl->ModifyStatusRow(This, c, pv, fl)
#define IMAPISupport_OpenProfileSection(This, uid, fl, pp) (This)->lpVtbl->OpenProfileSection(This, uid, fl, pp)
#define IMAPISupport_RegisterPreprocessor(This, uid, t, d, p, r, fl) (This)->lpVtbl->RegisterPreprocessor(This, uid, t, d, p, r, fl)
#define IMAPISupport_NewUID(This, uid) (This)->lpVtbl->NewUID(This, uid)
#define IMAPISupport_MakeInvalid(This, fl, obj, cref, cm) (This)->lpVtbl->MakeInvalid(This, fl, obj, cref, cm)
#define IMAPISupport_SpoolerYield(This, fl) (This)->lpVtbl->SpoolerYield(This, fl)
#define IMAPISupport_SpoolerNotify(This, fl, pv) (This)->lpVtbl->SpoolerNotify(This, fl, pv)
#define IMAPISupport_CreateOneOff(This, n, t, a, fl, pcb, ppeid) (This)->lpVtbl->CreateOneOff(This, n, t, a, fl, pcb, ppeid)
#define IMAPISupport_SetProviderUID(This, uid, fl) (This)->lpVtbl->SetProviderUID(This, uid, fl)
#define IMAPISupport_CompareEntryIDs(This, cb1, e1, cb2, e2, fl, pr) (This)->lpVtbl->CompareEntryIDs(This, cb1, e1, cb2, e2, fl, pr)
#define IMAPISupport_OpenTemplateID(This, cb, e, tf, pd, iid, pp, sib) (This)->lpVtbl->OpenTemplateID(This, cb, e, tf, pd, iid, pp, sib)
#define IMAPISupport_OpenEntry(This, cb, e, iid, fl, pt, pp) (This)->lpVtbl->OpenEntry(This, cb, e, iid, fl, pt, pp)
#define IMAPISupport_GetOneOffTable(This, fl, pp) (This)->lpVtbl->GetOneOffTable(This, fl, pp)
#define IMAPISupport_Address(This, pui, parm, pp) (This)->lpVtbl->Address(This, pui, parm, pp)
#define IMAPISupport_ReadReceipt(This, fl, m, pp) (This)->lpVtbl->ReadReceipt(This, fl, m, pp)
#define IMAPISupport_PrepareSubmit(This, m, pfl) (This)->lpVtbl->PrepareSubmit(This, m, pfl)
#define IMAPISupport_ExpandRecips(This, m, pfl) (This)->lpVtbl->ExpandRecips(This, m, pfl)
#define IMAPISupport_UpdatePAB(This, fl, m) (This)->lpVtbl->UpdatePAB(This, fl, m)
#define IMAPISupport_DoSentMail(This, fl, m) (This)->lpVtbl->DoSentMail(This, fl, m)
#define IMAPISupport_OpenAddressBook(This, iid, fl, pp) (This)->lpVtbl->OpenAddressBook(This, iid, fl, pp)
#define IMAPISupport_Preprocess(This, fl, cb, e) (This)->lpVtbl->Preprocess(This, fl, cb, e)
#define IMAPISupport_CompleteMsg(This, fl, cb, e) (This)->lpVtbl->CompleteMsg(This, fl, cb, e)
#define IMAPISupport_StoreLogoffTransports(This, pul) (This)->lpVtbl->StoreLogoffTransports(This, pul)
#define IMAPISupport_StatusRecips(This, m, l) (This)->lpVtbl->StatusRecips(This, m, l)
#define IMAPISupport_WrapStoreEntryID(This, cb, e, pcb, ppe) (This)->lpVtbl->WrapStoreEntryID(This, cb, e, pcb, ppe)
#define IMAPISupport_ModifyProfile(This, fl) (This)->lpVtbl->ModifyProfile(This, fl)

#define IABProvider_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IABProvider_Release(This) (This)->lpVtbl->Release(This)
#define IABProvider_Shutdown(This, pfl) (This)->lpVtbl->Shutdown(This, pfl)
#define IABLogon_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IABLogon_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IABLogon_Release(This) (This)->lpVtbl->Release(This)
#define IABLogon_Logoff(This, fl) (This)->lpVtbl->Logoff(This, fl)
#define IABLogon_OpenEntry(This, cb, e, iid, fl, pt, pp) (This)->lpVtbl->OpenEntry(This, cb, e, iid, fl, pt, pp)
#define IABLogon_OpenStatusEntry(This, iid, fl, pt, pp) (This)->lpVtbl->OpenStatusEntry(This, iid, fl, pt, pp)

#define IXPProvider_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IXPProvider_Release(This) (This)->lpVtbl->Release(This)
#define IXPProvider_Shutdown(This, pfl) (This)->lpVtbl->Shutdown(This, pfl)
#define IXPLogon_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IXPLogon_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IXPLogon_Release(This) (This)->lpVtbl->Release(This)
#define IXPLogon_TransportLogoff(This, fl) (This)->lpVtbl->TransportLogoff(This, fl)
#define IXPLogon_OpenStatusEntry(This, iid, fl, pt, pp) (This)->lpVtbl->OpenStatusEntry(This, iid, fl, pt, pp)

#define IMSProvider_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMSProvider_Release(This) (This)->lpVtbl->Release(This)
#define IMSProvider_Shutdown(This, pfl) (This)->lpVtbl->Shutdown(This, pfl)
#define IMSLogon_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IMSLogon_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMSLogon_Release(This) (This)->lpVtbl->Release(This)
#define IMSLogon_Logoff(This, pfl) (This)->lpVtbl->Logoff(This, pfl)
#define IMSLogon_OpenEntry(This, cb, e, iid, fl, pt, pp) (This)->lpVtbl->OpenEntry(This, cb, e, iid, fl, pt, pp)
#define IMSLogon_OpenStatusEntry(This, iid, fl, pt, pp) (This)->lpVtbl->OpenStatusEntry(This, iid, fl, pt, pp)
#endif

/* ------------------------------------------------------------------------
 * Entry points: MAPI loads the provider DLL and calls the one its kind exports. */
typedef HRESULT(STDMAPIINITCALLTYPE ABPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
                                                    LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
                                                    LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
                                                    ULONG FAR *lpulProviderVer, LPABPROVIDER FAR *lppABProvider);
typedef HRESULT(STDMAPIINITCALLTYPE XPPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
                                                    LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
                                                    LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
                                                    ULONG FAR *lpulProviderVer, LPXPPROVIDER FAR *lppXPProvider);
typedef HRESULT(STDMAPIINITCALLTYPE MSPROVIDERINIT)(HINSTANCE hInstance, LPMALLOC lpMalloc,
                                                    LPALLOCATEBUFFER lpAllocateBuffer, LPALLOCATEMORE lpAllocateMore,
                                                    LPFREEBUFFER lpFreeBuffer, ULONG ulFlags, ULONG ulMAPIVer,
                                                    ULONG FAR *lpulProviderVer, LPMSPROVIDER FAR *lppMSProvider);

EXTERN_C ABPROVIDERINIT ABProviderInit;
EXTERN_C XPPROVIDERINIT XPProviderInit;
EXTERN_C MSPROVIDERINIT MSProviderInit;

#endif
