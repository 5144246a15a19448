/* Stand-in for the CComObjectRootEx / CComObject part of <atlcom.h>: enough
 * for a store written the ATL way (the object's own code has FinalRelease and
 * no Release; CComObject<T> owns the count and deletes on the last Release). */
#ifndef MAPI_LINT_STANDIN_ATLCOM_H
#define MAPI_LINT_STANDIN_ATLCOM_H

#include <atlbase.h>

#ifndef ATL_NO_VTABLE
#define ATL_NO_VTABLE
#endif

class CComMultiThreadModel {
public:
    static ULONG Increment(LONG volatile *p) { return (ULONG)InterlockedIncrement(p); }
    static ULONG Decrement(LONG volatile *p) { return (ULONG)InterlockedDecrement(p); }
};
class CComSingleThreadModel {
public:
    static ULONG Increment(LONG volatile *p) { return (ULONG)++(*p); }
    static ULONG Decrement(LONG volatile *p) { return (ULONG)--(*p); }
};

template <class ThreadModel>
class CComObjectRootEx {
public:
    CComObjectRootEx() : m_dwRef(0) {}
    HRESULT FinalConstruct() { return S_OK; }
    void FinalRelease() {}
    ULONG InternalAddRef() { return ThreadModel::Increment(&m_dwRef); }
    ULONG InternalRelease() { return ThreadModel::Decrement(&m_dwRef); }
    LONG m_dwRef;
};

#define BEGIN_COM_MAP(x) \
public: \
    HRESULT _InternalQueryInterface(REFIID iid, void **ppvObject) { \
        *ppvObject = NULL; \
        if (IsEqualIID(iid, IID_IUnknown)) { *ppvObject = this; return S_OK; }
#define COM_INTERFACE_ENTRY(x) \
        if (IsEqualIID(iid, IID_##x)) { *ppvObject = static_cast<x *>(this); return S_OK; }
#define END_COM_MAP() \
        return E_NOINTERFACE; \
    }

template <class Base>
class CComObject : public Base {
public:
    CComObject() {}
    virtual ~CComObject() { this->FinalRelease(); }
    STDMETHOD_(ULONG, AddRef)() { return this->InternalAddRef(); }
    STDMETHOD_(ULONG, Release)() {
        ULONG l = this->InternalRelease();
        if (l == 0) delete this;
        return l;
    }
    STDMETHOD(QueryInterface)(REFIID iid, void **ppvObject) {
        HRESULT hr = this->_InternalQueryInterface(iid, ppvObject);
        if (hr == S_OK) AddRef();
        return hr;
    }
    static HRESULT CreateInstance(CComObject<Base> **pp) {
        CComObject<Base> *p = new CComObject<Base>();
        HRESULT hr = p->FinalConstruct();
        if (FAILED(hr)) { delete p; p = NULL; }
        *pp = p;
        return hr;
    }
};

#endif
