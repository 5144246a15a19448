/* Stand-in for <mapidefs.h>: the MAPI types, flags and interfaces providers use.
 *
 * IMsgStore comes in two shapes (the runner calls a store through its vtable,
 * so the store and the runner must be compiled in the same shape):
 *  - reduced (the default, the fixture corpus): IUnknown plus StoreLogoff, in
 *    that fixed vtable order; fixtures implement only these, and their C
 *    stores lay out a four-entry vtable;
 *  - full (-DMAPI_LINT_FULL_INTERFACES, a provider written against the real
 *    headers, such as the bundled samples): IMAPIProp's and IMsgStore's methods
 *    in the real order, so a C store's explicit vtable (StoreLogoff in slot 21)
 *    and a C++ class that implements all of IMsgStore both match.
 * The same switch adds the support methods such providers call (mapispi.h). */
#ifndef MAPI_LINT_STANDIN_MAPIDEFS_H
#define MAPI_LINT_STANDIN_MAPIDEFS_H

#include <windows.h>

#define MAPIMETHOD_(type, method) STDMETHOD_(type, method)
#define MAPIMETHOD(method) MAPIMETHOD_(HRESULT, method)

/* What a class passes to the MAPI_*_METHODS lists to declare (not define) them. */
#ifndef IMPL
#define IMPL
#endif

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

/* Object types (OpenEntry's *lpulObjType). */
#define MAPI_STORE ((ULONG)0x00000001)
#define MAPI_FOLDER ((ULONG)0x00000003)
#define MAPI_MESSAGE ((ULONG)0x00000005)

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

/* A property tag array of fixed size, declared in place (as in the real header). */
#define SizedSPropTagArray(_ctag, _name) \
    struct _SPropTagArray_##_name {      \
        ULONG cValues;                   \
        ULONG aulPropTag[_ctag];         \
    } _name

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

/* A property value: the real union (Value), plus `ul` as a shorthand for its
 * ULONG member, which the fixture corpus uses. */
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
    union _PV Value;
} SPropValue, FAR *LPSPropValue;

#define PR_STATUS_CODE ((ULONG)0x3E040003)
#define STATUS_AVAILABLE ((ULONG)0x00000001)
#define STATUS_OFFLINE ((ULONG)0x00000000)
#define STATUSROW_UPDATE ((ULONG)0x10000000)

/* Memory routines MAPI hands a provider (MSProviderInit, CreateIProp). */
typedef SCODE(STDMETHODCALLTYPE ALLOCATEBUFFER)(ULONG cbSize, LPVOID FAR *lppBuffer);
typedef SCODE(STDMETHODCALLTYPE ALLOCATEMORE)(ULONG cbSize, LPVOID lpObject, LPVOID FAR *lppBuffer);
typedef ULONG(STDAPICALLTYPE FREEBUFFER)(LPVOID lpBuffer);
typedef ALLOCATEBUFFER FAR *LPALLOCATEBUFFER;
typedef ALLOCATEMORE FAR *LPALLOCATEMORE;
typedef FREEBUFFER FAR *LPFREEBUFFER;

EXTERN_C const IID IID_IMsgStore;
EXTERN_C const IID IID_IMAPISupport;
EXTERN_C const IID IID_IMAPIProp;
EXTERN_C const IID IID_IMAPIContainer;
EXTERN_C const IID IID_IMAPIFolder;

typedef struct IMAPIProp IMAPIProp;
typedef struct IMAPIContainer IMAPIContainer;
typedef struct IMAPIFolder IMAPIFolder;
typedef struct IMAPITable IMAPITable;
typedef struct IMessage IMessage;
typedef struct IMAPIAdviseSink IMAPIAdviseSink;
typedef struct IMAPIProgress IMAPIProgress;
typedef IMAPIProp FAR *LPMAPIPROP;
typedef IMAPIContainer FAR *LPMAPICONTAINER;
typedef IMAPIFolder FAR *LPMAPIFOLDER;
typedef IMAPITable FAR *LPMAPITABLE;
typedef IMessage FAR *LPMESSAGE;
typedef IMAPIAdviseSink FAR *LPMAPIADVISESINK;
typedef IMAPIProgress FAR *LPMAPIPROGRESS;

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
/* Reduced to what is inherited: nothing here calls a table, a message, an
 * advise sink or a progress object. */
struct IMAPITable : public IUnknown {};
struct IMessage : public IMAPIProp {};
struct IMAPIAdviseSink : public IUnknown {};
struct IMAPIProgress : public IUnknown {};
#endif

typedef struct IMsgStore IMsgStore;
#ifdef MAPI_LINT_FULL_INTERFACES
#ifdef __cplusplus
struct IMsgStore : public IMAPIProp {
    MAPI_IMSGSTORE_METHODS(PURE)
};
#else
#define INTERFACE IMsgStore
typedef struct IMsgStoreVtbl {
    MAPIMETHOD(QueryInterface)(THIS_ REFIID riid, LPVOID FAR *ppvObj);
    MAPIMETHOD_(ULONG, AddRef)(THIS);
    MAPIMETHOD_(ULONG, Release)(THIS);
    MAPI_IMAPIPROP_METHODS(PURE)
    MAPI_IMSGSTORE_METHODS(PURE)
} IMsgStoreVtbl;
#undef INTERFACE
struct IMsgStore {
    const IMsgStoreVtbl FAR *lpVtbl;
};
#define IMsgStore_StoreLogoff(This, pul) (This)->lpVtbl->StoreLogoff(This, pul)
#endif
#else /* reduced */
#ifdef __cplusplus
struct IMsgStore : public IUnknown {
    MAPIMETHOD(StoreLogoff)(THIS_ ULONG FAR *lpulFlags) PURE;
};
#else
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
#endif
typedef IMsgStore FAR *LPMDB;

#endif
