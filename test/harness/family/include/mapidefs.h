/* Stand-in for <mapidefs.h>, family harness edition (test/harness/family).
 *
 * Shadows test/harness/include/mapidefs.h (this directory is searched first).
 * Differences from the store harness's copy:
 *  - IMsgStore always has its full vtable (IUnknown, IMAPIProp, IMsgStore in
 *    the real order: StoreLogoff in slot 21): the family runner gets the store
 *    from IMSProvider::Logon, as MAPI does, and calls it through that vtable;
 *  - the interfaces an address book / transport / store logon hands out:
 *    IMAPIStatus (IMAPIProp + ValidateState, SettingsDialog, ChangePassword,
 *    FlushQueues), IABContainer, IMailUser, IDistList, IMAPIFolder, IMsgStore,
 *    each as a C++ struct deriving from its base and as a C Vtbl struct with
 *    lpVtbl and the C call macros (IMAPIStatus_Release(p) ...);
 *  - IMalloc (MAPI passes one to every XXProviderInit);
 *  - the status codes, object types and status-row values such providers use.
 * Method lists are MAPI_<IFACE>_METHODS(IPURE) macros in the real order, so a C
 * provider can lay out its own vtable with them (#define INTERFACE first). */
#ifndef MAPI_LINT_STANDIN_MAPIDEFS_H
#define MAPI_LINT_STANDIN_MAPIDEFS_H

#include <windows.h>

#define MAPIMETHOD_(type, method) STDMETHOD_(type, method)
#define MAPIMETHOD(method) MAPIMETHOD_(HRESULT, method)

/* What a class passes to the MAPI_*_METHODS lists to declare (not define) them. */
#ifndef IMPL
#define IMPL
#endif

#define MAPI_IUNKNOWN_METHODS(IPURE) \
    MAPIMETHOD(QueryInterface)(THIS_ REFIID riid, LPVOID FAR *ppvObj) IPURE; \
    MAPIMETHOD_(ULONG, AddRef)(THIS) IPURE; \
    MAPIMETHOD_(ULONG, Release)(THIS) IPURE;

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

/* Status codes. */
#define MAKE_MAPI_E(err) ((HRESULT)(0x80040000L | (err)))
#define MAKE_MAPI_S(err) ((HRESULT)(0x00040000L | (err)))
#define E_FAIL ((HRESULT)0x80004005L)
#define E_NOTIMPL ((HRESULT)0x80004001L)
#define E_ACCESSDENIED ((HRESULT)0x80070005L)
#define SUCCESS_SUCCESS 0L
#define hrSuccess 0
#define MAPI_E_CALL_FAILED E_FAIL
#define MAPI_E_NOT_ENOUGH_MEMORY E_OUTOFMEMORY
#define MAPI_E_INVALID_PARAMETER E_INVALIDARG
#define MAPI_E_INTERFACE_NOT_SUPPORTED E_NOINTERFACE
#define MAPI_E_NO_ACCESS E_ACCESSDENIED
#define MAPI_E_NO_SUPPORT MAKE_MAPI_E(0x102)
#define MAPI_E_BAD_CHARWIDTH MAKE_MAPI_E(0x103)
#define MAPI_E_STRING_TOO_LONG MAKE_MAPI_E(0x105)
#define MAPI_E_UNKNOWN_FLAGS MAKE_MAPI_E(0x106)
#define MAPI_E_INVALID_ENTRYID MAKE_MAPI_E(0x107)
#define MAPI_E_INVALID_OBJECT MAKE_MAPI_E(0x108)
#define MAPI_E_OBJECT_CHANGED MAKE_MAPI_E(0x109)
#define MAPI_E_OBJECT_DELETED MAKE_MAPI_E(0x10A)
#define MAPI_E_BUSY MAKE_MAPI_E(0x10B)
#define MAPI_E_NOT_ENOUGH_DISK MAKE_MAPI_E(0x10D)
#define MAPI_E_NOT_ENOUGH_RESOURCES MAKE_MAPI_E(0x10E)
#define MAPI_E_NOT_FOUND MAKE_MAPI_E(0x10F)
#define MAPI_E_VERSION MAKE_MAPI_E(0x110)
#define MAPI_E_LOGON_FAILED MAKE_MAPI_E(0x111)
#define MAPI_E_SESSION_LIMIT MAKE_MAPI_E(0x112)
#define MAPI_E_USER_CANCEL MAKE_MAPI_E(0x113)
#define MAPI_E_NETWORK_ERROR MAKE_MAPI_E(0x115)
#define MAPI_E_EXTENDED_ERROR MAKE_MAPI_E(0x119)
#define MAPI_E_CORRUPT_DATA MAKE_MAPI_E(0x11B)
#define MAPI_E_UNCONFIGURED MAKE_MAPI_E(0x11C)
#define MAPI_E_NOT_INITIALIZED MAKE_MAPI_E(0x605)
#define MAPI_E_UNKNOWN_ENTRYID MAKE_MAPI_E(0x201)

/* Object types (OpenEntry's and OpenStatusEntry's *lpulObjType). */
#define MAPI_STORE ((ULONG)0x00000001)
#define MAPI_ADDRBOOK ((ULONG)0x00000002)
#define MAPI_FOLDER ((ULONG)0x00000003)
#define MAPI_ABCONT ((ULONG)0x00000004)
#define MAPI_MESSAGE ((ULONG)0x00000005)
#define MAPI_MAILUSER ((ULONG)0x00000006)
#define MAPI_ATTACH ((ULONG)0x00000007)
#define MAPI_DISTLIST ((ULONG)0x00000008)
#define MAPI_PROFSECT ((ULONG)0x00000009)
#define MAPI_STATUS ((ULONG)0x0000000A)
#define MAPI_SESSION ((ULONG)0x0000000B)

/* Common flags. */
#define MAPI_MODIFY ((ULONG)0x00000001)
#define MAPI_BEST_ACCESS ((ULONG)0x00000010)
#define MAPI_UNICODE ((ULONG)0x80000000)
#define MAPI_DEFERRED_ERRORS ((ULONG)0x00000008)

#define MAPI_DIM 1

typedef struct _ENTRYID {
    BYTE abFlags[4];
    BYTE ab[MAPI_DIM];
} ENTRYID, FAR *LPENTRYID;

typedef struct _MAPIUID {
    BYTE ab[16];
} MAPIUID, FAR *LPMAPIUID;

typedef struct _MAPIERROR {
    ULONG ulVersion;
    LPTSTR lpszError;
    LPTSTR lpszComponent;
    ULONG ulLowLevelError;
    ULONG ulContext;
} MAPIERROR, FAR *LPMAPIERROR;

typedef struct _NOTIFKEY {
    ULONG cb;
    BYTE ab[MAPI_DIM];
} NOTIFKEY, FAR *LPNOTIFKEY;

typedef struct _SPropTagArray {
    ULONG cValues;
    ULONG aulPropTag[MAPI_DIM];
} SPropTagArray, FAR *LPSPropTagArray;

typedef struct _SPropProblem {
    ULONG ulIndex;
    ULONG ulPropTag;
    SCODE scode;
} SPropProblem, FAR *LPSPropProblem;

typedef struct _SPropProblemArray {
    ULONG cProblem;
    SPropProblem aProblem[MAPI_DIM];
} SPropProblemArray, FAR *LPSPropProblemArray;

typedef struct _MAPINAMEID {
    LPGUID lpguid;
    ULONG ulKind;
    union {
        LONG lID;
        LPSTR lpstrName;
    } Kind;
} MAPINAMEID, FAR *LPMAPINAMEID;

/* Only ever passed by pointer here. */
typedef struct _NOTIFICATION NOTIFICATION, FAR *LPNOTIFICATION;
typedef struct _SRestriction SRestriction, FAR *LPSRestriction;
typedef struct _ENTRYLIST ENTRYLIST, FAR *LPENTRYLIST;
typedef struct _SSortOrderSet SSortOrderSet, FAR *LPSSortOrderSet;
typedef struct _ADRPARM ADRPARM, FAR *LPADRPARM;

/* A property value: the real union (Value), plus `ul` as a shorthand for its
 * ULONG member, which the store fixture corpus uses. */
union _PV {
    short int i;
    LONG l;
    ULONG ul;
    unsigned short int b;
    LPSTR lpszA;
    SCODE err;
    LONG x;
};
typedef struct _SPropValue {
    ULONG ulPropTag;
    ULONG dwAlignPad;
    union {
        ULONG ul;
        union _PV Value;
    };
} SPropValue, FAR *LPSPropValue;

typedef struct _ADRENTRY {
    ULONG ulReserved1;
    ULONG cValues;
    LPSPropValue rgPropVals;
} ADRENTRY, FAR *LPADRENTRY;

typedef struct _ADRLIST {
    ULONG cEntries;
    ADRENTRY aEntries[MAPI_DIM];
} ADRLIST, FAR *LPADRLIST;

typedef struct _SRow {
    ULONG ulAdrEntryPad;
    ULONG cValues;
    LPSPropValue lpProps;
} SRow, FAR *LPSRow;

typedef struct _SRowSet {
    ULONG cRows;
    SRow aRow[MAPI_DIM];
} SRowSet, FAR *LPSRowSet;

#define PR_STATUS_CODE ((ULONG)0x3E040003)
#define PR_STATUS_STRING ((ULONG)0x3E08001E)
#define STATUS_AVAILABLE ((ULONG)0x00000001)
#define STATUS_OFFLINE ((ULONG)0x00000000)
#define STATUS_FAILURE ((ULONG)0x00000004)
#define STATUS_INBOUND_ENABLED ((ULONG)0x00010000)
#define STATUS_OUTBOUND_ENABLED ((ULONG)0x00040000)
#define STATUSROW_UPDATE ((ULONG)0x10000000)

/* Memory routines MAPI hands a provider (XXProviderInit, CreateIProp). */
typedef SCODE(STDMETHODCALLTYPE ALLOCATEBUFFER)(ULONG cbSize, LPVOID FAR *lppBuffer);
typedef SCODE(STDMETHODCALLTYPE ALLOCATEMORE)(ULONG cbSize, LPVOID lpObject, LPVOID FAR *lppBuffer);
typedef ULONG(STDAPICALLTYPE FREEBUFFER)(LPVOID lpBuffer);
typedef ALLOCATEBUFFER FAR *LPALLOCATEBUFFER;
typedef ALLOCATEMORE FAR *LPALLOCATEMORE;
typedef FREEBUFFER FAR *LPFREEBUFFER;

/* ------------------------------------------------------------------------
 * IMalloc (objidl.h in the real headers): MAPI passes one to XXProviderInit. */
#ifdef __cplusplus
struct IMalloc : public IUnknown {
    virtual void *STDMETHODCALLTYPE Alloc(size_t cb) = 0;
    virtual void *STDMETHODCALLTYPE Realloc(void *pv, size_t cb) = 0;
    virtual void STDMETHODCALLTYPE Free(void *pv) = 0;
    virtual size_t STDMETHODCALLTYPE GetSize(void *pv) = 0;
    virtual int STDMETHODCALLTYPE DidAlloc(void *pv) = 0;
    virtual void STDMETHODCALLTYPE HeapMinimize(void) = 0;
};
#else
typedef struct IMallocVtbl {
    HRESULT (STDMETHODCALLTYPE FAR *QueryInterface)(IMalloc FAR *This, REFIID riid, LPVOID FAR *ppvObj);
    ULONG (STDMETHODCALLTYPE FAR *AddRef)(IMalloc FAR *This);
    ULONG (STDMETHODCALLTYPE FAR *Release)(IMalloc FAR *This);
    void *(STDMETHODCALLTYPE FAR *Alloc)(IMalloc FAR *This, size_t cb);
    void *(STDMETHODCALLTYPE FAR *Realloc)(IMalloc FAR *This, void *pv, size_t cb);
    void (STDMETHODCALLTYPE FAR *Free)(IMalloc FAR *This, void *pv);
    size_t (STDMETHODCALLTYPE FAR *GetSize)(IMalloc FAR *This, void *pv);
    int (STDMETHODCALLTYPE FAR *DidAlloc)(IMalloc FAR *This, void *pv);
    void (STDMETHODCALLTYPE FAR *HeapMinimize)(IMalloc FAR *This);
} IMallocVtbl;
struct IMalloc {
    const IMallocVtbl FAR *lpVtbl;
};
#define IMalloc_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMalloc_Release(This) (This)->lpVtbl->Release(This)
#define IMalloc_Alloc(This, cb) (This)->lpVtbl->Alloc(This, cb)
#define IMalloc_Free(This, pv) (This)->lpVtbl->Free(This, pv)
#endif

/* ------------------------------------------------------------------------
 * Interface ids (the runner defines them). */
EXTERN_C const IID IID_IMsgStore;
EXTERN_C const IID IID_IMAPISupport;
EXTERN_C const IID IID_IMAPIProp;
EXTERN_C const IID IID_IMAPIContainer;
EXTERN_C const IID IID_IMAPIFolder;
EXTERN_C const IID IID_IMAPIStatus;
EXTERN_C const IID IID_IMAPITable;
EXTERN_C const IID IID_IABContainer;
EXTERN_C const IID IID_IMailUser;
EXTERN_C const IID IID_IDistList;
EXTERN_C const IID IID_IMessage;
EXTERN_C const IID IID_IMAPIAdviseSink;

typedef struct IMAPIProp IMAPIProp;
typedef struct IMsgStore IMsgStore;
typedef struct IMAPIContainer IMAPIContainer;
typedef struct IMAPIFolder IMAPIFolder;
typedef struct IABContainer IABContainer;
typedef struct IMailUser IMailUser;
typedef struct IDistList IDistList;
typedef struct IMAPIStatus IMAPIStatus;
typedef struct IMAPITable IMAPITable;
typedef struct IMessage IMessage;
typedef struct IMAPIAdviseSink IMAPIAdviseSink;
typedef struct IMAPIProgress IMAPIProgress;
typedef struct IProfSect IProfSect;
typedef struct IAddrBook IAddrBook;
typedef struct IStorage IStorage;
typedef IMAPIProp FAR *LPMAPIPROP;
typedef IMAPIContainer FAR *LPMAPICONTAINER;
typedef IMAPIFolder FAR *LPMAPIFOLDER;
typedef IABContainer FAR *LPABCONT;
typedef IMailUser FAR *LPMAILUSER;
typedef IDistList FAR *LPDISTLIST;
typedef IMAPIStatus FAR *LPMAPISTATUS;
typedef IMAPITable FAR *LPMAPITABLE;
typedef IMessage FAR *LPMESSAGE;
typedef IMAPIAdviseSink FAR *LPMAPIADVISESINK;
typedef IMAPIProgress FAR *LPMAPIPROGRESS;
typedef IProfSect FAR *LPPROFSECT;
typedef IAddrBook FAR *LPADRBOOK;
typedef IStorage FAR *LPSTORAGE;

typedef void(STDMETHODCALLTYPE DISMISSMODELESS)(ULONG_PTR ulUIParam, LPVOID lpvContext);
typedef DISMISSMODELESS FAR *LPFNDISMISS;
typedef SCODE(STDMETHODCALLTYPE BUTTONCALLBACK)(ULONG_PTR ulUIParam, LPVOID lpvContext, ULONG cbEntryID,
                                               LPENTRYID lpSelection, ULONG ulFlags);
typedef BUTTONCALLBACK FAR *LPFNBUTTON;

/* The method lists, in the real vtable order. */
#define MAPI_IMAPIPROP_METHODS(IPURE) \
    MAPIMETHOD(GetLastError)(THIS_ HRESULT hResult, ULONG ulFlags, LPMAPIERROR FAR *lppMAPIError) IPURE; \
    MAPIMETHOD(SaveChanges)(THIS_ ULONG ulFlags) IPURE; \
    MAPIMETHOD(GetProps)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags, ULONG FAR *lpcValues, \
                         LPSPropValue FAR *lppPropArray) IPURE; \
    MAPIMETHOD(GetPropList)(THIS_ ULONG ulFlags, LPSPropTagArray FAR *lppPropTagArray) IPURE; \
    MAPIMETHOD(OpenProperty)(THIS_ ULONG ulPropTag, LPCIID lpiid, ULONG ulInterfaceOptions, ULONG ulFlags, \
                             LPUNKNOWN FAR *lppUnk) IPURE; \
    MAPIMETHOD(SetProps)(THIS_ ULONG cValues, LPSPropValue lpPropArray, LPSPropProblemArray FAR *lppProblems) IPURE; \
    MAPIMETHOD(DeleteProps)(THIS_ LPSPropTagArray lpPropTagArray, LPSPropProblemArray FAR *lppProblems) IPURE; \
    MAPIMETHOD(CopyTo)(THIS_ ULONG ciidExclude, LPCIID rgiidExclude, LPSPropTagArray lpExcludeProps, \
                       ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, LPCIID lpInterface, LPVOID lpDestObj, \
                       ULONG ulFlags, LPSPropProblemArray FAR *lppProblems) IPURE; \
    MAPIMETHOD(CopyProps)(THIS_ LPSPropTagArray lpIncludeProps, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, \
                          LPCIID lpInterface, LPVOID lpDestObj, ULONG ulFlags, \
                          LPSPropProblemArray FAR *lppProblems) IPURE; \
    MAPIMETHOD(GetNamesFromIDs)(THIS_ LPSPropTagArray FAR *lppPropTags, LPGUID lpPropSetGuid, ULONG ulFlags, \
                                ULONG FAR *lpcPropNames, LPMAPINAMEID FAR *FAR *lpppPropNames) IPURE; \
    MAPIMETHOD(GetIDsFromNames)(THIS_ ULONG cPropNames, LPMAPINAMEID FAR *lppPropNames, ULONG ulFlags, \
                                LPSPropTagArray FAR *lppPropTags) IPURE;

#define MAPI_IMAPICONTAINER_METHODS(IPURE) \
    MAPIMETHOD(GetContentsTable)(THIS_ ULONG ulFlags, LPMAPITABLE FAR *lppTable) IPURE; \
    MAPIMETHOD(GetHierarchyTable)(THIS_ ULONG ulFlags, LPMAPITABLE FAR *lppTable) IPURE; \
    MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, \
                          ULONG FAR *lpulObjType, LPUNKNOWN FAR *lppUnk) IPURE; \
    MAPIMETHOD(SetSearchCriteria)(THIS_ LPSRestriction lpRestriction, LPENTRYLIST lpContainerList, \
                                  ULONG ulSearchFlags) IPURE; \
    MAPIMETHOD(GetSearchCriteria)(THIS_ ULONG ulFlags, LPSRestriction FAR *lppRestriction, \
                                  LPENTRYLIST FAR *lppContainerList, ULONG FAR *lpulSearchState) IPURE;

#define MAPI_IMAPIFOLDER_METHODS(IPURE) \
    MAPIMETHOD(CreateMessage)(THIS_ LPCIID lpInterface, ULONG ulFlags, LPMESSAGE FAR *lppMessage) IPURE; \
    MAPIMETHOD(CopyMessages)(THIS_ LPENTRYLIST lpMsgList, LPCIID lpInterface, LPVOID lpDestFolder, \
                             ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE; \
    MAPIMETHOD(DeleteMessages)(THIS_ LPENTRYLIST lpMsgList, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, \
                               ULONG ulFlags) IPURE; \
    MAPIMETHOD(CreateFolder)(THIS_ ULONG ulFolderType, LPTSTR lpszFolderName, LPTSTR lpszFolderComment, \
                             LPCIID lpInterface, ULONG ulFlags, LPMAPIFOLDER FAR *lppFolder) IPURE; \
    MAPIMETHOD(CopyFolder)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, LPVOID lpDestFolder, \
                           LPTSTR lpszNewFolderName, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, \
                           ULONG ulFlags) IPURE; \
    MAPIMETHOD(DeleteFolder)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG_PTR ulUIParam, \
                             LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE; \
    MAPIMETHOD(SetReadFlags)(THIS_ LPENTRYLIST lpMsgList, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, \
                             ULONG ulFlags) IPURE; \
    MAPIMETHOD(GetMessageStatus)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags, \
                                 ULONG FAR *lpulMessageStatus) IPURE; \
    MAPIMETHOD(SetMessageStatus)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulNewStatus, \
                                 ULONG ulNewStatusMask, ULONG FAR *lpulOldStatus) IPURE; \
    MAPIMETHOD(SaveContentsSort)(THIS_ LPSSortOrderSet lpSortCriteria, ULONG ulFlags) IPURE; \
    MAPIMETHOD(EmptyFolder)(THIS_ ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, ULONG ulFlags) IPURE;

#define MAPI_IABCONTAINER_METHODS(IPURE) \
    MAPIMETHOD(CreateEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulCreateFlags, \
                            LPMAPIPROP FAR *lppMAPIPropEntry) IPURE; \
    MAPIMETHOD(CopyEntries)(THIS_ LPENTRYLIST lpEntries, ULONG_PTR ulUIParam, LPMAPIPROGRESS lpProgress, \
                            ULONG ulFlags) IPURE; \
    MAPIMETHOD(DeleteEntries)(THIS_ LPENTRYLIST lpEntries, ULONG ulFlags) IPURE; \
    MAPIMETHOD(ResolveNames)(THIS_ LPSPropTagArray lpPropTagArray, ULONG ulFlags, LPADRLIST lpAdrList, \
                             LPULONG lpFlagList) IPURE;

#define MAPI_IDISTLIST_METHODS(IPURE) MAPI_IABCONTAINER_METHODS(IPURE)

#define MAPI_IMAPISTATUS_METHODS(IPURE) \
    MAPIMETHOD(ValidateState)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) IPURE; \
    MAPIMETHOD(SettingsDialog)(THIS_ ULONG_PTR ulUIParam, ULONG ulFlags) IPURE; \
    MAPIMETHOD(ChangePassword)(THIS_ LPTSTR lpOldPass, LPTSTR lpNewPass, ULONG ulFlags) IPURE; \
    MAPIMETHOD(FlushQueues)(THIS_ ULONG_PTR ulUIParam, ULONG cbTargetTransport, LPENTRYID lpTargetTransport, \
                            ULONG ulFlags) IPURE;

#define MAPI_IMSGSTORE_METHODS(IPURE) \
    MAPIMETHOD(Advise)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulEventMask, \
                       LPMAPIADVISESINK lpAdviseSink, ULONG_PTR FAR *lpulConnection) IPURE; \
    MAPIMETHOD(Unadvise)(THIS_ ULONG_PTR ulConnection) IPURE; \
    MAPIMETHOD(CompareEntryIDs)(THIS_ ULONG cbEntryID1, LPENTRYID lpEntryID1, ULONG cbEntryID2, \
                                LPENTRYID lpEntryID2, ULONG ulFlags, ULONG FAR *lpulResult) IPURE; \
    MAPIMETHOD(OpenEntry)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, LPCIID lpInterface, ULONG ulFlags, \
                          ULONG FAR *lpulObjType, LPUNKNOWN FAR *lppUnk) IPURE; \
    MAPIMETHOD(SetReceiveFolder)(THIS_ LPTSTR lpszMessageClass, ULONG ulFlags, ULONG cbEntryID, \
                                 LPENTRYID lpEntryID) IPURE; \
    MAPIMETHOD(GetReceiveFolder)(THIS_ LPTSTR lpszMessageClass, ULONG ulFlags, ULONG FAR *lpcbEntryID, \
                                 LPENTRYID FAR *lppEntryID, LPTSTR FAR *lppszExplicitClass) IPURE; \
    MAPIMETHOD(GetReceiveFolderTable)(THIS_ ULONG ulFlags, LPMAPITABLE FAR *lppTable) IPURE; \
    MAPIMETHOD(StoreLogoff)(THIS_ ULONG FAR *lpulFlags) IPURE; \
    MAPIMETHOD(AbortSubmit)(THIS_ ULONG cbEntryID, LPENTRYID lpEntryID, ULONG ulFlags) IPURE; \
    MAPIMETHOD(GetOutgoingQueue)(THIS_ ULONG ulFlags, LPMAPITABLE FAR *lppTable) IPURE; \
    MAPIMETHOD(SetLockState)(THIS_ LPMESSAGE lpMessage, ULONG ulLockState) IPURE; \
    MAPIMETHOD(FinishedMsg)(THIS_ ULONG ulFlags, ULONG cbEntryID, LPENTRYID lpEntryID) IPURE; \
    MAPIMETHOD(NotifyNewMail)(THIS_ LPNOTIFICATION lpNotification) IPURE;

#define MAPI_IMAPIADVISESINK_METHODS(IPURE) \
    MAPIMETHOD_(ULONG, OnNotify)(THIS_ ULONG cNotif, LPNOTIFICATION lpNotifications) IPURE;

#ifdef __cplusplus
struct IMAPIProp : public IUnknown {
    MAPI_IMAPIPROP_METHODS(PURE)
};
struct IMAPIContainer : public IMAPIProp {
    MAPI_IMAPICONTAINER_METHODS(PURE)
};
struct IMAPIFolder : public IMAPIContainer {
    MAPI_IMAPIFOLDER_METHODS(PURE)
};
struct IABContainer : public IMAPIContainer {
    MAPI_IABCONTAINER_METHODS(PURE)
};
struct IMailUser : public IMAPIProp {};
struct IDistList : public IMAPIContainer {
    MAPI_IDISTLIST_METHODS(PURE)
};
struct IMAPIStatus : public IMAPIProp {
    MAPI_IMAPISTATUS_METHODS(PURE)
};
struct IMsgStore : public IMAPIProp {
    MAPI_IMSGSTORE_METHODS(PURE)
};
struct IMAPIAdviseSink : public IUnknown {
    MAPI_IMAPIADVISESINK_METHODS(PURE)
};
/* Reduced to what is inherited: the runner never calls a table, a message, a
 * progress object, a profile section, the address book or a storage. */
struct IMAPITable : public IUnknown {};
struct IMessage : public IMAPIProp {};
struct IMAPIProgress : public IUnknown {};
struct IProfSect : public IMAPIProp {};
struct IAddrBook : public IMAPIProp {};
struct IStorage : public IUnknown {};
#else
#define INTERFACE IMAPIProp
typedef struct IMAPIPropVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIPROP_METHODS(PURE)
} IMAPIPropVtbl;
#undef INTERFACE
struct IMAPIProp {
    const IMAPIPropVtbl FAR *lpVtbl;
};

#define INTERFACE IMAPIContainer
typedef struct IMAPIContainerVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIPROP_METHODS(PURE)
    MAPI_IMAPICONTAINER_METHODS(PURE)
} IMAPIContainerVtbl;
#undef INTERFACE
struct IMAPIContainer {
    const IMAPIContainerVtbl FAR *lpVtbl;
};

#define INTERFACE IMAPIFolder
typedef struct IMAPIFolderVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIPROP_METHODS(PURE)
    MAPI_IMAPICONTAINER_METHODS(PURE)
    MAPI_IMAPIFOLDER_METHODS(PURE)
} IMAPIFolderVtbl;
#undef INTERFACE
struct IMAPIFolder {
    const IMAPIFolderVtbl FAR *lpVtbl;
};

#define INTERFACE IABContainer
typedef struct IABContainerVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIPROP_METHODS(PURE)
    MAPI_IMAPICONTAINER_METHODS(PURE)
    MAPI_IABCONTAINER_METHODS(PURE)
} IABContainerVtbl;
#undef INTERFACE
struct IABContainer {
    const IABContainerVtbl FAR *lpVtbl;
};

#define INTERFACE IMailUser
typedef struct IMailUserVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIPROP_METHODS(PURE)
} IMailUserVtbl;
#undef INTERFACE
struct IMailUser {
    const IMailUserVtbl FAR *lpVtbl;
};

#define INTERFACE IDistList
typedef struct IDistListVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIPROP_METHODS(PURE)
    MAPI_IMAPICONTAINER_METHODS(PURE)
    MAPI_IDISTLIST_METHODS(PURE)
} IDistListVtbl;
#undef INTERFACE
struct IDistList {
    const IDistListVtbl FAR *lpVtbl;
};

#define INTERFACE IMAPIStatus
typedef struct IMAPIStatusVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIPROP_METHODS(PURE)
    MAPI_IMAPISTATUS_METHODS(PURE)
} IMAPIStatusVtbl;
#undef INTERFACE
struct IMAPIStatus {
    const IMAPIStatusVtbl FAR *lpVtbl;
};

#define INTERFACE IMsgStore
typedef struct IMsgStoreVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIPROP_METHODS(PURE)
    MAPI_IMSGSTORE_METHODS(PURE)
} IMsgStoreVtbl;
#undef INTERFACE
struct IMsgStore {
    const IMsgStoreVtbl FAR *lpVtbl;
};

#define INTERFACE IMAPIAdviseSink
typedef struct IMAPIAdviseSinkVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIADVISESINK_METHODS(PURE)
} IMAPIAdviseSinkVtbl;
#undef INTERFACE
struct IMAPIAdviseSink {
    const IMAPIAdviseSinkVtbl FAR *lpVtbl;
};

/* Reduced (IUnknown only), as in C++ above. */
struct IMAPITable { const IUnknownVtbl FAR *lpVtbl; };
struct IMessage { const IMAPIPropVtbl FAR *lpVtbl; };
struct IMAPIProgress { const IUnknownVtbl FAR *lpVtbl; };
struct IProfSect { const IMAPIPropVtbl FAR *lpVtbl; };
struct IAddrBook { const IMAPIPropVtbl FAR *lpVtbl; };
struct IStorage { const IUnknownVtbl FAR *lpVtbl; };

#define IMAPIProp_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IMAPIProp_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMAPIProp_Release(This) (This)->lpVtbl->Release(This)
#define IMAPIContainer_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMAPIContainer_Release(This) (This)->lpVtbl->Release(This)
#define IABContainer_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IABContainer_Release(This) (This)->lpVtbl->Release(This)
#define IMailUser_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMailUser_Release(This) (This)->lpVtbl->Release(This)
#define IMAPIFolder_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMAPIFolder_Release(This) (This)->lpVtbl->Release(This)
#define IMAPITable_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMAPITable_Release(This) (This)->lpVtbl->Release(This)
#define IMAPIStatus_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IMAPIStatus_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMAPIStatus_Release(This) (This)->lpVtbl->Release(This)
#define IMAPIStatus_ValidateState(This, ui, fl) (This)->lpVtbl->ValidateState(This, ui, fl)
#define IMAPIStatus_SettingsDialog(This, ui, fl) (This)->lpVtbl->SettingsDialog(This, ui, fl)
#define IMAPIStatus_ChangePassword(This, o, n, fl) (This)->lpVtbl->ChangePassword(This, o, n, fl)
#define IMAPIStatus_FlushQueues(This, ui, cb, lp, fl) (This)->lpVtbl->FlushQueues(This, ui, cb, lp, fl)
#define IMsgStore_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IMsgStore_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMsgStore_Release(This) (This)->lpVtbl->Release(This)
#define IMsgStore_StoreLogoff(This, pul) (This)->lpVtbl->StoreLogoff(This, pul)
#define IMAPIAdviseSink_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IMAPIAdviseSink_Release(This) (This)->lpVtbl->Release(This)
#define IMAPIAdviseSink_OnNotify(This, c, lp) (This)->lpVtbl->OnNotify(This, c, lp)
#endif
typedef IMsgStore FAR *LPMDB;

#endif
