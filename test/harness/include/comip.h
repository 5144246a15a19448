/* Stand-in for <comip.h>: the _com_ptr_t smart pointer of the compiler COM
 * support (no exceptions: the real one throws on a failed QueryInterface). */
#ifndef MAPI_LINT_STANDIN_COMIP_H
#define MAPI_LINT_STANDIN_COMIP_H

#include <windows.h>

template <class _Interface, const IID *_IID>
class _com_IIID {
public:
    typedef _Interface Interface;
    static const IID &GetIID() { return *_IID; }
};

template <class _IIID>
class _com_ptr_t {
public:
    typedef typename _IIID::Interface Interface;

    _com_ptr_t() : m_pInterface(NULL) {}
    _com_ptr_t(int null) : m_pInterface(NULL) { (void)null; }
    _com_ptr_t(Interface *p) : m_pInterface(p) { if (m_pInterface) m_pInterface->AddRef(); }
    _com_ptr_t(Interface *p, bool fAddRef) : m_pInterface(p) { if (fAddRef && m_pInterface) m_pInterface->AddRef(); }
    _com_ptr_t(const _com_ptr_t &cp) : m_pInterface(cp.m_pInterface) { if (m_pInterface) m_pInterface->AddRef(); }
    ~_com_ptr_t() { if (m_pInterface) m_pInterface->Release(); }

    _com_ptr_t &operator=(Interface *p) {
        if (m_pInterface != p) {
            Interface *old = m_pInterface;
            m_pInterface = p;
            if (m_pInterface) m_pInterface->AddRef();
            if (old) old->Release();
        }
        return *this;
    }
    _com_ptr_t &operator=(int null) { (void)null; Release(); return *this; }

    void Attach(Interface *p) { if (m_pInterface) m_pInterface->Release(); m_pInterface = p; }
    Interface *Detach() { Interface *p = m_pInterface; m_pInterface = NULL; return p; }
    void Release() { if (m_pInterface) { m_pInterface->Release(); m_pInterface = NULL; } }
    Interface *GetInterfacePtr() const { return m_pInterface; }
    operator Interface *() const { return m_pInterface; }
    Interface *operator->() const { return m_pInterface; }
    Interface &operator*() const { return *m_pInterface; }
    Interface **operator&() { Release(); return &m_pInterface; }
    operator bool() const { return m_pInterface != NULL; }
    bool operator!() const { return m_pInterface == NULL; }

private:
    Interface *m_pInterface;
};

#endif
