// Recording-mock harness for the fixture corpus.
//
// Links with one fixture (which exports FixtureLogon, the way IMSProvider::Logon
// hands out a store), plays MAPI's side of the shutdown protocol in several
// scenarios against a fresh recording IMAPISupport each time, and derives from
// the recorded calls which rules of docs MAPI-SHUTDOWN.md were broken.
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

extern "C" HRESULT FixtureLogon(LPMAPISUP psup, LPMDB FAR *ppmdb);

extern "C" ULONG UlAddRef(LPVOID punk) {
    return punk ? static_cast<IUnknown *>(punk)->AddRef() : 0;
}

extern "C" ULONG UlRelease(LPVOID punk) {
    return punk ? static_cast<IUnknown *>(punk)->Release() : 0;
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

}  // namespace

int main() {
    std::setvbuf(stdout, NULL, _IOLBF, 0);
    for (const Scenario &sc : kScenarios) {
        // Kept alive on purpose: a store may touch it after its release.
        MockSupport *mock = new MockSupport(sc.failTransports);
        LPMDB pmdb = NULL;
        HRESULT hr = FixtureLogon(mock, &pmdb);
        if (FAILED(hr) || pmdb == NULL) {
            std::printf("error %s FixtureLogon failed 0x%08x\n", sc.name, static_cast<unsigned>(hr));
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
        Trace(sc, *mock, hr);
        for (const std::string &rule : Judge(sc, *mock)) {
            std::printf("violation %s %s\n", rule.c_str(), sc.name);
        }
    }
    std::printf("done\n");
    return 0;
}
