/* Stand-in for <wrl/client.h>: Microsoft::WRL::ComPtr as a release build of
 * the Windows SDK declares it (operator-> gives the raw interface). Its public
 * API only: there is no Release() and no reset() on a ComPtr; a ComPtr gives
 * its reference back with Reset() (returns the interface's new count), on
 * assignment of nullptr, or when it is destroyed; Detach() hands the reference
 * to the caller. As<U>() needs __uuidof(U): see mapi_lint_uuidof.h (MAPI
 * interfaces have no uuid: use AsIID or CopyTo(riid, ...)). */
#ifndef MAPI_LINT_STANDIN_WRL_CLIENT_H
#define MAPI_LINT_STANDIN_WRL_CLIENT_H

#include <windows.h>
#include <mapi_lint_uuidof.h>

#include <cstddef>
#include <type_traits>

namespace Microsoft {
namespace WRL {

namespace Details {
struct BoolStruct {
    int Member;
};
typedef int BoolStruct::*BoolType;

/* What &comPtr gives: converts to the slot an out-parameter fills (the
 * ComPtr's reference is released first). */
template <typename TComPtr>
class ComPtrRef {
public:
    typedef typename TComPtr::InterfaceType InterfaceType;
    ComPtrRef(TComPtr *ptr) : ptr_(ptr) {}
    operator void **() const { return reinterpret_cast<void **>(ptr_->ReleaseAndGetAddressOf()); }
    operator InterfaceType **() { return ptr_->ReleaseAndGetAddressOf(); }
    operator TComPtr *() {
        *ptr_ = nullptr;
        return ptr_;
    }
    InterfaceType *operator*() { return ptr_->Get(); }
    InterfaceType *const *GetAddressOf() const { return ptr_->GetAddressOf(); }
    InterfaceType **ReleaseAndGetAddressOf() { return ptr_->ReleaseAndGetAddressOf(); }

private:
    TComPtr *ptr_;
};
}  // namespace Details

template <typename T>
class ComPtr {
public:
    typedef T InterfaceType;

protected:
    InterfaceType *ptr_;
    template <class U>
    friend class ComPtr;

    void InternalAddRef() const {
        if (ptr_ != nullptr) ptr_->AddRef();
    }
    unsigned long InternalRelease() {
        unsigned long ref = 0;
        T *temp = ptr_;
        if (temp != nullptr) {
            ptr_ = nullptr;
            ref = temp->Release();
        }
        return ref;
    }

public:
    ComPtr() : ptr_(nullptr) {}
    ComPtr(std::nullptr_t) : ptr_(nullptr) {}
    template <class U>
    ComPtr(U *other) : ptr_(other) {
        InternalAddRef();
    }
    ComPtr(const ComPtr &other) : ptr_(other.ptr_) { InternalAddRef(); }
    template <class U, class = typename std::enable_if<std::is_convertible<U *, T *>::value>::type>
    ComPtr(const ComPtr<U> &other) : ptr_(other.ptr_) {
        InternalAddRef();
    }
    ComPtr(ComPtr &&other) : ptr_(other.ptr_) { other.ptr_ = nullptr; }
    template <class U, class = typename std::enable_if<std::is_convertible<U *, T *>::value>::type>
    ComPtr(ComPtr<U> &&other) : ptr_(other.ptr_) {
        other.ptr_ = nullptr;
    }
    ~ComPtr() { InternalRelease(); }

    ComPtr &operator=(std::nullptr_t) {
        InternalRelease();
        return *this;
    }
    ComPtr &operator=(T *other) {
        if (ptr_ != other) ComPtr(other).Swap(*this);
        return *this;
    }
    template <typename U>
    ComPtr &operator=(U *other) {
        ComPtr(other).Swap(*this);
        return *this;
    }
    ComPtr &operator=(const ComPtr &other) {
        if (ptr_ != other.ptr_) ComPtr(other).Swap(*this);
        return *this;
    }
    template <class U>
    ComPtr &operator=(const ComPtr<U> &other) {
        ComPtr(other).Swap(*this);
        return *this;
    }
    ComPtr &operator=(ComPtr &&other) {
        ComPtr(static_cast<ComPtr &&>(other)).Swap(*this);
        return *this;
    }
    template <class U>
    ComPtr &operator=(ComPtr<U> &&other) {
        ComPtr(static_cast<ComPtr<U> &&>(other)).Swap(*this);
        return *this;
    }

    void Swap(ComPtr &&r) {
        T *tmp = ptr_;
        ptr_ = r.ptr_;
        r.ptr_ = tmp;
    }
    void Swap(ComPtr &r) {
        T *tmp = ptr_;
        ptr_ = r.ptr_;
        r.ptr_ = tmp;
    }

    operator Details::BoolType() const { return Get() != nullptr ? &Details::BoolStruct::Member : nullptr; }

    T *Get() const { return ptr_; }
    InterfaceType *operator->() const { return ptr_; }
    Details::ComPtrRef<ComPtr<T> > operator&() { return Details::ComPtrRef<ComPtr<T> >(this); }
    T *const *GetAddressOf() const { return &ptr_; }
    T **GetAddressOf() { return &ptr_; }
    T **ReleaseAndGetAddressOf() {
        InternalRelease();
        return &ptr_;
    }
    T *Detach() {
        T *ptr = ptr_;
        ptr_ = nullptr;
        return ptr;
    }
    void Attach(InterfaceType *other) {
        if (ptr_ != nullptr) ptr_->Release();
        ptr_ = other;
    }
    unsigned long Reset() { return InternalRelease(); }

    HRESULT CopyTo(InterfaceType **ptr) const {
        InternalAddRef();
        *ptr = ptr_;
        return S_OK;
    }
    HRESULT CopyTo(REFIID riid, void **ptr) const { return ptr_->QueryInterface(riid, ptr); }
    template <typename U>
    HRESULT CopyTo(U **ptr) const {
        return ptr_->QueryInterface(MAPI_LINT_UUIDOF(U), reinterpret_cast<void **>(ptr));
    }
    template <typename U>
    HRESULT As(Details::ComPtrRef<ComPtr<U> > p) const {
        return ptr_->QueryInterface(MAPI_LINT_UUIDOF(U), p);
    }
    template <typename U>
    HRESULT As(ComPtr<U> *p) const {
        return ptr_->QueryInterface(MAPI_LINT_UUIDOF(U), reinterpret_cast<void **>(p->ReleaseAndGetAddressOf()));
    }
    HRESULT AsIID(REFIID riid, ComPtr<IUnknown> *p) const {
        return ptr_->QueryInterface(riid, reinterpret_cast<void **>(p->ReleaseAndGetAddressOf()));
    }
};

template <class T, class U>
bool operator==(const ComPtr<T> &a, const ComPtr<U> &b) {
    return a.Get() == b.Get();
}
template <class T>
bool operator==(const ComPtr<T> &a, std::nullptr_t) {
    return a.Get() == nullptr;
}
template <class T>
bool operator==(std::nullptr_t, const ComPtr<T> &a) {
    return a.Get() == nullptr;
}
template <class T, class U>
bool operator!=(const ComPtr<T> &a, const ComPtr<U> &b) {
    return a.Get() != b.Get();
}
template <class T>
bool operator!=(const ComPtr<T> &a, std::nullptr_t) {
    return a.Get() != nullptr;
}
template <class T>
bool operator!=(std::nullptr_t, const ComPtr<T> &a) {
    return a.Get() != nullptr;
}

}  // namespace WRL
}  // namespace Microsoft

#endif
