// Recording-mock harness for the fixture corpus and the bundled samples.
//
// Links with one provider, gets a store from it, plays MAPI's side of the
// shutdown protocol in several scenarios against a fresh recording IMAPISupport
// each time, and derives from the recorded calls which rules of docs
// MAPI-SHUTDOWN.md were broken.
//
// How the store is obtained (the provider's entry point):
//   default                           FixtureLogon(psup, &pmdb), exported by the
//                                     case: IMSProvider::Logon reduced to what
//                                     matters here;
//   -DMAPI_LINT_ENTRY_MSPROVIDERINIT  the real one: MSProviderInit gives an
//                                     IMSProvider, its Logon gives the store and
//                                     an IMSLogon; after the scenario the logon
//                                     object and the provider are released
//                                     (IMSProvider::Shutdown first).
// Build it with -DMAPI_LINT_FULL_INTERFACES for a provider built that way (see
// include/mapidefs.h): the vtable the runner calls must be the store's.
//
// Output, one item per line:
//   trace <scenario> <event> <event> ...      (for humans)
//   violation <rule-id> <scenario>            (one per rule broken in a scenario)
//   done                                      (all scenarios ran to the end)
// The mock is never freed and never trusts its count, so a store that keeps
// using or releasing it after its reference is gone is recorded, not crashed.

#include <mapispi.h>
#include <mapiutil.h>

#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <vector>

extern "C" const IID IID_IUnknown = {0x00000000, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
extern "C" const IID IID_IMsgStore = {0x00020306, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
extern "C" const IID IID_IMAPISupport = {0x00020317, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
extern "C" const IID IID_IMAPIProp = {0x00020303, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
extern "C" const IID IID_IMAPIContainer = {0x0002030B, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
extern "C" const IID IID_IMAPIFolder = {0x0002030C, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
extern "C" const IID IID_IMSProvider = {0x00020310, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
extern "C" const IID IID_IMSLogon = {0x00020311, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};
extern "C" const IID IID_IMAPIPropData = {0x0002031A, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}};

#ifdef MAPI_LINT_ENTRY_MSPROVIDERINIT
extern "C" MSPROVIDERINIT MSProviderInit;
#else
extern "C" HRESULT FixtureLogon(LPMAPISUP psup, LPMDB FAR *ppmdb);
#endif

extern "C" ULONG UlAddRef(LPVOID punk) {
    return punk ? static_cast<IUnknown *>(punk)->AddRef() : 0;
}

extern "C" ULONG UlRelease(LPVOID punk) {
    return punk ? static_cast<IUnknown *>(punk)->Release() : 0;
}

extern "C" SCODE MAPIAllocateBuffer(ULONG cbSize, LPVOID FAR *lppBuffer) {
    *lppBuffer = std::malloc(cbSize ? cbSize : 1);
    return *lppBuffer ? S_OK : MAPI_E_NOT_ENOUGH_MEMORY;
}

// Not chained to lpObject: a short-lived test process leaks it.
extern "C" SCODE MAPIAllocateMore(ULONG cbSize, LPVOID, LPVOID FAR *lppBuffer) {
    return MAPIAllocateBuffer(cbSize, lppBuffer);
}

extern "C" ULONG MAPIFreeBuffer(LPVOID lpBuffer) {
    std::free(lpBuffer);
    return 0;
}

namespace {

// The property object CreateIProp hands out (a provider keeps its store
// properties in one). It holds nothing; like the mock support object, it is
// never freed, so a provider that over-releases it is not crashed.
class PropData : public IPropData {
public:
    LONG m_cRef = 1;
    STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR *ppvObj) override {
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IMAPIProp) || IsEqualIID(riid, IID_IMAPIPropData)) {
            ++m_cRef;
            *ppvObj = this;
            return S_OK;
        }
        *ppvObj = NULL;
        return E_NOINTERFACE;
    }
    STDMETHODIMP_(ULONG) AddRef() override { return static_cast<ULONG>(++m_cRef); }
    STDMETHODIMP_(ULONG) Release() override { return static_cast<ULONG>(--m_cRef > 0 ? m_cRef : 0); }
    STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR *lpp) override {
        if (lpp) *lpp = NULL;
        return S_OK;
    }
    STDMETHODIMP SaveChanges(ULONG) override { return S_OK; }
    STDMETHODIMP GetProps(LPSPropTagArray, ULONG, ULONG FAR *, LPSPropValue FAR *) override { return MAPI_E_NO_SUPPORT; }
    STDMETHODIMP GetPropList(ULONG, LPSPropTagArray FAR *) override { return MAPI_E_NO_SUPPORT; }
    STDMETHODIMP OpenProperty(ULONG, LPCIID, ULONG, ULONG, LPUNKNOWN FAR *) override { return MAPI_E_NO_SUPPORT; }
    STDMETHODIMP SetProps(ULONG, LPSPropValue, LPSPropProblemArray FAR *) override { return MAPI_E_NO_SUPPORT; }
    STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray FAR *) override { return MAPI_E_NO_SUPPORT; }
    STDMETHODIMP CopyTo(ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                        LPSPropProblemArray FAR *) override {
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP CopyProps(LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                           LPSPropProblemArray FAR *) override {
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP GetNamesFromIDs(LPSPropTagArray FAR *, LPGUID, ULONG, ULONG FAR *, LPMAPINAMEID FAR *FAR *) override {
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP GetIDsFromNames(ULONG, LPMAPINAMEID FAR *, ULONG, LPSPropTagArray FAR *) override {
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP HrSetObjAccess(ULONG) override { return S_OK; }
    STDMETHODIMP HrSetPropAccess(LPSPropTagArray, ULONG FAR *) override { return S_OK; }
    STDMETHODIMP HrGetPropAccess(LPSPropTagArray FAR *, ULONG FAR *FAR *) override { return MAPI_E_NO_SUPPORT; }
    STDMETHODIMP HrAddObjProps(LPSPropTagArray, LPSPropProblemArray FAR *) override { return MAPI_E_NO_SUPPORT; }
};

}  // namespace

extern "C" SCODE CreateIProp(LPCIID, ALLOCATEBUFFER FAR *, ALLOCATEMORE FAR *, FREEBUFFER FAR *, LPVOID,
                             LPPROPDATA FAR *lppPropData) {
    *lppPropData = new PropData();
    return S_OK;
}

namespace {

// The harness's own reference on the support object, as MAPI holds one.
const LONG kBaseline = 1;

bool g_inStoreLogoff = false;

struct Event {
    std::string method;
    ULONG flags;        // *lpulFlags for StoreLogoffTransports, else 0
    bool inStoreLogoff;
    LONG refBefore;
    bool afterRelease;  // made when the store no longer held a reference
};

class MockSupport : public IMAPISupport {
public:
    explicit MockSupport(bool failTransports) : m_failTransports(failTransports) {}

    LONG m_cRef = kBaseline;
    bool m_storeHeldRef = false;
    bool m_failTransports;
    std::vector<Event> events;

    void Record(const char *method, ULONG flags, bool isRelease) {
        Event e;
        e.method = method;
        e.flags = flags;
        e.inStoreLogoff = g_inStoreLogoff;
        e.refBefore = m_cRef;
        e.afterRelease = (m_storeHeldRef && m_cRef <= kBaseline) || (isRelease && m_cRef <= kBaseline);
        events.push_back(e);
    }

    STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR *ppvObj) override {
        Record("QueryInterface", 0, false);
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IMAPISupport)) {
            ++m_cRef;
            *ppvObj = this;
            return S_OK;
        }
        *ppvObj = NULL;
        return E_NOINTERFACE;
    }
    STDMETHODIMP_(ULONG) AddRef() override {
        Record("AddRef", 0, false);
        if (++m_cRef > kBaseline) m_storeHeldRef = true;
        return static_cast<ULONG>(m_cRef);
    }
    STDMETHODIMP_(ULONG) Release() override {
        Record("Release", 0, true);
        --m_cRef;
        return m_cRef > 0 ? static_cast<ULONG>(m_cRef) : 0;
    }
    STDMETHODIMP GetLastError(HRESULT, ULONG, LPVOID FAR *lpp) override {
        Record("GetLastError", 0, false);
        if (lpp) *lpp = NULL;
        return S_OK;
    }
#ifdef MAPI_LINT_FULL_INTERFACES
    STDMETHODIMP Subscribe(LPNOTIFKEY, ULONG, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR *lpulConnection) override {
        Record("Subscribe", 0, false);
        if (lpulConnection) *lpulConnection = 1;
        return S_OK;
    }
    STDMETHODIMP SetProviderUID(LPMAPIUID, ULONG) override {
        Record("SetProviderUID", 0, false);
        return S_OK;
    }
#endif
    STDMETHODIMP Unsubscribe(ULONG) override {
        Record("Unsubscribe", 0, false);
        return S_OK;
    }
    STDMETHODIMP ModifyStatusRow(ULONG, LPSPropValue, ULONG) override {
        Record("ModifyStatusRow", 0, false);
        return S_OK;
    }
    STDMETHODIMP SpoolerNotify(ULONG, LPVOID) override {
        Record("SpoolerNotify", 0, false);
        return S_OK;
    }
    STDMETHODIMP StoreLogoffTransports(ULONG FAR *lpulFlags) override {
        Record("StoreLogoffTransports", lpulFlags ? *lpulFlags : 0xFFFFFFFFu, false);
        return m_failTransports ? MAPI_E_CALL_FAILED : S_OK;
    }
};

struct Scenario {
    const char *name;
    bool orderly;         // StoreLogoff is called
    ULONG callerFlags;    // flags passed to StoreLogoff
    bool failTransports;  // the mock's StoreLogoffTransports fails
    bool extraRef;        // the client holds a second reference
};

const Scenario kScenarios[] = {
    {"orderly", true, LOGOFF_ORDERLY, false, false},
    {"orderly-nowait", true, LOGOFF_NO_WAIT, false, false},
    {"orderly-failing", true, LOGOFF_ORDERLY, true, false},
    {"abrupt", false, 0, false, false},
    {"abrupt-failing", false, 0, true, false},
    {"extra-reference", true, LOGOFF_ORDERLY, false, true},
    {"abrupt-extra-reference", false, 0, false, true},
};

bool IsIUnknownMethod(const std::string &m) {
    return m == "QueryInterface" || m == "AddRef" || m == "Release";
}

std::set<std::string> Judge(const Scenario &sc, const MockSupport &mock) {
    std::set<std::string> broken;
    std::vector<const Event *> transports;
    for (const Event &e : mock.events) {
        if (e.method == "StoreLogoffTransports") transports.push_back(&e);
        if (e.afterRelease) broken.insert("support-use-after-release");
    }
    if (mock.m_cRef > kBaseline) broken.insert("support-release-missing");
    if (transports.size() > 1) broken.insert("logoff-transports-twice");
    if (sc.orderly) {
        if (transports.empty()) {
            broken.insert("logoff-transports-missing");
        } else if ((transports[0]->flags & 0xFFFFu) != sc.callerFlags) {
            broken.insert("logoff-flags-not-forwarded");
        }
        // Eager design only: other support methods inside StoreLogoff before
        // its StoreLogoffTransports call.
        bool otherFirst = false;
        for (const Event &e : mock.events) {
            if (!e.inStoreLogoff) continue;
            if (e.method == "StoreLogoffTransports") {
                if (otherFirst) broken.insert("storelogoff-transports-first");
                break;
            }
            if (!IsIUnknownMethod(e.method)) otherFirst = true;
        }
    } else {
        bool abort = false;
        for (const Event *e : transports) {
            if (e->flags & LOGOFF_ABORT) abort = true;
        }
        if (!abort) broken.insert("logoff-abort-missing");
    }
    return broken;
}

void Trace(const Scenario &sc, const MockSupport &mock, HRESULT hrLogon) {
    std::printf("trace %s logon=0x%08x", sc.name, static_cast<unsigned>(hrLogon));
    for (const Event &e : mock.events) {
        std::printf(" %s", e.method.c_str());
        if (e.method == "StoreLogoffTransports") std::printf("(0x%x)", e.flags);
        std::printf("[ref=%d%s%s]", e.refBefore, e.inStoreLogoff ? ",in-StoreLogoff" : "",
                    e.afterRelease ? ",AFTER-RELEASE" : "");
    }
    std::printf(" final-ref=%d\n", mock.m_cRef);
}

// The provider objects besides the store that the entry point handed out.
struct Session {
    LPMSPROVIDER provider = NULL;
    LPMSLOGON logon = NULL;
};

HRESULT LogonStore(LPMAPISUP psup, LPMDB FAR *ppmdb, Session &session) {
#ifdef MAPI_LINT_ENTRY_MSPROVIDERINIT
    ULONG ulProviderVer = 0;
    HRESULT hr = MSProviderInit(NULL, NULL, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                                CURRENT_SPI_VERSION, &ulProviderVer, &session.provider);
    if (FAILED(hr) || session.provider == NULL) return FAILED(hr) ? hr : E_FAIL;
    ULONG cbSpoolSecurity = 0;
    LPBYTE pbSpoolSecurity = NULL;
    LPMAPIERROR pError = NULL;
    return session.provider->Logon(psup, 0, NULL, 0, NULL, 0, NULL, &cbSpoolSecurity, &pbSpoolSecurity, &pError,
                                   &session.logon, ppmdb);
#else
    (void)session;
    return FixtureLogon(psup, ppmdb);
#endif
}

// After the store's last release, as MAPI does it: IMSLogon::Logoff, then the
// logon object's release, then IMSProvider::Shutdown. (What a logon object does
// there is outside the support-object protocol judged here; it runs so that the
// samples' logon objects, which reach back into the store, run as under MAPI.)
void EndSession(Session &session) {
    if (session.logon) {
        ULONG ulLogoffFlags = 0;
        session.logon->Logoff(&ulLogoffFlags);
    }
    if (session.logon) session.logon->Release();
    if (session.provider) {
        ULONG ulFlags = 0;
        session.provider->Shutdown(&ulFlags);
        session.provider->Release();
    }
}

}  // namespace

int main() {
    std::setvbuf(stdout, NULL, _IOLBF, 0);
    for (const Scenario &sc : kScenarios) {
        // Kept alive on purpose: a store may touch it after its release.
        MockSupport *mock = new MockSupport(sc.failTransports);
        LPMDB pmdb = NULL;
        Session session;
        HRESULT hr = LogonStore(mock, &pmdb, session);
        if (FAILED(hr) || pmdb == NULL) {
            std::printf("error %s logon failed 0x%08x\n", sc.name, static_cast<unsigned>(hr));
            return 2;
        }
        if (sc.extraRef) pmdb->AddRef();
        if (sc.orderly) {
            ULONG ulFlags = sc.callerFlags;
            g_inStoreLogoff = true;
            pmdb->StoreLogoff(&ulFlags);
            g_inStoreLogoff = false;
        }
        if (sc.extraRef) pmdb->Release();
        pmdb->Release();
        EndSession(session);
        Trace(sc, *mock, hr);
        for (const std::string &rule : Judge(sc, *mock)) {
            std::printf("violation %s %s\n", rule.c_str(), sc.name);
        }
    }
    std::printf("done\n");
    return 0;
}
