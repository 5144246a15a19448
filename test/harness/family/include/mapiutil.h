/* Stand-in for <mapiutil.h>, family harness edition (test/harness/family).
 *
 * Shadows test/harness/include/mapiutil.h: the refcount helpers, the MAPI
 * memory routines (in the real headers: <mapix.h>), IPropData / CreateIProp,
 * ITableData / CreateTable, the idle engine (MAPIInitIdle / MAPIDeinitIdle)
 * and ScInitMapiUtil / DeinitMapiUtil. The family runner
 * (test/harness/family/runner.cpp) implements all of them; the memory routines
 * go through its poisoning allocator. */
#ifndef MAPI_LINT_STANDIN_MAPIUTIL_H
#define MAPI_LINT_STANDIN_MAPIUTIL_H

#include <mapidefs.h>

STDAPI_(ULONG) UlAddRef(LPVOID punk);
STDAPI_(ULONG) UlRelease(LPVOID punk);

STDAPI_(SCODE) MAPIAllocateBuffer(ULONG cbSize, LPVOID FAR *lppBuffer);
STDAPI_(SCODE) MAPIAllocateMore(ULONG cbSize, LPVOID lpObject, LPVOID FAR *lppBuffer);
STDAPI_(ULONG) MAPIFreeBuffer(LPVOID lpBuffer);

EXTERN_C const IID IID_IMAPIPropData;
EXTERN_C const IID IID_IMAPITableData;

typedef struct IPropData IPropData;
typedef IPropData FAR *LPPROPDATA;
typedef struct ITableData ITableData;
typedef ITableData FAR *LPTABLEDATA;

#define MAPI_IPROPDATA_METHODS(IPURE) \
    MAPIMETHOD(HrSetObjAccess)(THIS_ ULONG ulAccess) IPURE; \
    MAPIMETHOD(HrSetPropAccess)(THIS_ LPSPropTagArray lpPropTagArray, ULONG FAR *rgulAccess) IPURE; \
    MAPIMETHOD(HrGetPropAccess)(THIS_ LPSPropTagArray FAR *lppPropTagArray, ULONG FAR *FAR *lprgulAccess) IPURE; \
    MAPIMETHOD(HrAddObjProps)(THIS_ LPSPropTagArray lppPropTagArray, LPSPropProblemArray FAR *lprgulAccess) IPURE;

typedef void(STDAPICALLTYPE CALLERRELEASE)(ULONG ulCallerData, LPTABLEDATA lpTblData, LPMAPITABLE lpVue);

#define MAPI_ITABLEDATA_METHODS(IPURE) \
    MAPIMETHOD(HrGetView)(THIS_ LPSSortOrderSet lpSSortOrderSet, CALLERRELEASE FAR *lpfCallerRelease, \
                          ULONG ulCallerData, LPMAPITABLE FAR *lppMAPITable) IPURE; \
    MAPIMETHOD(HrModifyRow)(THIS_ LPSRow lpSRow) IPURE; \
    MAPIMETHOD(HrDeleteRow)(THIS_ LPSPropValue lpSPropValue) IPURE; \
    MAPIMETHOD(HrQueryRow)(THIS_ LPSPropValue lpsPropValue, LPSRow FAR *lppSRow, ULONG FAR *lpuliRow) IPURE; \
    MAPIMETHOD(HrEnumRow)(THIS_ ULONG ulRowNumber, LPSRow FAR *lppSRow) IPURE; \
    MAPIMETHOD(HrNotify)(THIS_ ULONG ulFlags, ULONG cValues, LPSPropValue lpSPropValue) IPURE; \
    MAPIMETHOD(HrInsertRow)(THIS_ ULONG uliRow, LPSRow lpSRow) IPURE; \
    MAPIMETHOD(HrModifyRows)(THIS_ ULONG ulFlags, LPSRowSet lpSRowSet) IPURE; \
    MAPIMETHOD(HrDeleteRows)(THIS_ ULONG ulFlags, LPSRowSet lprowsetToDelete, ULONG FAR *cRowsDeleted) IPURE;

#ifdef __cplusplus
struct IPropData : public IMAPIProp {
    MAPI_IPROPDATA_METHODS(PURE)
};
struct ITableData : public IUnknown {
    MAPI_ITABLEDATA_METHODS(PURE)
};
#else
#define INTERFACE IPropData
typedef struct IPropDataVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_IMAPIPROP_METHODS(PURE)
    MAPI_IPROPDATA_METHODS(PURE)
} IPropDataVtbl;
#undef INTERFACE
struct IPropData {
    const IPropDataVtbl FAR *lpVtbl;
};
#define INTERFACE ITableData
typedef struct ITableDataVtbl {
    MAPI_IUNKNOWN_METHODS(PURE)
    MAPI_ITABLEDATA_METHODS(PURE)
} ITableDataVtbl;
#undef INTERFACE
struct ITableData {
    const ITableDataVtbl FAR *lpVtbl;
};
#define IPropData_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IPropData_Release(This) (This)->lpVtbl->Release(This)
#define ITableData_AddRef(This) (This)->lpVtbl->AddRef(This)
#define ITableData_Release(This) (This)->lpVtbl->Release(This)
#define ITableData_HrGetView(This, s, cr, cd, pp) (This)->lpVtbl->HrGetView(This, s, cr, cd, pp)
#endif

STDAPI_(SCODE) CreateIProp(LPCIID lpInterface, ALLOCATEBUFFER FAR *lpAllocateBuffer, ALLOCATEMORE FAR *lpAllocateMore,
                           FREEBUFFER FAR *lpFreeBuffer, LPVOID lpvReserved, LPPROPDATA FAR *lppPropData);

STDAPI_(SCODE) CreateTable(LPCIID lpInterface, ALLOCATEBUFFER FAR *lpAllocateBuffer, ALLOCATEMORE FAR *lpAllocateMore,
                           FREEBUFFER FAR *lpFreeBuffer, LPVOID lpvReserved, ULONG ulTableType, ULONG ulPropTagIndexColumn,
                           LPSPropTagArray lpSPropTagArrayColumns, LPTABLEDATA FAR *lppTableData);

#define TBLTYPE_SNAPSHOT ((ULONG)0x00000000)
#define TBLTYPE_KEYSET ((ULONG)0x00000001)
#define TBLTYPE_DYNAMIC ((ULONG)0x00000002)

STDAPI_(LONG) MAPIInitIdle(LPVOID lpvReserved);
STDAPI_(void) MAPIDeinitIdle(void);
STDAPI_(SCODE) ScInitMapiUtil(ULONG ulFlags);
STDAPI_(void) DeinitMapiUtil(void);

#endif
