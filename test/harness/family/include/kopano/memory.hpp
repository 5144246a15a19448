/* Stand-in for Kopano's <kopano/memory.hpp>: KC::object_ptr, the counted
 * holder Kopano providers keep COM pointers in (family harness). Only what the
 * providers under test use: construction AddRefs, reset() and the destructor
 * Release, release() hands the pointer out without a Release, operator& (for
 * out-parameters) releases what it held first. */
#ifndef MAPI_LINT_STANDIN_KOPANO_MEMORY_HPP
#define MAPI_LINT_STANDIN_KOPANO_MEMORY_HPP

#include <windows.h>

namespace KC {

template <typename T>
class object_ptr {
public:
    object_ptr() : m_ptr(NULL) {}
    explicit object_ptr(T *p, bool addref = true) : m_ptr(p) { if (m_ptr && addref) m_ptr->AddRef(); }
    object_ptr(const object_ptr &o) : m_ptr(o.m_ptr) { if (m_ptr) m_ptr->AddRef(); }
    ~object_ptr() { reset(); }
    object_ptr &operator=(const object_ptr &o) {
        if (this != &o) {
            T *old = m_ptr;
            m_ptr = o.m_ptr;
            if (m_ptr) m_ptr->AddRef();
            if (old) old->Release();
        }
        return *this;
    }
    object_ptr &operator=(T *p) { reset(p); return *this; }
    void reset(T *p = NULL) {
        if (p) p->AddRef();
        T *old = m_ptr;
        m_ptr = p;
        if (old) old->Release();
    }
    T *release() { T *p = m_ptr; m_ptr = NULL; return p; }
    T *get() const { return m_ptr; }
    T *operator->() const { return m_ptr; }
    operator T *() const { return m_ptr; }
    T **operator&() { reset(); return &m_ptr; }
    explicit operator bool() const { return m_ptr != NULL; }
    bool operator!() const { return m_ptr == NULL; }

private:
    T *m_ptr;
};

} /* namespace KC */

#endif
