// A small provider whose store depends on definitions in other files: its destructor hands the support object
// to a helper defined elsewhere, and its final release calls StoreLogoffTransports(LOGOFF_ABORT) only under a
// #define read from a header. Valid as a whole; each part alone breaks a rule. Used by the workspace-cache and
// parallel-lint tests.

/** The store: CStoreB, declared and implemented in one file. */
export const STORE_WITH_HELPER = `#include <mapispi.h>
#include "flags.h"
void DropSupport(LPMAPISUP p);
class CStoreB : public IMsgStore
{
public:
    CStoreB(LPMAPISUP psup) : m_cRef(1), m_fLoggedOff(FALSE), m_psup(psup) { m_psup->AddRef(); }
    STDMETHODIMP_(ULONG) AddRef() { return ++m_cRef; }
    STDMETHODIMP_(ULONG) Release();
    STDMETHODIMP StoreLogoff(ULONG FAR * lpulFlags);
private:
    ~CStoreB() { DropSupport(m_psup); }
    ULONG m_cRef;
    BOOL m_fLoggedOff;
    LPMAPISUP m_psup;
};
STDMETHODIMP_(ULONG) CStoreB::Release()
{
    if (--m_cRef)
        return m_cRef;
#if ABORT_ON_RELEASE
    if (!m_fLoggedOff)
    {
        ULONG ulFlags = LOGOFF_ABORT;
        m_fLoggedOff = TRUE;
        m_psup->StoreLogoffTransports(&ulFlags);
    }
#endif
    delete this;
    return 0;
}
STDMETHODIMP CStoreB::StoreLogoff(ULONG FAR * lpulFlags)
{
    if (m_fLoggedOff)
        return S_OK;
    m_fLoggedOff = TRUE;
    return m_psup->StoreLogoffTransports(lpulFlags);
}
`;

/** The helper that releases the support object (its comment makes it a first-round file). */
export const HELPER_FILE = '// Helpers of the StoreLogoff code.\n#include <mapispi.h>\nvoid DropSupport(LPMAPISUP p)\n{\n    if (p)\n        p->Release();\n}\n';

/** The header that turns the LOGOFF_ABORT fallback on. */
export const FLAGS_HEADER = '// StoreLogoff configuration.\n#define ABORT_ON_RELEASE 1\n';
