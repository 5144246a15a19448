/* Stand-in for <wil/com.h> (Windows Implementation Libraries): wil::com_ptr_t
 * and its aliases com_ptr (exceptions), com_ptr_nothrow (HRESULTs) and
 * com_ptr_failfast. The public API a store would use, with the real
 * semantics: lower-case names; reset() gives the reference back and holds
 * null; attach() takes a reference without AddRef; detach() hands it to the
 * caller; put() / operator& release what is held, then give the slot for an
 * out-parameter; get() and operator-> give the raw pointer. There is no
 * Release() and no Reset() on a com_ptr. Of the query helpers only the
 * (riid, void **) forms are here (the typed ones need __uuidof). */
#ifndef MAPI_LINT_STANDIN_WIL_COM_H
#define MAPI_LINT_STANDIN_WIL_COM_H

#include <windows.h>

#include <cstddef>
#include <cstdlib>
#include <type_traits>

namespace wil {

/* The three error policies: how a failed HRESULT comes out of a method. */
struct err_exception_policy {
    typedef void result;
    static void HResult(HRESULT hr) {
        if (FAILED(hr)) throw hr;
    }
};
struct err_returncode_policy {
    typedef HRESULT result;
    static HRESULT HResult(HRESULT hr) { return hr; }
};
struct err_failfast_policy {
    typedef void result;
    static void HResult(HRESULT hr) {
        if (FAILED(hr)) std::abort();
    }
};

template <typename T, typename err_policy = err_exception_policy>
class com_ptr_t {
public:
    typedef typename err_policy::result result;
    typedef T element_type;
    typedef T *pointer;

    com_ptr_t() : m_ptr(nullptr) {}
    com_ptr_t(std::nullptr_t) : m_ptr(nullptr) {}
    com_ptr_t(pointer ptr) : m_ptr(ptr) {
        if (m_ptr) m_ptr->AddRef();
    }
    com_ptr_t(const com_ptr_t &other) : com_ptr_t(other.get()) {}
    template <class U, typename err, class = typename std::enable_if<std::is_convertible<U *, pointer>::value>::type>
    com_ptr_t(const com_ptr_t<U, err> &other) : com_ptr_t(static_cast<pointer>(other.get())) {}
    com_ptr_t(com_ptr_t &&other) : m_ptr(other.detach()) {}
    template <class U, typename err, class = typename std::enable_if<std::is_convertible<U *, pointer>::value>::type>
    com_ptr_t(com_ptr_t<U, err> &&other) : m_ptr(other.detach()) {}
    ~com_ptr_t() {
        if (m_ptr) m_ptr->Release();
    }

    com_ptr_t &operator=(std::nullptr_t) {
        reset();
        return *this;
    }
    com_ptr_t &operator=(pointer other) {
        pointer old = m_ptr;
        m_ptr = other;
        if (m_ptr) m_ptr->AddRef();
        if (old) old->Release();
        return *this;
    }
    com_ptr_t &operator=(const com_ptr_t &other) { return operator=(other.get()); }
    template <class U, typename err, class = typename std::enable_if<std::is_convertible<U *, pointer>::value>::type>
    com_ptr_t &operator=(const com_ptr_t<U, err> &other) {
        return operator=(static_cast<pointer>(other.get()));
    }
    com_ptr_t &operator=(com_ptr_t &&other) {
        attach(other.detach());
        return *this;
    }
    template <class U, typename err, class = typename std::enable_if<std::is_convertible<U *, pointer>::value>::type>
    com_ptr_t &operator=(com_ptr_t<U, err> &&other) {
        attach(other.detach());
        return *this;
    }

    template <typename err>
    void swap(com_ptr_t<T, err> &other) {
        pointer p = m_ptr;
        m_ptr = other.m_ptr;
        other.m_ptr = p;
    }
    void reset() {
        pointer p = m_ptr;
        m_ptr = nullptr;
        if (p) p->Release();
    }
    void reset(std::nullptr_t) { reset(); }
    void attach(pointer other) {
        pointer p = m_ptr;
        m_ptr = other;
        if (p) p->Release();
    }
    [[nodiscard]] pointer detach() {
        pointer p = m_ptr;
        m_ptr = nullptr;
        return p;
    }
    pointer *put() {
        reset();
        return &m_ptr;
    }
    void **put_void() { return reinterpret_cast<void **>(put()); }
    IUnknown **put_unknown() { return reinterpret_cast<IUnknown **>(put()); }
    pointer *operator&() { return put(); }
    pointer *addressof() { return &m_ptr; }
    const pointer *addressof() const { return &m_ptr; }

    explicit operator bool() const { return m_ptr != nullptr; }
    pointer get() const { return m_ptr; }
    pointer operator->() const { return m_ptr; }
    T &operator*() const { return *m_ptr; }

    result query_to(REFIID riid, void **ptrResult) const { return err_policy::HResult(m_ptr->QueryInterface(riid, ptrResult)); }
    bool try_query_to(REFIID riid, void **ptrResult) const { return SUCCEEDED(m_ptr->QueryInterface(riid, ptrResult)); }

private:
    template <class U, class E>
    friend class com_ptr_t;
    pointer m_ptr;
};

template <typename T>
using com_ptr = com_ptr_t<T, err_exception_policy>;
template <typename T>
using com_ptr_nothrow = com_ptr_t<T, err_returncode_policy>;
template <typename T>
using com_ptr_failfast = com_ptr_t<T, err_failfast_policy>;

/* A com_ptr holding (and AddRef-ing) p. */
template <typename T>
com_ptr<T> make_com_ptr(T *p) {
    return com_ptr<T>(p);
}

template <class T, class E1, class U, class E2>
bool operator==(const com_ptr_t<T, E1> &a, const com_ptr_t<U, E2> &b) {
    return a.get() == b.get();
}
template <class T, class E>
bool operator==(const com_ptr_t<T, E> &a, std::nullptr_t) {
    return a.get() == nullptr;
}
template <class T, class E1, class U, class E2>
bool operator!=(const com_ptr_t<T, E1> &a, const com_ptr_t<U, E2> &b) {
    return a.get() != b.get();
}
template <class T, class E>
bool operator!=(const com_ptr_t<T, E> &a, std::nullptr_t) {
    return a.get() != nullptr;
}

}  // namespace wil

#endif
