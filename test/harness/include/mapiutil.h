/* Stand-in for <mapiutil.h>: the refcount helpers providers use, IPropData and
 * CreateIProp; also the MAPI memory routines (in the real headers: <mapix.h>).
 * The runner (test/harness/runner.cpp) implements all of them. */
#ifndef MAPI_LINT_STANDIN_MAPIUTIL_H
#define MAPI_LINT_STANDIN_MAPIUTIL_H

#include <mapidefs.h>

STDAPI_(ULONG) UlAddRef(LPVOID punk);
STDAPI_(ULONG) UlRelease(LPVOID punk);

STDAPI_(SCODE) MAPIAllocateBuffer(ULONG cbSize, LPVOID FAR *lppBuffer);
STDAPI_(SCODE) MAPIAllocateMore(ULONG cbSize, LPVOID lpObject, LPVOID FAR *lppBuffer);
STDAPI_(ULONG) MAPIFreeBuffer(LPVOID lpBuffer);

EXTERN_C const IID IID_IMAPIPropData;

typedef struct IPropData IPropData;
typedef IPropData FAR *LPPROPDATA;

#define MAPI_IPROPDATA_METHODS(IPURE) \
    MAPIMETHOD(HrSetObjAccess)(THIS_ ULONG ulAccess) IPURE; \
    MAPIMETHOD(HrSetPropAccess)(THIS_ LPSPropTagArray lpPropTagArray, ULONG FAR *rgulAccess) IPURE; \
    MAPIMETHOD(HrGetPropAccess)(THIS_ LPSPropTagArray FAR *lppPropTagArray, ULONG FAR *FAR *lprgulAccess) IPURE; \
    MAPIMETHOD(HrAddObjProps)(THIS_ LPSPropTagArray lppPropTagArray, LPSPropProblemArray FAR *lprgulAccess) IPURE;

#ifdef __cplusplus
struct IPropData : public IMAPIProp {
    MAPI_IPROPDATA_METHODS(PURE)
};
#endif

STDAPI_(SCODE) CreateIProp(LPCIID lpInterface, ALLOCATEBUFFER FAR *lpAllocateBuffer, ALLOCATEMORE FAR *lpAllocateMore,
                           FREEBUFFER FAR *lpFreeBuffer, LPVOID lpvReserved, LPPROPDATA FAR *lppPropData);

#endif
