/* Stand-in for the CComPtr part of <atlbase.h>. */
#ifndef MAPI_LINT_STANDIN_ATLBASE_H
#define MAPI_LINT_STANDIN_ATLBASE_H

#include <windows.h>

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

#endif
