/* Stand-in for the CComPtr and CComQIPtr part of <atlbase.h>. */
#ifndef MAPI_LINT_STANDIN_ATLBASE_H
#define MAPI_LINT_STANDIN_ATLBASE_H

#include <windows.h>
#include <mapi_lint_uuidof.h>

template <class T>
class CComPtr {
public:
    T *p;
    CComPtr() : p(NULL) {}
    CComPtr(T *lp) : p(lp) { if (p) p->AddRef(); }
    CComPtr(const CComPtr<T> &lp) : p(lp.p) { if (p) p->AddRef(); }
    ~CComPtr() { if (p) p->Release(); }
    void Release() { T *pTemp = p; if (pTemp) { p = NULL; pTemp->Release(); } }
    T *operator=(T *lp) { if (lp) lp->AddRef(); if (p) p->Release(); p = lp; return p; }
    operator T *() const { return p; }
    T &operator*() const { return *p; }
    T **operator&() { return &p; }
    T *operator->() const { return p; }
    bool operator!() const { return p == NULL; }
    void Attach(T *p2) { if (p) p->Release(); p = p2; }
    T *Detach() { T *pt = p; p = NULL; return pt; }
};

/* CComQIPtr: a CComPtr that QueryInterfaces what it is given as an IUnknown
 * (for *piid), and AddRefs what it is given as a T. The default IID is
 * __uuidof(T) on MSVC (see mapi_lint_uuidof.h: MAPI interfaces have none, so
 * MAPI code names the IID: CComQIPtr<IMAPISupport, &IID_IMAPISupport>). */
template <class T, const IID *piid = MapiLintUuidOf<T>::piid>
class CComQIPtr : public CComPtr<T> {
public:
    CComQIPtr() {}
    CComQIPtr(T *lp) : CComPtr<T>(lp) {}
    CComQIPtr(const CComQIPtr<T, piid> &lp) : CComPtr<T>(lp.p) {}
    CComQIPtr(IUnknown *lp) {
        if (lp != NULL && FAILED(lp->QueryInterface(*piid, (void **)&this->p))) this->p = NULL;
    }
    T *operator=(T *lp) { return CComPtr<T>::operator=(lp); }
    T *operator=(const CComQIPtr<T, piid> &lp) { return CComPtr<T>::operator=(lp.p); }
    T *operator=(IUnknown *lp) {
        T *pNew = NULL;
        if (lp != NULL && FAILED(lp->QueryInterface(*piid, (void **)&pNew))) pNew = NULL;
        T *pOld = this->p;
        this->p = pNew;
        if (pOld) pOld->Release();
        return this->p;
    }
};

/* IUnknown's: every pointer is an IUnknown, so the QueryInterface constructor is the only one. */
template <>
class CComQIPtr<IUnknown, &IID_IUnknown> : public CComPtr<IUnknown> {
public:
    CComQIPtr() {}
    CComQIPtr(IUnknown *lp) {
        if (lp != NULL && FAILED(lp->QueryInterface(IID_IUnknown, (void **)&this->p))) this->p = NULL;
    }
    CComQIPtr(const CComQIPtr<IUnknown, &IID_IUnknown> &lp) : CComPtr<IUnknown>(lp.p) {}
    IUnknown *operator=(const CComQIPtr<IUnknown, &IID_IUnknown> &lp) { return CComPtr<IUnknown>::operator=(lp.p); }
    IUnknown *operator=(IUnknown *lp) {
        IUnknown *pNew = NULL;
        if (lp != NULL && FAILED(lp->QueryInterface(IID_IUnknown, (void **)&pNew))) pNew = NULL;
        IUnknown *pOld = this->p;
        this->p = pNew;
        if (pOld) pOld->Release();
        return this->p;
    }
};

#endif
