/* Not a real header: what the stand-in smart pointers use where the real ones
 * write __uuidof(T) (g++ has no __uuidof). MSVC finds an interface's IID
 * through a __declspec(uuid("...")) on the interface type; the Windows SDK
 * gives IUnknown one, the MAPI headers give their interfaces none, so real
 * code writes CComQIPtr<IMAPISupport, &IID_IMAPISupport> or AsIID. The same
 * here: MapiLintUuidOf<T> is defined for IUnknown only, and using the default
 * IID of any other interface fails to compile, as __uuidof does on MSVC
 * ("no GUID has been associated with this object").
 * MAPI_LINT_DECLARE_UUIDOF(I, IID_I), at namespace scope, stands for the
 * `struct __declspec(uuid("...")) I;` a provider may add itself. */
#ifndef MAPI_LINT_STANDIN_UUIDOF_H
#define MAPI_LINT_STANDIN_UUIDOF_H

#include <windows.h>

#ifdef __cplusplus
template <class T>
struct MapiLintUuidOf; /* no IID associated */

template <class T>
struct MapiLintUuidOf<const T> : MapiLintUuidOf<T> {};

template <>
struct MapiLintUuidOf<IUnknown> {
    static constexpr const IID *piid = &IID_IUnknown;
};

#define MAPI_LINT_DECLARE_UUIDOF(Interface, iid) \
    template <> \
    struct MapiLintUuidOf<Interface> { \
        static constexpr const IID *piid = &(iid); \
    }

#define MAPI_LINT_UUIDOF(Interface) (*MapiLintUuidOf<Interface>::piid)
#endif

#endif
