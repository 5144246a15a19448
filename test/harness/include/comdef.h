/* Stand-in for <comdef.h>: the smart-pointer typedef macro over _com_ptr_t. */
#ifndef MAPI_LINT_STANDIN_COMDEF_H
#define MAPI_LINT_STANDIN_COMDEF_H

#include <comip.h>

#define _COM_SMARTPTR_TYPEDEF(Interface, IID) \
    typedef _com_ptr_t<_com_IIID<Interface, &IID> > Interface##Ptr

#endif
