// The macros of the Windows and MAPI SDK headers that providers are written with, as `#define` lines. The
// analysed sources never include these headers' text, so the preprocessor starts every file with this model;
// a definition in the analysed sources wins over it. Only what decides how code parses or what it calls is
// modelled: declaration macros (STDMETHODIMP, MAPIMETHOD, the interface method lists), calling conventions and
// annotations (which expand to nothing), the sized-array declarators, and the C call macros
// (`IMAPISupport_Release(p)` is `(p)->lpVtbl->Release(p)`).
import { MacroTable, SDK_FILE, tableFromDefines } from '../pre/macros';
import { cCallMacros, methodListMacros } from './interfaces';

const EMPTY = [
  'FAR', 'NEAR', 'far', 'near', 'PASCAL', 'CDECL', 'WINAPI', 'CALLBACK', 'APIENTRY', 'WINAPIV',
  'STDMETHODCALLTYPE', 'STDMETHODVCALLTYPE', 'STDAPICALLTYPE', 'STDAPIVCALLTYPE', 'STDMAPIINITCALLTYPE', 'MAPIINITCALLTYPE',
  '__stdcall', '__cdecl', '__fastcall', '__thiscall', '__vectorcall', '_stdcall', '_cdecl', '__clrcall',
  '__RPC_FAR', '__RPC_USER', '__RPC_API', '__RPC_STUB',
  'IMPL', 'BEGIN_INTERFACE', 'END_INTERFACE',
  'DECLSPEC_NOVTABLE', 'DECLSPEC_NOTHROW', 'DECLSPEC_SELECTANY', 'DECLSPEC_NOINLINE', 'ATL_NO_VTABLE', 'NOTHROW',
  'STDMETHODIMP_SAL', 'CONST_VTBL', 'UNALIGNED', '__unaligned', '__ptr64', '__ptr32', '__restrict', '__w64',
  '__in', '__out', '__inout', '__in_opt', '__out_opt', '__inout_opt', '__reserved', '__deref_out', '__deref_out_opt',
  '__in_ecount', '__out_ecount', '__RPC__in', '__RPC__out', '__RPC__inout', '__RPC__deref_out', '__RPC__deref_out_opt',
  'OPTIONAL', 'IN', 'OUT',
];

const DEFINES = `
#define STDMETHODIMP HRESULT
#define STDMETHODIMP_(type) type
#define IFACEMETHODIMP HRESULT
#define IFACEMETHODIMP_(type) type
#define STDAPI HRESULT
#define STDAPI_(type) type
#define STDAPIV HRESULT
#define STDAPIV_(type) type
#define STDMAPIINITCALLTYPE
#define DECLSPEC_UUID(x)
#define DECLSPEC_ALIGN(x)
#define MIDL_INTERFACE(x) struct
#define __declspec(x)
#define __forceinline inline
#define __inline inline
#define _inline inline
#define UNREFERENCED_PARAMETER(p) ((void)(p))
#define FAILED(hr) ((hr) < 0)
#define SUCCEEDED(hr) ((hr) >= 0)
#define HR_FAILED(hr) ((hr) < 0)
#define HR_SUCCEEDED(hr) ((hr) >= 0)
#define IS_ERROR(status) ((unsigned long)(status) >> 31 == 1)
#define GetScode(hr) (hr)
#define ResultFromScode(sc) (sc)
#define MAKE_SCODE(sev, fac, code) ((SCODE)(((unsigned long)(sev) << 31) | ((unsigned long)(fac) << 16) | ((unsigned long)(code))))
#define MAKE_HRESULT(sev, fac, code) ((HRESULT)(((unsigned long)(sev) << 31) | ((unsigned long)(fac) << 16) | ((unsigned long)(code))))
#define MAKE_MAPI_E(err) (MAKE_SCODE(1, 4, err))
#define MAKE_MAPI_S(warn) (MAKE_SCODE(0, 4, warn))
#define HRESULT_FROM_WIN32(x) ((HRESULT)(x) <= 0 ? ((HRESULT)(x)) : ((HRESULT)(((x) & 0x0000FFFF) | (7 << 16) | 0x80000000)))
#define MAPIMETHOD(method) MAPIMETHOD_(HRESULT, method)
#define MAPIMETHOD_(type, method) STDMETHOD_(type, method)
#define MAPIMETHODIMP HRESULT
#define MAPIMETHODIMP_(type) type
#define MAPIMETHOD_DECLARE(_type, _method, _prefix) STDMETHODIMP_(_type) _prefix##_method
#define MAPIMETHOD_TYPEDEF(_type, _method, _prefix) typedef _type (_prefix##_method##_METHOD)
#define DEFINE_GUID(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) extern const GUID name
#define DEFINE_OLEGUID(name, l, w1, w2) extern const GUID name
#define SizedSPropTagArray(_ctag, _name) struct _SPropTagArray_ ## _name { ULONG cValues; ULONG aulPropTag[_ctag]; } _name
#define SizedSRowSet(_crow, _name) struct _SRowSet_ ## _name { ULONG cRows; SRow aRow[_crow]; } _name
#define SizedADRLIST(_centries, _name) struct _ADRLIST_ ## _name { ULONG cEntries; ADRENTRY aEntries[_centries]; } _name
#define SizedSSortOrderSet(_csort, _name) struct _SSortOrderSet_ ## _name { ULONG cSorts; ULONG cCategories; ULONG cExpanded; SSortOrder aSort[_csort]; } _name
#define SizedENTRYID(_cb, _name) struct _ENTRYID_ ## _name { BYTE abFlags[4]; BYTE ab[_cb]; } _name
#define SizedSPropProblemArray(_cprob, _name) struct _SPropProblemArray_ ## _name { ULONG cProblem; SPropProblem aProblem[_cprob]; } _name
#define SizedENTRYLIST(_cb, _name) struct _ENTRYLIST_ ## _name { ULONG cValues; SBinary lpbin[_cb]; } _name
#define SizedSPropAttrArray(_cattr, _name) struct _SPropAttrArray_ ## _name { ULONG cValues; ULONG aPropAttr[_cattr]; } _name
#define SizedDtblLabel(n, u) struct _DTBLLABEL_ ## u { DTBLLABEL dtbllabel; TCHAR lpszLabelName[n]; } u
#define SizedDtblEdit(n, u) struct _DTBLEDIT_ ## u { DTBLEDIT dtbledit; TCHAR lpszCharsAllowed[n]; } u
#define SizedDtblComboBox(n, u) struct _DTBLCOMBOBOX_ ## u { DTBLCOMBOBOX dtblcombobox; TCHAR lpszCharsAllowed[n]; } u
#define SizedDtblCheckBox(n, u) struct _DTBLCHECKBOX_ ## u { DTBLCHECKBOX dtblcheckbox; TCHAR lpszLabel[n]; } u
#define SizedDtblGroupBox(n, u) struct _DTBLGROUPBOX_ ## u { DTBLGROUPBOX dtblgroupbox; TCHAR lpszLabel[n]; } u
#define SizedDtblButton(n, u) struct _DTBLBUTTON_ ## u { DTBLBUTTON dtblbutton; TCHAR lpszLabel[n]; } u
#define SizedDtblPage(n, n1, u) struct _DTBLPAGE_ ## u { DTBLPAGE dtblpage; TCHAR lpszLabel[n]; TCHAR lpszComponent[n1]; } u
#define SizedDtblRadioButton(n, u) struct _DTBLRADIOBUTTON_ ## u { DTBLRADIOBUTTON dtblradiobutton; TCHAR lpszLabel[n]; } u
#define IUnknown_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface((This), (riid), (ppv))
#define IUnknown_AddRef(This) (This)->lpVtbl->AddRef((This))
#define IUnknown_Release(This) (This)->lpVtbl->Release((This))
`;

/** C++: interface methods are pure virtual member functions. */
const CPP_DEFINES = `
#define STDMETHOD(method) virtual HRESULT method
#define STDMETHOD_(type, method) virtual type method
#define STDMETHODV(method) virtual HRESULT method
#define STDMETHODV_(type, method) virtual type method
#define IFACEMETHOD(method) virtual HRESULT method
#define IFACEMETHOD_(type, method) virtual type method
#define PURE = 0
#define THIS_
#define THIS void
#define EXTERN_C extern "C"
#define DECLARE_INTERFACE(iface) struct iface
#define DECLARE_INTERFACE_(iface, baseiface) struct iface : public baseiface
#define DECLARE_MAPI_INTERFACE(iface) DECLARE_INTERFACE(iface)
#define DECLARE_MAPI_INTERFACE_(iface, baseiface) DECLARE_INTERFACE_(iface, baseiface)
#define _COM_SMARTPTR_TYPEDEF(Interface, IID) typedef _com_ptr_t<_com_IIID<Interface, &IID> > Interface##Ptr
`;

/** C: an interface is a struct holding a pointer to a struct of function pointers, `This` first. */
const C_DEFINES = `
#define STDMETHOD(method) HRESULT (* method)
#define STDMETHOD_(type, method) type (* method)
#define STDMETHODV(method) HRESULT (* method)
#define STDMETHODV_(type, method) type (* method)
#define IFACEMETHOD(method) HRESULT (* method)
#define IFACEMETHOD_(type, method) type (* method)
#define PURE
#define THIS_ INTERFACE * This,
#define THIS INTERFACE * This
#define EXTERN_C extern
#define DECLARE_INTERFACE(iface) typedef struct iface { const struct iface##Vtbl * lpVtbl; } iface; typedef struct iface##Vtbl iface##Vtbl; struct iface##Vtbl
#define DECLARE_INTERFACE_(iface, baseiface) DECLARE_INTERFACE(iface)
#define DECLARE_MAPI_INTERFACE(iface) DECLARE_INTERFACE(iface)
#define DECLARE_MAPI_INTERFACE_(iface, baseiface) DECLARE_INTERFACE(iface)
`;

const tables = new Map<'c' | 'cpp', MacroTable>();

/** The SDK model every file of that language starts with (built once). */
export function sdkMacros(lang: 'c' | 'cpp'): MacroTable {
  let table = tables.get(lang);
  if (!table) {
    const text = [EMPTY.map((n) => `#define ${n}`).join('\n'), DEFINES, lang === 'c' ? C_DEFINES : CPP_DEFINES, methodListMacros(), cCallMacros()].join('\n');
    table = tableFromDefines(text, SDK_FILE);
    tables.set(lang, table);
  }
  return table;
}

/** Annotation macros of the SAL family (`_In_`, `_Out_writes_(n)`): dropped where the sources do not define them. */
export const SAL_ANNOTATION = /^_(?:In|Out|Inout|Ret|Deref|Outptr|Pre|Post|Field|Check_return|Success|Printf_format_string|Reserved|Frees_ptr|Post_invalid|When|Use_decl_annotations|Null_terminated|Analysis|Must_inspect_result|Acquires|Releases|Requires|Guarded_by|Interlocked|Notnull|Maybenull|Readable|Writable|Valid|Notvalid)\w*_$/;

/**
 * Structures the SDK and Win32 headers declare (not in the analysed sources): a member or local of one of them
 * is an object whose fields the code reads and writes (`pims->eidStore.cb = 0`), not a scalar.
 */
export const SDK_STRUCT_TYPES: ReadonlySet<string> = new Set([
  'SBinary', 'SPropValue', 'SPropTagArray', 'SPropProblemArray', 'SRow', 'SRowSet', 'SSortOrder', 'SSortOrderSet',
  'SRestriction', 'ENTRYLIST', 'ENTRYID', 'MAPIUID', 'MAPIERROR', 'MAPINAMEID', 'NOTIFICATION', 'NOTIFKEY', 'ADRENTRY',
  'ADRLIST', 'FlagList', 'SPropAttrArray', 'MAPIINIT_0', 'STATUS_OBJECT_NOTIFICATION',
  'GUID', 'IID', 'CLSID', 'FILETIME', 'SYSTEMTIME', 'LARGE_INTEGER', 'ULARGE_INTEGER', 'CURRENCY', 'CY',
  'CRITICAL_SECTION', 'RTL_CRITICAL_SECTION', 'SRWLOCK', 'OVERLAPPED', 'SECURITY_ATTRIBUTES', 'RECT', 'POINT', 'SIZE', 'MSG',
  'WIN32_FIND_DATA', 'WIN32_FIND_DATAA', 'WIN32_FIND_DATAW', 'VARIANT', 'PROPVARIANT', 'STATSTG',
  'pthread_mutex_t', 'pthread_cond_t', 'pthread_rwlock_t',
]);
