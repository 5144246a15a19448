/* Stand-in for the parts of <windows.h>/<objbase.h> that MAPI providers use.
 * Only enough to compile the fixture corpus and the bundled samples (samples/)
 * with gcc/g++ on Linux x86-64.
 * C and C++ views of IUnknown share one layout: a vtable pointer first, the
 * entries in declaration order (Itanium C++ ABI, no virtual destructor). */
#ifndef MAPI_LINT_STANDIN_WINDOWS_H
#define MAPI_LINT_STANDIN_WINDOWS_H

#include <stddef.h>
#include <string.h>

#define FAR
#define NEAR
#define WINAPI
#define STDMETHODCALLTYPE
#define STDAPICALLTYPE

typedef int LONG;
typedef unsigned int ULONG;
typedef unsigned int DWORD;
typedef int BOOL;
typedef unsigned char BYTE;
typedef unsigned short WORD;
typedef LONG HRESULT;
typedef void FAR *LPVOID;
typedef char FAR *LPSTR;
typedef const char FAR *LPCSTR;
typedef ULONG FAR *LPULONG;
typedef unsigned long ULONG_PTR; /* pointer-sized, as on Win64 */
typedef LONG SCODE;
typedef BYTE FAR *LPBYTE;
typedef void FAR *HINSTANCE;

/* ANSI build: TCHAR is char. */
typedef char TCHAR;
typedef TCHAR FAR *LPTSTR;
typedef const TCHAR FAR *LPCTSTR;
#define TEXT(s) s
#define lstrlen(s) ((int)strlen(s))

#ifndef TRUE
#define TRUE 1
#endif
#ifndef FALSE
#define FALSE 0
#endif
#ifndef NULL
#define NULL 0
#endif

#define S_OK ((HRESULT)0L)
#define S_FALSE ((HRESULT)1L)
#define E_NOINTERFACE ((HRESULT)0x80004002L)
#define E_INVALIDARG ((HRESULT)0x80070057L)
#define E_OUTOFMEMORY ((HRESULT)0x8007000EL)
#define SUCCEEDED(hr) (((HRESULT)(hr)) >= 0)
#define FAILED(hr) (((HRESULT)(hr)) < 0)
#define HR_SUCCEEDED(hr) SUCCEEDED((HRESULT)(hr))
#define HR_FAILED(hr) FAILED((HRESULT)(hr))

typedef struct _GUID {
    DWORD Data1;
    WORD Data2;
    WORD Data3;
    BYTE Data4[8];
} GUID;
typedef GUID IID;
typedef GUID FAR *LPGUID;
typedef IID FAR *LPIID;
typedef const IID FAR *LPCIID;
#ifdef __cplusplus
typedef const IID &REFIID;
#define IsEqualIID(a, b) (memcmp(&(a), &(b), sizeof(IID)) == 0)
inline bool operator==(const GUID &a, const GUID &b) { return memcmp(&a, &b, sizeof(GUID)) == 0; }
inline bool operator!=(const GUID &a, const GUID &b) { return !(a == b); }
#else
typedef const IID *REFIID;
#define IsEqualIID(a, b) (memcmp((a), (b), sizeof(IID)) == 0)
#endif

/* C89 has no `inline`: GCC's alternate keyword keeps the stand-ins usable with -std=c89 -pedantic. */
#ifdef __cplusplus
#define MAPI_LINT_INLINE inline
#else
#define MAPI_LINT_INLINE __inline__
#endif

#ifdef __cplusplus
#define EXTERN_C extern "C"
#else
#define EXTERN_C extern
#endif

EXTERN_C const IID IID_IUnknown;

static MAPI_LINT_INLINE LONG InterlockedIncrement(LONG volatile *p) { return __atomic_add_fetch(p, 1, __ATOMIC_SEQ_CST); }
static MAPI_LINT_INLINE LONG InterlockedDecrement(LONG volatile *p) { return __atomic_sub_fetch(p, 1, __ATOMIC_SEQ_CST); }
/* Both return the value *p had before the call. */
static MAPI_LINT_INLINE LONG InterlockedExchange(LONG volatile *p, LONG lValue) { return __atomic_exchange_n(p, lValue, __ATOMIC_SEQ_CST); }
static MAPI_LINT_INLINE LONG InterlockedCompareExchange(LONG volatile *p, LONG lExchange, LONG lComparand)
{
    /* On a mismatch the builtin stores the current value in lComparand; on a match it equals it already. */
    __atomic_compare_exchange_n(p, &lComparand, lExchange, 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST);
    return lComparand;
}

/* The runner drives a store from one thread: a critical section only counts. */
typedef struct _CRITICAL_SECTION {
    LONG LockCount;
} CRITICAL_SECTION, FAR *LPCRITICAL_SECTION;
static MAPI_LINT_INLINE void InitializeCriticalSection(LPCRITICAL_SECTION p) { p->LockCount = 0; }
static MAPI_LINT_INLINE void EnterCriticalSection(LPCRITICAL_SECTION p) { ++p->LockCount; }
static MAPI_LINT_INLINE void LeaveCriticalSection(LPCRITICAL_SECTION p) { --p->LockCount; }
static MAPI_LINT_INLINE void DeleteCriticalSection(LPCRITICAL_SECTION p) { (void)p; }

#define STDAPI EXTERN_C HRESULT STDAPICALLTYPE
#define STDAPI_(type) EXTERN_C type STDAPICALLTYPE
#define STDMETHODIMP HRESULT STDMETHODCALLTYPE
#define STDMETHODIMP_(type) type STDMETHODCALLTYPE

#ifdef __cplusplus
#define interface struct
#define PURE = 0
#define THIS_
#define THIS void
#define STDMETHOD(method) virtual HRESULT STDMETHODCALLTYPE method
#define STDMETHOD_(type, method) virtual type STDMETHODCALLTYPE method
#define DECLARE_INTERFACE(iface) interface iface
#define DECLARE_INTERFACE_(iface, base) interface iface : public base

struct IUnknown {
    virtual HRESULT STDMETHODCALLTYPE QueryInterface(REFIID riid, LPVOID FAR *ppvObj) = 0;
    virtual ULONG STDMETHODCALLTYPE AddRef(void) = 0;
    virtual ULONG STDMETHODCALLTYPE Release(void) = 0;
};
#else
#define PURE
/* C vtables written with the method-list macros: #define INTERFACE first. */
#define THIS_ INTERFACE FAR *This,
#define THIS INTERFACE FAR *This
#define STDMETHOD(method) HRESULT (STDMETHODCALLTYPE FAR *method)
#define STDMETHOD_(type, method) type (STDMETHODCALLTYPE FAR *method)

typedef struct IUnknown IUnknown;
typedef struct IUnknownVtbl {
    HRESULT (STDMETHODCALLTYPE FAR *QueryInterface)(IUnknown FAR *This, REFIID riid, LPVOID FAR *ppvObj);
    ULONG (STDMETHODCALLTYPE FAR *AddRef)(IUnknown FAR *This);
    ULONG (STDMETHODCALLTYPE FAR *Release)(IUnknown FAR *This);
} IUnknownVtbl;
struct IUnknown {
    const IUnknownVtbl FAR *lpVtbl;
};
#define IUnknown_QueryInterface(This, riid, ppv) (This)->lpVtbl->QueryInterface(This, riid, ppv)
#define IUnknown_AddRef(This) (This)->lpVtbl->AddRef(This)
#define IUnknown_Release(This) (This)->lpVtbl->Release(This)
#endif
typedef IUnknown FAR *LPUNKNOWN;

/* Only passed through (MSProviderInit's lpMalloc). */
typedef struct IMalloc IMalloc;
typedef IMalloc FAR *LPMALLOC;

#endif
