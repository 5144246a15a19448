// Family runner: plays MAPI's side of the service-provider shutdown family
// (docs PROVIDER-SHUTDOWN.md) against ONE provider linked with it, and prints
// which family rules the provider broke, scenario by scenario.
//
// ---------------------------------------------------------------------------
// Linking
//   The provider exports its real entry point(s): extern "C" ABProviderInit,
//   XPProviderInit and/or MSProviderInit (weak references here: every kind the
//   case defines is run). Link with
//     -Wl,--wrap=malloc -Wl,--wrap=calloc -Wl,--wrap=realloc -Wl,--wrap=free
//   so that a C provider's own malloc/free also go through the allocator below
//   (run.mjs does).
//
// Memory: every block the provider gets (global operator new/delete in all
// their forms, MAPIAllocateBuffer/MAPIAllocateMore/MAPIFreeBuffer, the IMalloc
// MAPI passes to XXProviderInit, malloc/calloc/realloc/free) has its own pages
// in one reserved arena, followed by a guard page. Freeing a block (and the
// MAPIAllocateMore blocks chained to it) mprotects its pages PROT_NONE and
// gives the memory back (MADV_DONTNEED); pages are never reused. A SIGSEGV on
// such a page is caught (sigaction + sigsetjmp/siglongjmp, on an alternate
// stack) and recorded with the object it hit (provider, logon, store, status
// object, sub-object, or an unnamed provider block), the phase that freed it
// and the phase it happened in; the scenario then ends. A second free of a
// block is recorded the same way (without ending the scenario). SIGABRT (a
// pure virtual call on a dying C++ object), SIGBUS/SIGILL/SIGFPE and a 5 s
// timeout (SIGALRM) end a scenario too.
//
// Isolation: each scenario runs in its own forked child, from a fresh
// XXProviderInit, with a fresh recording support object per logon; the parent
// continues with the next scenario whatever the child did, and prints `done`.
//
// The support mock is never freed and never trusts its count: it records every
// call with its order, the reference count before it, and which provider method
// the runner (MAPI or the client) was in (the innermost runner call; "nested"
// marks calls MAPI makes from inside a support Release). MAPI's own reference
// is the baseline (1); the provider "held" the support once the count went
// above it.
//
// MakeInvalid (MKI): the mock swaps the object's vtable pointer for a stub
// table (QueryInterface fails, AddRef/Release count from ulRefCount, every
// other method returns MAPI_E_INVALID_OBJECT); at zero it frees the object
// with MAPIFreeBuffer (the block that contains it). The object's own Release,
// and so its destructor, never run again.
//
// ---------------------------------------------------------------------------
// Scenarios (per kind the case defines; <k> = ab, xp or ms)
//   <k>-logoff              logon; logoff method (AB Logoff(0), XP TransportLogoff(0));
//                           MAPI's Release of the logon; provider Shutdown; provider Release
//   ab-/ms-objects-released OpenEntry (a sub-object) and OpenStatusEntry first, both
//                           released by the client; then as <k>-logoff
//   xp-status-released      the same with OpenStatusEntry only (IXPLogon has no OpenEntry)
//   ab-/ms-object-held      OpenEntry first; the client still holds the sub-object when
//                           logoff starts and releases it after MAPI's Release of the
//                           logon (before Shutdown)
//   <k>-status-held         the same with the status object
//   <k>-extra-ref           the client holds a second reference on the logon, released
//                           after MAPI's
//   <k>-two-logons          two logons of the same provider (each with its own support),
//                           logged off and released in logon order, then Shutdown
//   xp-release-without-logoff  a status object opened and released; then MAPI's final
//                           Release of the logon with no TransportLogoff
//   ms-store-release        (this is <k>-logoff for stores) the client calls
//                           StoreLogoff(LOGOFF_ORDERLY) and Release on the store; when
//                           that brings the support back to MAPI's reference, MAPI (inside
//                           the support Release) calls IMSLogon::Logoff and releases the
//                           logon; if that never happened, MAPI calls Logoff and Release at
//                           session end; then Shutdown and Release of the provider.
//                           ms-objects-released, ms-object-held, ms-status-held,
//                           ms-extra-ref and ms-two-logons are built on it (objects are
//                           opened on the IMSLogon; a held one is released after the
//                           store's final Release returned; the extra reference on the
//                           IMSLogon is dropped after that Release too).
//   ms-session-end-store-open  the session ends with the store still open: MAPI calls
//                           IMSLogon::Logoff and Release of the logon; the client then
//                           releases the store; Shutdown and Release.
//   Transports (RTP): inside the support Release that drops a logon's last provider
//   reference, MAPI takes the logon off its count of live logons of that provider; at
//   zero it calls IXPProvider::Shutdown and Release on the provider BEFORE that support
//   Release returns ("nested"). A provider not shut down that way by the end is shut
//   down at session end.
//
// ---------------------------------------------------------------------------
// How each rule is judged (per scenario; "the end" = after every step above ran)
//   logon-support-release-missing (AB, XP)   at the end, the logon's support object still
//        has a provider reference (count > MAPI's). Not judged in xp-release-without-logoff
//        (see transport-release-without-logoff) nor for stores (the store's support
//        reference is the store rules' business; see mslogon-support-cycle).
//   logon-support-use-after-release           a support call made after the provider
//        references were all gone (count back to MAPI's after having been above it), or a
//        Release when only MAPI's reference is left (over-release). For stores: only calls
//        made while an IMSLogon/IMSProvider method runs (not store methods), and calls from
//        the IMSLogon::Logoff that MAPI makes inside that very support Release are not
//        "after" (MAPI's object is alive until that Release returns).
//   transport-support-released-early (XP)     after a transport logon's support went back
//        to MAPI's reference: a support call other than Release (MakeInvalid,
//        ModifyStatusRow, ... - also a use-after-release), or an access (fault, second
//        free) to a block freed during the nested provider Shutdown/Release (the provider
//        object, its list nodes ...) made after that nested teardown. A provider the logon
//        keeps alive with its own counted reference is not freed there, so touching it
//        is not seen (a limit of the executed check).
//   transport-makeinvalid-missing (XP)        narrow trigger: inside the runner's call of
//        TransportLogoff, a support Release brings the count below its value at
//        TransportLogoff's entry and no MakeInvalid on the logon, one of its status objects
//        or another unnamed provider object was made earlier in that call. A release
//        deferred to Release/destructor never triggers it.
//   logon-status-object-leaked                a status object from OpenStatusEntry is not
//        freed at the end (the client released its reference); includes the cycle where
//        it holds its logon and the logon drops it only in its destructor.
//   logon-open-objects-leaked (AB, MS)        a sub-object from OpenEntry is not freed at
//        the end.
//   logon-object-leaked                       the logon object itself is not freed at the
//        end (a back reference, a list reference never dropped, a self-AddRef, a
//        MakeInvalid count that never reaches zero).
//   provider-shutdown-logons-left             a fault on a freed logon while the
//        provider's Shutdown or Release runs (a Shutdown walking a list with a freed
//        entry), or while a method of another logon runs (its unlink walking past a
//        freed entry). Right before each Shutdown the runner also scans the provider's
//        memory (the provider object, unnamed provider blocks reachable from it or from
//        the program's static data, live logons) for words that still hold a freed
//        logon and traces them; that is not judged by itself (vector slack or a stale
//        cache word looks the same as a list entry), and a list entry nothing ever
//        dereferences again (a Shutdown that only clears) is accepted.
//   transport-release-without-logoff (XP)     differential, judged by the parent from two
//        scenarios with the same steps: in xp-release-without-logoff (no TransportLogoff)
//        the support still has a provider reference at the end, or the status object is
//        not freed, or the provider-list entry is left (the fault above), while in
//        xp-status-released (with TransportLogoff) the same thing was released/unlinked:
//        the logoff work is missing on the Release-only path. (A leak on both paths is
//        the logoff path's rule; in xp-release-without-logoff rules 1, 5, 7 and 8 are not
//        judged.)
//   mslogon-support-cycle (MS)                after the client's final Release of the store
//        returned: the store object is freed, MAPI's IMSLogon::Logoff did not come
//        (nothing brought the support back to MAPI's reference) and the support still has
//        a provider reference: someone besides the store (the IMSLogon) holds it.
//   mslogon-logoff-store-left-open (MS)       in ms-session-end-store-open: MAPI called
//        IMSLogon::Logoff with the store still open, and the client's later Release of the
//        store still released a support reference it held (an over-release does not count),
//        or faulted on the freed logon: Logoff
//        neither released the store's support reference nor invalidated the store
//        (MakeInvalid swaps the store's Release for the stub, so an invalidated store does
//        nothing there).
//   A fault the rules above do not explain is printed as `fault ... rule=unexplained`.
//   In a scenario that ended on a fault, the rules judged "at the end" are not judged.
//   A fault line's rule= names the rule the fault counts for; in
//   xp-release-without-logoff it names transport-release-without-logoff as a candidate
//   (the parent's comparison decides whether the violation line is printed).
//
// Output, one item per line:
//   trace <scenario> #<n> <event>                       (for humans)
//   fault <scenario> <what> <object> in=<phase> freed-in=<phase> rule=<id>|unexplained
//   violation <rule-id> <scenario>                      (one per rule broken in a scenario)
//   error <scenario> <text>                             (the scenario could not run)
//   done                                                (all scenarios ran)

#include <mapispi.h>
#include <mapiutil.h>

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <new>

// ---------------------------------------------------------------------------
// Interface ids

#define MAPI_LINT_IID(name, l) extern "C" const IID name = {l, 0x0000, 0x0000, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}}
MAPI_LINT_IID(IID_IUnknown, 0x00000000);
MAPI_LINT_IID(IID_IMAPIProp, 0x00020303);
MAPI_LINT_IID(IID_IMsgStore, 0x00020306);
MAPI_LINT_IID(IID_IMessage, 0x00020307);
MAPI_LINT_IID(IID_IMAPIContainer, 0x0002030B);
MAPI_LINT_IID(IID_IMAPIFolder, 0x0002030C);
MAPI_LINT_IID(IID_IABContainer, 0x0002030D);
MAPI_LINT_IID(IID_IMailUser, 0x0002030A);
MAPI_LINT_IID(IID_IDistList, 0x0002030E);
MAPI_LINT_IID(IID_IMSProvider, 0x00020310);
MAPI_LINT_IID(IID_IMSLogon, 0x00020311);
MAPI_LINT_IID(IID_IABProvider, 0x00020312);
MAPI_LINT_IID(IID_IABLogon, 0x00020313);
MAPI_LINT_IID(IID_IXPProvider, 0x00020314);
MAPI_LINT_IID(IID_IXPLogon, 0x00020315);
MAPI_LINT_IID(IID_IMAPIStatus, 0x00020305);
MAPI_LINT_IID(IID_IMAPITable, 0x00020301);
MAPI_LINT_IID(IID_IMAPISupport, 0x00020317);
MAPI_LINT_IID(IID_IMAPIPropData, 0x0002031A);
MAPI_LINT_IID(IID_IMAPITableData, 0x0002031B);
MAPI_LINT_IID(IID_IMAPIAdviseSink, 0x00020302);

// The entry points: weak, so the runner links with a provider of any kind.
extern "C" ABPROVIDERINIT ABProviderInit __attribute__((weak));
extern "C" XPPROVIDERINIT XPProviderInit __attribute__((weak));
extern "C" MSPROVIDERINIT MSProviderInit __attribute__((weak));

// The program's static data (the provider's globals: lists kept there are scanned).
extern "C" {
extern char __data_start[];
extern char _end[];
}

// The real allocator (for pointers libc itself handed out).
extern "C" void *__real_malloc(size_t);
extern "C" void __real_free(void *);
extern "C" void *__real_realloc(void *, size_t);

namespace {

const LONG kBaseline = 1;  // MAPI's own reference on a support object
const size_t kPage = 4096;

// ---------------------------------------------------------------------------
// Runner memory: the runner's own objects (mock support objects, records) live
// here, outside the arena: never poisoned, never scanned.

void *PoolAlloc(size_t n) {
    static char *cur = NULL;
    static size_t left = 0;
    n = (n + 15) & ~static_cast<size_t>(15);
    if (n > left) {
        size_t chunk = n > (1u << 20) ? n : (1u << 20);
        void *p = mmap(NULL, chunk, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED) _exit(5);
        cur = static_cast<char *>(p);
        left = chunk;
    }
    void *p = cur;
    cur += n;
    left -= n;
    std::memset(p, 0, n);
    return p;
}

template <class T>
T *PoolNew() {
    return new (PoolAlloc(sizeof(T))) T();
}

// ---------------------------------------------------------------------------
// The arena

enum Origin : unsigned char { O_NEW, O_NEW_ARRAY, O_MAPI, O_MAPI_MORE, O_MALLOC, O_IMALLOC };
enum Label : unsigned char { LB_NONE, LB_PROVIDER, LB_LOGON, LB_STORE, LB_STATUS, LB_SUBOBJ };

struct Block {
    char *user;
    size_t size;
    size_t firstPage, pages;
    int parent, firstChild, nextSibling;
    bool freed;
    Origin origin;
    Label label;
    int labelIndex;  // logon number (1, 2) the labelled object belongs to
    const char *freedIn;
    bool freedNested;
    bool invalidated;
};

struct Arena {
    char *base;
    size_t npages, next;
    int *owner;  // page -> block index, -1 = none (guard page, unused)
    Block *blocks;
    int nblocks, cap;
};

Arena *g_arena = NULL;

void ArenaInit() {
    if (g_arena) return;
    Arena *a = static_cast<Arena *>(PoolAlloc(sizeof(Arena)));
    a->npages = static_cast<size_t>(1) << 18;  // 1 GiB of address space
    void *base = mmap(NULL, a->npages * kPage, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) _exit(5);
    a->base = static_cast<char *>(base);
    a->owner = static_cast<int *>(PoolAlloc(a->npages * sizeof(int)));
    for (size_t i = 0; i < a->npages; ++i) a->owner[i] = -1;
    a->cap = 1 << 17;
    a->blocks = static_cast<Block *>(PoolAlloc(static_cast<size_t>(a->cap) * sizeof(Block)));
    a->next = 1;  // page 0 stays unused: a->base itself points at no block
    g_arena = a;
}

int ArenaFind(const void *p) {
    if (!g_arena) return -1;
    uintptr_t v = reinterpret_cast<uintptr_t>(p);
    uintptr_t lo = reinterpret_cast<uintptr_t>(g_arena->base);
    if (v < lo || v >= lo + g_arena->npages * kPage) return -1;
    return g_arena->owner[(v - lo) / kPage];
}

// Defined with the scenario state below.
void OnBlockFreed(int idx);
void RecordBadFree(const char *what, const void *p, int idx);

void *ArenaAlloc(size_t size, Origin origin, int parent) {
    ArenaInit();
    Arena *a = g_arena;
    size_t pages = size ? (size + kPage - 1) / kPage : 1;
    if (a->next + pages + 1 > a->npages || a->nblocks >= a->cap) {
        std::fprintf(stderr, "family runner: arena exhausted\n");
        _exit(4);
    }
    char *p = a->base + a->next * kPage;
    if (mprotect(p, pages * kPage, PROT_READ | PROT_WRITE) != 0) _exit(5);
    int idx = a->nblocks++;
    Block &b = a->blocks[idx];
    std::memset(&b, 0, sizeof b);
    b.user = p;
    b.size = size;
    b.firstPage = a->next;
    b.pages = pages;
    b.parent = parent;
    b.firstChild = -1;
    b.nextSibling = -1;
    b.origin = origin;
    b.labelIndex = 0;
    for (size_t i = 0; i < pages; ++i) a->owner[a->next + i] = idx;
    a->next += pages + 1;  // + a guard page
    if (parent >= 0) {
        b.nextSibling = a->blocks[parent].firstChild;
        a->blocks[parent].firstChild = idx;
    }
    return p;
}

void ArenaFreeBlock(int idx) {
    Block &b = g_arena->blocks[idx];
    if (b.freed) return;
    for (int c = b.firstChild; c >= 0; c = g_arena->blocks[c].nextSibling) ArenaFreeBlock(c);
    b.freed = true;
    OnBlockFreed(idx);
    madvise(b.user, b.pages * kPage, MADV_DONTNEED);
    mprotect(b.user, b.pages * kPage, PROT_NONE);
}

// Frees the block p starts; false when p is not the arena's.
bool ArenaFree(void *p, const char *what) {
    int idx = ArenaFind(p);
    if (idx < 0) return false;
    Block &b = g_arena->blocks[idx];
    if (b.user != p) {
        RecordBadFree(what, p, idx);
        return true;
    }
    if (b.freed) {
        RecordBadFree(what, p, idx);
        return true;
    }
    ArenaFreeBlock(idx);
    return true;
}

}  // namespace

// ---------------------------------------------------------------------------
// The allocation entry points the provider uses

void *operator new(size_t n) { return ArenaAlloc(n, O_NEW, -1); }
void *operator new[](size_t n) { return ArenaAlloc(n, O_NEW_ARRAY, -1); }
void *operator new(size_t n, const std::nothrow_t &) noexcept { return ArenaAlloc(n, O_NEW, -1); }
void *operator new[](size_t n, const std::nothrow_t &) noexcept { return ArenaAlloc(n, O_NEW_ARRAY, -1); }
void *operator new(size_t n, std::align_val_t) { return ArenaAlloc(n, O_NEW, -1); }
void *operator new[](size_t n, std::align_val_t) { return ArenaAlloc(n, O_NEW_ARRAY, -1); }
void operator delete(void *p) noexcept { if (p) ArenaFree(p, "delete"); }
void operator delete[](void *p) noexcept { if (p) ArenaFree(p, "delete[]"); }
void operator delete(void *p, size_t) noexcept { if (p) ArenaFree(p, "delete"); }
void operator delete[](void *p, size_t) noexcept { if (p) ArenaFree(p, "delete[]"); }
void operator delete(void *p, const std::nothrow_t &) noexcept { if (p) ArenaFree(p, "delete"); }
void operator delete[](void *p, const std::nothrow_t &) noexcept { if (p) ArenaFree(p, "delete[]"); }
void operator delete(void *p, std::align_val_t) noexcept { if (p) ArenaFree(p, "delete"); }
void operator delete[](void *p, std::align_val_t) noexcept { if (p) ArenaFree(p, "delete[]"); }
void operator delete(void *p, size_t, std::align_val_t) noexcept { if (p) ArenaFree(p, "delete"); }
void operator delete[](void *p, size_t, std::align_val_t) noexcept { if (p) ArenaFree(p, "delete[]"); }

extern "C" void *__wrap_malloc(size_t n) { return ArenaAlloc(n, O_MALLOC, -1); }
extern "C" void *__wrap_calloc(size_t c, size_t n) {
    return ArenaAlloc(c * n, O_MALLOC, -1);  // fresh pages are zero
}
extern "C" void __wrap_free(void *p) {
    if (!p) return;
    if (!ArenaFree(p, "free")) __real_free(p);
}
extern "C" void *__wrap_realloc(void *p, size_t n) {
    if (!p) return ArenaAlloc(n, O_MALLOC, -1);
    int idx = ArenaFind(p);
    if (idx < 0) return __real_realloc(p, n);
    void *q = ArenaAlloc(n, O_MALLOC, -1);
    Block &b = g_arena->blocks[idx];
    if (!b.freed) std::memcpy(q, p, b.size < n ? b.size : n);
    ArenaFree(p, "realloc");
    return q;
}

extern "C" SCODE MAPIAllocateBuffer(ULONG cbSize, LPVOID FAR *lppBuffer) {
    if (!lppBuffer) return MAPI_E_INVALID_PARAMETER;
    *lppBuffer = ArenaAlloc(cbSize, O_MAPI, -1);
    return S_OK;
}

extern "C" SCODE MAPIAllocateMore(ULONG cbSize, LPVOID lpObject, LPVOID FAR *lppBuffer) {
    if (!lppBuffer) return MAPI_E_INVALID_PARAMETER;
    int parent = ArenaFind(lpObject);
    if (parent >= 0 && g_arena->blocks[parent].freed) parent = -1;
    *lppBuffer = ArenaAlloc(cbSize, O_MAPI_MORE, parent);
    return S_OK;
}

extern "C" ULONG MAPIFreeBuffer(LPVOID lpBuffer) {
    if (lpBuffer) ArenaFree(lpBuffer, "MAPIFreeBuffer");
    return 0;
}

extern "C" ULONG UlAddRef(LPVOID punk) { return punk ? static_cast<IUnknown *>(punk)->AddRef() : 0; }
extern "C" ULONG UlRelease(LPVOID punk) { return punk ? static_cast<IUnknown *>(punk)->Release() : 0; }
extern "C" LONG MAPIInitIdle(LPVOID) { return 0; }
extern "C" void MAPIDeinitIdle(void) {}
extern "C" SCODE ScInitMapiUtil(ULONG) { return S_OK; }
extern "C" void DeinitMapiUtil(void) {}

namespace {

// ---------------------------------------------------------------------------
// Scenario state

enum Kind { K_AB, K_XP, K_MS };
enum Flavor {
    F_LOGOFF,
    F_OBJECTS_RELEASED,
    F_OBJECT_HELD,
    F_STATUS_HELD,
    F_EXTRA_REF,
    F_TWO_LOGONS,
    F_RELEASE_NO_LOGOFF,
    F_STORE_OPEN,
};

struct ScenarioDef {
    const char *name;
    Kind kind;
    Flavor flavor;
};

const ScenarioDef kScenarios[] = {
    {"ab-logoff", K_AB, F_LOGOFF},
    {"ab-objects-released", K_AB, F_OBJECTS_RELEASED},
    {"ab-object-held", K_AB, F_OBJECT_HELD},
    {"ab-status-held", K_AB, F_STATUS_HELD},
    {"ab-extra-ref", K_AB, F_EXTRA_REF},
    {"ab-two-logons", K_AB, F_TWO_LOGONS},
    {"xp-logoff", K_XP, F_LOGOFF},
    {"xp-status-released", K_XP, F_OBJECTS_RELEASED},
    {"xp-status-held", K_XP, F_STATUS_HELD},
    {"xp-extra-ref", K_XP, F_EXTRA_REF},
    {"xp-two-logons", K_XP, F_TWO_LOGONS},
    {"xp-release-without-logoff", K_XP, F_RELEASE_NO_LOGOFF},
    {"ms-store-release", K_MS, F_LOGOFF},
    {"ms-objects-released", K_MS, F_OBJECTS_RELEASED},
    {"ms-object-held", K_MS, F_OBJECT_HELD},
    {"ms-status-held", K_MS, F_STATUS_HELD},
    {"ms-extra-ref", K_MS, F_EXTRA_REF},
    {"ms-two-logons", K_MS, F_TWO_LOGONS},
    {"ms-session-end-store-open", K_MS, F_STORE_OPEN},
};

enum Rule {
    R_SUPPORT_RELEASE_MISSING,
    R_SUPPORT_USE_AFTER_RELEASE,
    R_XP_RELEASED_EARLY,
    R_XP_MAKEINVALID_MISSING,
    R_STATUS_LEAKED,
    R_OPEN_OBJECTS_LEAKED,
    R_LOGON_LEAKED,
    R_SHUTDOWN_LOGONS_LEFT,
    R_XP_RELEASE_WITHOUT_LOGOFF,
    R_MSLOGON_SUPPORT_CYCLE,
    R_MSLOGON_STORE_LEFT_OPEN,
    R_COUNT
};

const char *const kRuleIds[R_COUNT] = {
    "logon-support-release-missing",
    "logon-support-use-after-release",
    "transport-support-released-early",
    "transport-makeinvalid-missing",
    "logon-status-object-leaked",
    "logon-open-objects-leaked",
    "logon-object-leaked",
    "provider-shutdown-logons-left",
    "transport-release-without-logoff",
    "mslogon-support-cycle",
    "mslogon-logoff-store-left-open",
};

enum PhaseKind {
    PH_NONE,
    PH_INIT,
    PH_PROV_LOGON,
    PH_OPENENTRY,
    PH_OPENSTATUS,
    PH_LOGOFF,
    PH_MAPI_ADDREF_LOGON,
    PH_MAPI_RELEASE_LOGON,
    PH_CLIENT_ADDREF_LOGON,
    PH_CLIENT_RELEASE_LOGON,
    PH_CLIENT_RELEASE_SUB,
    PH_CLIENT_RELEASE_STATUS,
    PH_PROV_SHUTDOWN,
    PH_PROV_RELEASE,
    PH_STORE_LOGOFF,
    PH_CLIENT_RELEASE_STORE,
};

struct Phase {
    PhaseKind kind;
    int logon;  // 1-based, 0 = none
    bool nested;
    int callId;
    char name[64];
};

class MockSupport;

struct LogonRec {
    IUnknown *obj;
    int block;
    MockSupport *sup;
    IMsgStore *store;
    int storeBlock;
    IUnknown *sub;
    int subBlock;
    IUnknown *status;
    int statusBlock;
    bool teardownStarted;  // MAPI called (or is calling) IMSLogon::Logoff
    bool logoffCalled;
    int logoffCallId;
    LONG refAtLogoff;
};

struct Event {
    int seq;
    int sup;  // 1-based
    const char *method;
    LONG refBefore;
    int callId;
    PhaseKind phase;
    bool nested;
    bool afterRelease;
    bool last;  // this Release brought the count back to MAPI's
    void *obj;  // MakeInvalid's object
    bool storeDomain;
};

struct Fault {
    char what[24];
    void *addr;
    int block;
    char phase[64];
    PhaseKind phaseKind;
    bool inProviderTeardown;  // phase: the provider's Shutdown or Release
    int phaseLogon;           // the logon the phase belongs to (0: none)
    bool inNested;
    bool ends;  // ended the scenario
};

struct Invalidated {
    void *obj;
    LONG cRef;
    ULONG cMethods;
};

const int kMaxEvents = 8192;
const int kMaxFaults = 32;
const int kMaxInval = 64;

struct State {
    const ScenarioDef *sc;
    int seq, callSeq;
    IUnknown *provider;
    int providerBlock;
    bool providerShutdown;
    int liveXp;
    LogonRec logons[2];
    int nlogons;
    Phase stack[32];
    int depth;
    Event *events;
    int nevents;
    Fault faults[kMaxFaults];
    int nfaults;
    Invalidated inval[kMaxInval];
    int ninval;
    sigjmp_buf jmp;
    volatile int jmpValid;
    bool completed;
    bool rules[R_COUNT];
    bool scanFoundFreedLogon;
};

State *g_st = NULL;

void Trace(const char *fmt, ...) {
    if (!g_st) return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    std::printf("trace %s #%d %s\n", g_st->sc->name, ++g_st->seq, buf);
}

const char *LabelName(Label l) {
    switch (l) {
    case LB_PROVIDER: return "provider";
    case LB_LOGON: return "logon";
    case LB_STORE: return "store";
    case LB_STATUS: return "status";
    case LB_SUBOBJ: return "subobject";
    default: return "block";
    }
}

void DescribeBlock(int idx, char *out, size_t n) {
    if (idx < 0) {
        std::snprintf(out, n, "untracked");
        return;
    }
    const Block &b = g_arena->blocks[idx];
    if (b.label == LB_NONE) std::snprintf(out, n, "block#%d(%zu bytes)", idx, b.size);
    else if (b.label == LB_PROVIDER) std::snprintf(out, n, "provider");
    else std::snprintf(out, n, "%s%d", LabelName(b.label), b.labelIndex);
}

const char *CurPhaseName() {
    if (!g_st || g_st->depth == 0) return "runner";
    return g_st->stack[g_st->depth - 1].name;
}

PhaseKind CurPhaseKind() {
    if (!g_st || g_st->depth == 0) return PH_NONE;
    return g_st->stack[g_st->depth - 1].kind;
}

int CurCallId() {
    if (!g_st || g_st->depth == 0) return 0;
    return g_st->stack[g_st->depth - 1].callId;
}

bool InNested() {
    if (!g_st) return false;
    for (int i = 0; i < g_st->depth; ++i)
        if (g_st->stack[i].nested) return true;
    return false;
}

bool InProviderTeardown() {
    PhaseKind k = CurPhaseKind();
    return k == PH_PROV_SHUTDOWN || k == PH_PROV_RELEASE;
}

void OnBlockFreed(int idx) {
    Block &b = g_arena->blocks[idx];
    if (g_st) {
        char *copy = static_cast<char *>(PoolAlloc(64));
        std::snprintf(copy, 64, "%s", CurPhaseName());
        b.freedIn = copy;
    } else {
        b.freedIn = "runner";
    }
    b.freedNested = InNested();
    if (g_st && b.label != LB_NONE) {
        char d[64];
        DescribeBlock(idx, d, sizeof d);
        Trace("free %s in=%s%s", d, b.freedIn, b.invalidated ? " (invalidated object, by MAPI)" : "");
    }
}

Fault *AddFault(const char *what, const void *addr, int idx, bool ends) {
    if (!g_st || g_st->nfaults >= kMaxFaults) return NULL;
    Fault &f = g_st->faults[g_st->nfaults++];
    std::snprintf(f.what, sizeof f.what, "%s", what);
    f.addr = const_cast<void *>(addr);
    f.block = idx;
    std::snprintf(f.phase, sizeof f.phase, "%s", CurPhaseName());
    f.phaseKind = CurPhaseKind();
    f.inProviderTeardown = InProviderTeardown();
    f.phaseLogon = g_st->depth > 0 ? g_st->stack[g_st->depth - 1].logon : 0;
    f.inNested = InNested();
    f.ends = ends;
    return &f;
}

void RecordBadFree(const char *what, const void *p, int idx) {
    char w[24];
    std::snprintf(w, sizeof w, "%s-again", what);
    AddFault(w, p, idx, false);
    char d[64];
    DescribeBlock(idx, d, sizeof d);
    Trace("%s of %s again (or not at its start) in=%s", what, d, CurPhaseName());
}

int PushPhase(PhaseKind kind, int logon, bool nested, const char *fmt, ...) {
    Phase &p = g_st->stack[g_st->depth++];
    p.kind = kind;
    p.logon = logon;
    p.nested = nested;
    p.callId = ++g_st->callSeq;
    char buf[56];
    va_list ap;
    va_start(ap, fmt);
    std::vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    std::snprintf(p.name, sizeof p.name, "%s%s", nested ? "nested:" : "", buf);
    Trace("call %s", p.name);
    return p.callId;
}

void PopPhase() {
    if (g_st->depth > 0) --g_st->depth;
}

void LabelObject(const void *obj, Label label, int index, int *blockOut) {
    int idx = ArenaFind(obj);
    *blockOut = idx;
    if (idx < 0) {
        Trace("note: %s%d at %p is not in the arena (static or foreign memory): its lifetime is not judged",
              LabelName(label), index, obj);
        return;
    }
    Block &b = g_arena->blocks[idx];
    if (b.label != LB_NONE && b.label != label) {
        Trace("note: %s%d is the %s%d object: not judged separately", LabelName(label), index, LabelName(b.label),
              b.labelIndex);
        *blockOut = -1;
        return;
    }
    b.label = label;
    b.labelIndex = index;
}

// ---------------------------------------------------------------------------
// MakeInvalid's stub

Invalidated *FindInvalidated(void *obj) {
    for (int i = 0; i < g_st->ninval; ++i)
        if (g_st->inval[i].obj == obj) return &g_st->inval[i];
    return NULL;
}

HRESULT STDMETHODCALLTYPE StubQueryInterface(void *This, REFIID, LPVOID FAR *ppv) {
    if (ppv) *ppv = NULL;
    Trace("invalidated object %p: QueryInterface fails", This);
    return MAPI_E_INVALID_OBJECT;
}

ULONG STDMETHODCALLTYPE StubAddRef(void *This) {
    Invalidated *r = FindInvalidated(This);
    if (!r) return 1;
    return static_cast<ULONG>(++r->cRef);
}

ULONG STDMETHODCALLTYPE StubRelease(void *This) {
    Invalidated *r = FindInvalidated(This);
    if (!r) return 0;
    LONG c = --r->cRef;
    if (c == 0) {
        int idx = ArenaFind(This);
        Trace("invalidated object %p: count 0, MAPI frees it with MAPIFreeBuffer", This);
        if (idx >= 0) ArenaFree(g_arena->blocks[idx].user, "MAPIFreeBuffer(invalidated)");
    }
    return c > 0 ? static_cast<ULONG>(c) : 0;
}

HRESULT STDMETHODCALLTYPE StubFail(void *This) {
    Trace("invalidated object %p: a method was called (MAPI_E_INVALID_OBJECT)", This);
    return MAPI_E_INVALID_OBJECT;
}

typedef void (*AnyFn)();
AnyFn g_stubVtbl[256];

void InitStubVtbl() {
    g_stubVtbl[0] = reinterpret_cast<AnyFn>(&StubQueryInterface);
    g_stubVtbl[1] = reinterpret_cast<AnyFn>(&StubAddRef);
    g_stubVtbl[2] = reinterpret_cast<AnyFn>(&StubRelease);
    for (int i = 3; i < 256; ++i) g_stubVtbl[i] = reinterpret_cast<AnyFn>(&StubFail);
}

// ---------------------------------------------------------------------------
// The recording support object

void OnSupportBackToBaseline(MockSupport *sup);

class MockSupport : public IMAPISupport {
public:
    int m_id = 0;  // = its logon's number
    LONG m_cRef = kBaseline;
    bool m_held = false;
    bool m_reachedBaseline = false;
    bool m_inTrigger = false;  // MAPI's work inside the Release that brought it back
    int m_releases = 0;
    int m_heldReleases = 0;  // Releases that dropped a reference still held (not over-releases)

    Event *Record(const char *method, bool isRelease, void *obj = NULL) {
        bool after;
        if (isRelease) {
            after = m_cRef <= kBaseline;
        } else if (m_cRef < kBaseline) {
            after = true;
        } else {
            after = m_held && m_cRef <= kBaseline;
            if (after && g_st->sc->kind == K_MS && m_inTrigger) after = false;
        }
        PhaseKind ph = CurPhaseKind();
        bool storeDomain = g_st->sc->kind == K_MS && (ph == PH_STORE_LOGOFF || ph == PH_CLIENT_RELEASE_STORE);
        Event *e = NULL;
        if (g_st->nevents < kMaxEvents) {
            e = &g_st->events[g_st->nevents++];
            e->seq = g_st->seq + 1;
            e->sup = m_id;
            e->method = method;
            e->refBefore = m_cRef;
            e->callId = CurCallId();
            e->phase = ph;
            e->nested = InNested();
            e->afterRelease = after;
            e->last = false;
            e->obj = obj;
            e->storeDomain = storeDomain;
        }
        char o[80] = "";
        if (obj) {
            char d[64];
            DescribeBlock(ArenaFind(obj), d, sizeof d);
            std::snprintf(o, sizeof o, "(%s)", d);
        }
        Trace("sup%d.%s%s ref=%d in=%s%s", m_id, method, o, m_cRef, CurPhaseName(), after ? " AFTER-RELEASE" : "");
        return e;
    }

    STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR *ppvObj) override {
        Record("QueryInterface", false);
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IMAPISupport)) {
            if (++m_cRef > kBaseline) m_held = true;
            *ppvObj = this;
            return S_OK;
        }
        *ppvObj = NULL;
        return E_NOINTERFACE;
    }
    STDMETHODIMP_(ULONG) AddRef() override {
        Record("AddRef", false);
        if (++m_cRef > kBaseline) m_held = true;
        return static_cast<ULONG>(m_cRef);
    }
    STDMETHODIMP_(ULONG) Release() override {
        Event *e = Record("Release", true);
        if (m_cRef > kBaseline) ++m_heldReleases;
        --m_cRef;
        ++m_releases;
        if (m_cRef == kBaseline && m_held && !m_reachedBaseline) {
            m_reachedBaseline = true;
            if (e) e->last = true;
            Trace("sup%d back to MAPI's reference", m_id);
            m_inTrigger = true;
            OnSupportBackToBaseline(this);
            m_inTrigger = false;
        }
        return m_cRef > 0 ? static_cast<ULONG>(m_cRef) : 0;
    }
    STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR *lpp) override {
        Record("GetLastError", false);
        if (lpp) *lpp = NULL;
        return S_OK;
    }
    STDMETHODIMP GetMemAllocRoutines(LPALLOCATEBUFFER FAR *a, LPALLOCATEMORE FAR *m, LPFREEBUFFER FAR *f) override {
        Record("GetMemAllocRoutines", false);
        if (a) *a = MAPIAllocateBuffer;
        if (m) *m = MAPIAllocateMore;
        if (f) *f = MAPIFreeBuffer;
        return S_OK;
    }
    STDMETHODIMP Subscribe(LPNOTIFKEY, ULONG, ULONG, LPMAPIADVISESINK, ULONG_PTR FAR *lpulConnection) override {
        Record("Subscribe", false);
        if (lpulConnection) *lpulConnection = 100 + m_id;
        return S_OK;
    }
    STDMETHODIMP Unsubscribe(ULONG_PTR) override {
        Record("Unsubscribe", false);
        return S_OK;
    }
    STDMETHODIMP Notify(LPNOTIFKEY, ULONG, LPNOTIFICATION, ULONG FAR *) override {
        Record("Notify", false);
        return S_OK;
    }
    STDMETHODIMP ModifyStatusRow(ULONG, LPSPropValue, ULONG) override {
        Record("ModifyStatusRow", false);
        return S_OK;
    }
    STDMETHODIMP OpenProfileSection(LPMAPIUID, ULONG, LPPROFSECT FAR *pp) override {
        Record("OpenProfileSection", false);
        if (pp) *pp = NULL;
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP RegisterPreprocessor(LPMAPIUID, LPTSTR, LPTSTR, LPSTR, LPSTR, ULONG) override {
        Record("RegisterPreprocessor", false);
        return S_OK;
    }
    STDMETHODIMP NewUID(LPMAPIUID lpMuid) override {
        Record("NewUID", false);
        if (lpMuid) {
            for (int i = 0; i < 16; ++i) lpMuid->ab[i] = static_cast<BYTE>(0x40 + m_id + i);
        }
        return S_OK;
    }
    STDMETHODIMP MakeInvalid(ULONG, LPVOID lpObject, ULONG ulRefCount, ULONG cMethods) override {
        Record("MakeInvalid", false, lpObject);
        if (!lpObject) return MAPI_E_INVALID_PARAMETER;
        Invalidated *r = FindInvalidated(lpObject);
        if (!r && g_st->ninval < kMaxInval) r = &g_st->inval[g_st->ninval++];
        if (!r) return MAPI_E_NOT_ENOUGH_MEMORY;
        r->obj = lpObject;
        r->cRef = static_cast<LONG>(ulRefCount);
        r->cMethods = cMethods;
        int idx = ArenaFind(lpObject);
        if (idx >= 0) g_arena->blocks[idx].invalidated = true;
        *reinterpret_cast<AnyFn **>(lpObject) = g_stubVtbl;
        Trace("sup%d.MakeInvalid: vtable swapped, count %u, %u methods", m_id, ulRefCount, cMethods);
        return S_OK;
    }
    STDMETHODIMP SpoolerYield(ULONG) override {
        Record("SpoolerYield", false);
        return S_OK;
    }
    STDMETHODIMP SpoolerNotify(ULONG, LPVOID) override {
        Record("SpoolerNotify", false);
        return S_OK;
    }
    STDMETHODIMP CreateOneOff(LPTSTR, LPTSTR, LPTSTR, ULONG, ULONG FAR *, LPENTRYID FAR *) override {
        Record("CreateOneOff", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP SetProviderUID(LPMAPIUID, ULONG) override {
        Record("SetProviderUID", false);
        return S_OK;
    }
    STDMETHODIMP CompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG FAR *r) override {
        Record("CompareEntryIDs", false);
        if (r) *r = FALSE;
        return S_OK;
    }
    STDMETHODIMP OpenTemplateID(ULONG, LPENTRYID, ULONG, LPMAPIPROP, LPCIID, LPMAPIPROP FAR *pp, LPMAPIPROP) override {
        Record("OpenTemplateID", false);
        if (pp) *pp = NULL;
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP OpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR *, LPUNKNOWN FAR *pp) override {
        Record("OpenEntry", false);
        if (pp) *pp = NULL;
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP GetOneOffTable(ULONG, LPMAPITABLE FAR *pp) override {
        Record("GetOneOffTable", false);
        if (pp) *pp = NULL;
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP Address(ULONG_PTR FAR *, LPADRPARM, LPADRLIST FAR *) override {
        Record("Address", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP Details(ULONG_PTR FAR *, LPFNDISMISS, LPVOID, ULONG, LPENTRYID, LPFNBUTTON, LPVOID, LPTSTR,
                         ULONG) override {
        Record("Details", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP NewEntry(ULONG_PTR, ULONG, ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG FAR *, LPENTRYID FAR *) override {
        Record("NewEntry", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP DoConfigPropsheet(ULONG_PTR, ULONG, LPTSTR, LPMAPITABLE, LPMAPIPROP, ULONG) override {
        Record("DoConfigPropsheet", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP CopyMessages(LPCIID, LPVOID, LPENTRYLIST, LPCIID, LPVOID, ULONG_PTR, LPMAPIPROGRESS, ULONG) override {
        Record("CopyMessages", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP CopyFolder(LPCIID, LPVOID, ULONG, LPENTRYID, LPCIID, LPVOID, LPTSTR, ULONG_PTR, LPMAPIPROGRESS,
                            ULONG) override {
        Record("CopyFolder", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP DoCopyTo(LPCIID, LPVOID, ULONG, LPCIID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID,
                          ULONG, LPSPropProblemArray FAR *) override {
        Record("DoCopyTo", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP DoCopyProps(LPCIID, LPVOID, LPSPropTagArray, ULONG_PTR, LPMAPIPROGRESS, LPCIID, LPVOID, ULONG,
                             LPSPropProblemArray FAR *) override {
        Record("DoCopyProps", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP DoProgressDialog(ULONG_PTR, ULONG, LPMAPIPROGRESS FAR *pp) override {
        Record("DoProgressDialog", false);
        if (pp) *pp = NULL;
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP ReadReceipt(ULONG, LPMESSAGE, LPMESSAGE FAR *) override {
        Record("ReadReceipt", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP PrepareSubmit(LPMESSAGE, ULONG FAR *) override {
        Record("PrepareSubmit", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP ExpandRecips(LPMESSAGE, ULONG FAR *) override {
        Record("ExpandRecips", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP UpdatePAB(ULONG, LPMESSAGE) override {
        Record("UpdatePAB", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP DoSentMail(ULONG, LPMESSAGE) override {
        Record("DoSentMail", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP OpenAddressBook(LPCIID, ULONG, LPADRBOOK FAR *pp) override {
        Record("OpenAddressBook", false);
        if (pp) *pp = NULL;
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP Preprocess(ULONG, ULONG, LPENTRYID) override {
        Record("Preprocess", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP CompleteMsg(ULONG, ULONG, LPENTRYID) override {
        Record("CompleteMsg", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP StoreLogoffTransports(ULONG FAR *) override {
        Record("StoreLogoffTransports", false);
        return S_OK;
    }
    STDMETHODIMP StatusRecips(LPMESSAGE, LPADRLIST) override {
        Record("StatusRecips", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP WrapStoreEntryID(ULONG, LPENTRYID, ULONG FAR *, LPENTRYID FAR *) override {
        Record("WrapStoreEntryID", false);
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP ModifyProfile(ULONG) override {
        Record("ModifyProfile", false);
        return S_OK;
    }
    STDMETHODIMP IStorageFromStream(LPUNKNOWN, LPCIID, ULONG, LPSTORAGE FAR *pp) override {
        Record("IStorageFromStream", false);
        if (pp) *pp = NULL;
        return MAPI_E_NO_SUPPORT;
    }
    STDMETHODIMP GetSvcConfigSupportObj(ULONG, LPMAPISUP FAR *pp) override {
        Record("GetSvcConfigSupportObj", false);
        if (pp) *pp = NULL;
        return MAPI_E_NO_SUPPORT;
    }
};

// ---------------------------------------------------------------------------
// Helpers MAPI hands out: IMalloc, CreateIProp, CreateTable (runner memory,
// counted, never freed; their own lifetime is not judged).

class MockMalloc : public IMalloc {
public:
    LONG m_cRef = 1;
    STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR *ppv) override {
        if (IsEqualIID(riid, IID_IUnknown)) {
            ++m_cRef;
            *ppv = this;
            return S_OK;
        }
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    STDMETHODIMP_(ULONG) AddRef() override { return static_cast<ULONG>(++m_cRef); }
    STDMETHODIMP_(ULONG) Release() override { return static_cast<ULONG>(--m_cRef > 0 ? m_cRef : 0); }
    void *STDMETHODCALLTYPE Alloc(size_t cb) override { return ArenaAlloc(cb, O_IMALLOC, -1); }
    void *STDMETHODCALLTYPE Realloc(void *pv, size_t cb) override { return __wrap_realloc(pv, cb); }
    void STDMETHODCALLTYPE Free(void *pv) override {
        if (pv) ArenaFree(pv, "IMalloc::Free");
    }
    size_t STDMETHODCALLTYPE GetSize(void *pv) override {
        int idx = ArenaFind(pv);
        return idx >= 0 ? g_arena->blocks[idx].size : static_cast<size_t>(-1);
    }
    int STDMETHODCALLTYPE DidAlloc(void *pv) override { return ArenaFind(pv) >= 0 ? 1 : 0; }
    void STDMETHODCALLTYPE HeapMinimize() override {}
};

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
    STDMETHODIMP SetProps(ULONG, LPSPropValue, LPSPropProblemArray FAR *) override { return S_OK; }
    STDMETHODIMP DeleteProps(LPSPropTagArray, LPSPropProblemArray FAR *) override { return S_OK; }
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

class MockView : public IMAPITable {
public:
    LONG m_cRef = 1;
    STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR *ppv) override {
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IMAPITable)) {
            ++m_cRef;
            *ppv = this;
            return S_OK;
        }
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    STDMETHODIMP_(ULONG) AddRef() override { return static_cast<ULONG>(++m_cRef); }
    STDMETHODIMP_(ULONG) Release() override { return static_cast<ULONG>(--m_cRef > 0 ? m_cRef : 0); }
};

class TableData : public ITableData {
public:
    LONG m_cRef = 1;
    STDMETHODIMP QueryInterface(REFIID riid, LPVOID FAR *ppv) override {
        if (IsEqualIID(riid, IID_IUnknown) || IsEqualIID(riid, IID_IMAPITableData)) {
            ++m_cRef;
            *ppv = this;
            return S_OK;
        }
        *ppv = NULL;
        return E_NOINTERFACE;
    }
    STDMETHODIMP_(ULONG) AddRef() override { return static_cast<ULONG>(++m_cRef); }
    STDMETHODIMP_(ULONG) Release() override { return static_cast<ULONG>(--m_cRef > 0 ? m_cRef : 0); }
    STDMETHODIMP HrGetView(LPSSortOrderSet, CALLERRELEASE FAR *, ULONG, LPMAPITABLE FAR *pp) override {
        if (pp) *pp = PoolNew<MockView>();
        return S_OK;
    }
    STDMETHODIMP HrModifyRow(LPSRow) override { return S_OK; }
    STDMETHODIMP HrDeleteRow(LPSPropValue) override { return S_OK; }
    STDMETHODIMP HrQueryRow(LPSPropValue, LPSRow FAR *, ULONG FAR *) override { return MAPI_E_NOT_FOUND; }
    STDMETHODIMP HrEnumRow(ULONG, LPSRow FAR *pp) override {
        if (pp) *pp = NULL;
        return S_OK;
    }
    STDMETHODIMP HrNotify(ULONG, ULONG, LPSPropValue) override { return S_OK; }
    STDMETHODIMP HrInsertRow(ULONG, LPSRow) override { return S_OK; }
    STDMETHODIMP HrModifyRows(ULONG, LPSRowSet) override { return S_OK; }
    STDMETHODIMP HrDeleteRows(ULONG, LPSRowSet, ULONG FAR *c) override {
        if (c) *c = 0;
        return S_OK;
    }
};

}  // namespace

extern "C" SCODE CreateIProp(LPCIID, ALLOCATEBUFFER FAR *, ALLOCATEMORE FAR *, FREEBUFFER FAR *, LPVOID,
                             LPPROPDATA FAR *lppPropData) {
    *lppPropData = PoolNew<PropData>();
    return S_OK;
}

extern "C" SCODE CreateTable(LPCIID, ALLOCATEBUFFER FAR *, ALLOCATEMORE FAR *, FREEBUFFER FAR *, LPVOID, ULONG, ULONG,
                             LPSPropTagArray, LPTABLEDATA FAR *lppTableData) {
    *lppTableData = PoolNew<TableData>();
    return S_OK;
}

namespace {

// ---------------------------------------------------------------------------
// Reachability of freed logons from the provider's memory (rule 8)

bool IsFreedLogonOfScenario(int idx) {
    const Block &b = g_arena->blocks[idx];
    return b.freed && b.label == LB_LOGON;
}

// Returns the mask of logon numbers (bit n = logon n) found freed but reachable.
unsigned ScanFreedLogons() {
    Arena *a = g_arena;
    unsigned char *visited = static_cast<unsigned char *>(PoolAlloc(static_cast<size_t>(a->nblocks) + 1));
    int *queue = static_cast<int *>(PoolAlloc((static_cast<size_t>(a->nblocks) + 1) * sizeof(int)));
    int qh = 0, qt = 0;
    unsigned found = 0;
    auto scanRange = [&](const char *lo, const char *hi) {
        uintptr_t p = (reinterpret_cast<uintptr_t>(lo) + 7) & ~static_cast<uintptr_t>(7);
        for (; p + sizeof(uintptr_t) <= reinterpret_cast<uintptr_t>(hi); p += sizeof(uintptr_t)) {
            uintptr_t v = *reinterpret_cast<const uintptr_t *>(p);
            int idx = ArenaFind(reinterpret_cast<const void *>(v));
            if (idx < 0) continue;
            const Block &b = a->blocks[idx];
            if (v >= reinterpret_cast<uintptr_t>(b.user) + (b.size ? b.size : 1)) continue;  // past the object
            if (b.freed) {
                if (IsFreedLogonOfScenario(idx)) found |= 1u << b.labelIndex;
                continue;
            }
            if (visited[idx]) continue;
            if (b.label == LB_SUBOBJ || b.label == LB_STATUS || b.label == LB_STORE) continue;
            visited[idx] = 1;
            queue[qt++] = idx;
        }
    };
    scanRange(__data_start, _end);
    if (g_st->providerBlock >= 0 && !a->blocks[g_st->providerBlock].freed && !visited[g_st->providerBlock]) {
        visited[g_st->providerBlock] = 1;
        queue[qt++] = g_st->providerBlock;
    }
    while (qh < qt) {
        const Block &b = a->blocks[queue[qh++]];
        scanRange(b.user, b.user + b.size);
    }
    return found;
}

void CheckpointLogonsLeft(const char *where) {
    unsigned found = ScanFreedLogons();
    if (!found) return;
    for (int i = 1; i <= 2; ++i)
        if (found & (1u << i))
            Trace("note: a word of the provider's memory still holds freed logon%d (%s); not judged by itself: "
                  "a stale word (vector slack, a cache) looks the same as a list entry",
                  i, where);
    g_st->scanFoundFreedLogon = true;
}

// ---------------------------------------------------------------------------
// Calling the provider (each call is a phase)

LogonRec &Logon(int i) { return g_st->logons[i - 1]; }

const char *LogonIface() {
    switch (g_st->sc->kind) {
    case K_AB: return "ablogon";
    case K_XP: return "xplogon";
    default: return "mslogon";
    }
}

const char *ProviderIface() {
    switch (g_st->sc->kind) {
    case K_AB: return "abprovider";
    case K_XP: return "xpprovider";
    default: return "msprovider";
    }
}

void ProviderShutdownAndRelease(bool nested) {
    if (g_st->providerShutdown || !g_st->provider) return;
    g_st->providerShutdown = true;
    CheckpointLogonsLeft(nested ? "before the nested Shutdown" : "before Shutdown");
    ULONG ulFlags = 0;
    PushPhase(PH_PROV_SHUTDOWN, 0, nested, "%s.Shutdown", ProviderIface());
    HRESULT hr;
    switch (g_st->sc->kind) {
    case K_AB: hr = static_cast<IABProvider *>(g_st->provider)->Shutdown(&ulFlags); break;
    case K_XP: hr = static_cast<IXPProvider *>(g_st->provider)->Shutdown(&ulFlags); break;
    default: hr = static_cast<IMSProvider *>(g_st->provider)->Shutdown(&ulFlags); break;
    }
    PopPhase();
    Trace("%s.Shutdown -> 0x%08x", ProviderIface(), static_cast<unsigned>(hr));
    PushPhase(PH_PROV_RELEASE, 0, nested, "MAPI %s.Release", ProviderIface());
    ULONG c = g_st->provider->Release();
    PopPhase();
    Trace("MAPI %s.Release -> %u", ProviderIface(), c);
}

void MsLogonTeardown(int i, bool nested) {
    LogonRec &L = Logon(i);
    if (L.teardownStarted || !L.obj) return;
    L.teardownStarted = true;
    ULONG ulFlags = 0;
    PushPhase(PH_LOGOFF, i, nested, "mslogon%d.Logoff", i);
    HRESULT hr = static_cast<IMSLogon *>(L.obj)->Logoff(&ulFlags);
    PopPhase();
    Trace("mslogon%d.Logoff -> 0x%08x", i, static_cast<unsigned>(hr));
    PushPhase(PH_MAPI_RELEASE_LOGON, i, nested, "MAPI mslogon%d.Release", i);
    ULONG c = L.obj->Release();
    PopPhase();
    Trace("MAPI mslogon%d.Release -> %u", i, c);
}

}  // namespace

namespace {

void OnSupportBackToBaseline(MockSupport *sup) {
    int i = sup->m_id;
    switch (g_st->sc->kind) {
    case K_XP:
        // RTP: MAPI removes the status row and UIDs, counts the logon off; at
        // zero it shuts the provider down before this Release returns.
        --g_st->liveXp;
        Trace("MAPI: status row of logon%d removed, live logons of the provider: %d", i, g_st->liveXp);
        if (g_st->liveXp == 0) ProviderShutdownAndRelease(true);
        break;
    case K_MS:
        // MSLO: MAPI calls IMSLogon::Logoff and releases the logon object.
        if (!Logon(i).teardownStarted) {
            Trace("MAPI: the store's support is back to MAPI's reference: IMSLogon::Logoff and Release");
            MsLogonTeardown(i, true);
        }
        break;
    default:
        break;
    }
}

MockMalloc *g_malloc = NULL;
char g_profile[] = "Family Harness Profile";

HRESULT InitProvider() {
    ULONG ulProviderVer = 0;
    HRESULT hr = E_FAIL;
    IUnknown *prov = NULL;
    PushPhase(PH_INIT, 0, false, "%s", g_st->sc->kind == K_AB ? "ABProviderInit"
                                         : g_st->sc->kind == K_XP ? "XPProviderInit"
                                                                  : "MSProviderInit");
    switch (g_st->sc->kind) {
    case K_AB: {
        LPABPROVIDER p = NULL;
        hr = ABProviderInit(NULL, g_malloc, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                            CURRENT_SPI_VERSION, &ulProviderVer, &p);
        prov = p;
        break;
    }
    case K_XP: {
        LPXPPROVIDER p = NULL;
        hr = XPProviderInit(NULL, g_malloc, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                            CURRENT_SPI_VERSION, &ulProviderVer, &p);
        prov = p;
        break;
    }
    case K_MS: {
        LPMSPROVIDER p = NULL;
        hr = MSProviderInit(NULL, g_malloc, MAPIAllocateBuffer, MAPIAllocateMore, MAPIFreeBuffer, 0,
                            CURRENT_SPI_VERSION, &ulProviderVer, &p);
        prov = p;
        break;
    }
    }
    PopPhase();
    Trace("provider init -> 0x%08x", static_cast<unsigned>(hr));
    if (FAILED(hr) || !prov) return FAILED(hr) ? hr : E_FAIL;
    g_st->provider = prov;
    LabelObject(prov, LB_PROVIDER, 0, &g_st->providerBlock);
    return S_OK;
}

HRESULT DoLogon(int i) {
    LogonRec &L = Logon(i);
    MockSupport *sup = PoolNew<MockSupport>();
    sup->m_id = i;
    L.sup = sup;
    L.block = L.storeBlock = L.subBlock = L.statusBlock = -1;
    LPMAPIERROR pErr = NULL;
    HRESULT hr = E_FAIL;
    PushPhase(PH_PROV_LOGON, i, false, "%s.%s(sup%d)", ProviderIface(),
              g_st->sc->kind == K_XP ? "TransportLogon" : "Logon", i);
    switch (g_st->sc->kind) {
    case K_AB: {
        ULONG cbSec = 0;
        LPBYTE pbSec = NULL;
        LPABLOGON p = NULL;
        hr = static_cast<IABProvider *>(g_st->provider)->Logon(sup, 0, g_profile, 0, &cbSec, &pbSec, &pErr, &p);
        L.obj = p;
        break;
    }
    case K_XP: {
        ULONG ulFlags = LOGON_NO_DIALOG;
        LPXPLOGON p = NULL;
        hr = static_cast<IXPProvider *>(g_st->provider)->TransportLogon(sup, 0, g_profile, &ulFlags, &pErr, &p);
        L.obj = p;
        break;
    }
    case K_MS: {
        ULONG cbSpool = 0;
        LPBYTE pbSpool = NULL;
        LPMSLOGON p = NULL;
        LPMDB mdb = NULL;
        hr = static_cast<IMSProvider *>(g_st->provider)->Logon(sup, 0, g_profile, 0, NULL, 0, NULL, &cbSpool, &pbSpool,
                                                               &pErr, &p, &mdb);
        L.obj = p;
        L.store = mdb;
        break;
    }
    }
    PopPhase();
    Trace("logon%d -> 0x%08x", i, static_cast<unsigned>(hr));
    if (FAILED(hr) || !L.obj || (g_st->sc->kind == K_MS && !L.store)) return FAILED(hr) ? hr : E_FAIL;
    g_st->nlogons = i;
    LabelObject(L.obj, LB_LOGON, i, &L.block);
    if (L.store) LabelObject(L.store, LB_STORE, i, &L.storeBlock);
    if (g_st->sc->kind == K_XP) ++g_st->liveXp;
    return S_OK;
}

void DoOpenEntry(int i) {
    LogonRec &L = Logon(i);
    ULONG ulType = 0;
    LPUNKNOWN p = NULL;
    HRESULT hr = E_FAIL;
    PushPhase(PH_OPENENTRY, i, false, "%s%d.OpenEntry", LogonIface(), i);
    if (g_st->sc->kind == K_AB) hr = static_cast<IABLogon *>(L.obj)->OpenEntry(0, NULL, NULL, 0, &ulType, &p);
    else hr = static_cast<IMSLogon *>(L.obj)->OpenEntry(0, NULL, NULL, 0, &ulType, &p);
    PopPhase();
    Trace("%s%d.OpenEntry -> 0x%08x type %u", LogonIface(), i, static_cast<unsigned>(hr), ulType);
    if (SUCCEEDED(hr) && p) {
        L.sub = p;
        LabelObject(p, LB_SUBOBJ, i, &L.subBlock);
    }
}

void DoOpenStatus(int i) {
    LogonRec &L = Logon(i);
    ULONG ulType = 0;
    LPVOID p = NULL;
    HRESULT hr = E_FAIL;
    PushPhase(PH_OPENSTATUS, i, false, "%s%d.OpenStatusEntry", LogonIface(), i);
    switch (g_st->sc->kind) {
    case K_AB: hr = static_cast<IABLogon *>(L.obj)->OpenStatusEntry(NULL, 0, &ulType, reinterpret_cast<LPMAPISTATUS *>(&p)); break;
    case K_XP: hr = static_cast<IXPLogon *>(L.obj)->OpenStatusEntry(NULL, 0, &ulType, reinterpret_cast<LPMAPISTATUS *>(&p)); break;
    default: hr = static_cast<IMSLogon *>(L.obj)->OpenStatusEntry(NULL, 0, &ulType, &p); break;
    }
    PopPhase();
    Trace("%s%d.OpenStatusEntry -> 0x%08x type %u", LogonIface(), i, static_cast<unsigned>(hr), ulType);
    if (SUCCEEDED(hr) && p) {
        L.status = static_cast<IUnknown *>(p);
        LabelObject(p, LB_STATUS, i, &L.statusBlock);
    }
}

void ClientRelease(IUnknown *&p, PhaseKind kind, int i, const char *what) {
    if (!p) return;
    PushPhase(kind, i, false, "client %s%d.Release", what, i);
    ULONG c = p->Release();
    PopPhase();
    Trace("client %s%d.Release -> %u", what, i, c);
    p = NULL;
}

void DoLogoff(int i) {
    LogonRec &L = Logon(i);
    L.logoffCalled = true;
    L.refAtLogoff = L.sup->m_cRef;
    HRESULT hr;
    if (g_st->sc->kind == K_AB) {
        L.logoffCallId = PushPhase(PH_LOGOFF, i, false, "ablogon%d.Logoff", i);
        hr = static_cast<IABLogon *>(L.obj)->Logoff(0);
    } else {
        L.logoffCallId = PushPhase(PH_LOGOFF, i, false, "xplogon%d.TransportLogoff", i);
        hr = static_cast<IXPLogon *>(L.obj)->TransportLogoff(0);
    }
    PopPhase();
    Trace("%s%d logoff -> 0x%08x", LogonIface(), i, static_cast<unsigned>(hr));
}

void MapiReleaseLogon(int i) {
    LogonRec &L = Logon(i);
    PushPhase(PH_MAPI_RELEASE_LOGON, i, false, "MAPI %s%d.Release", LogonIface(), i);
    ULONG c = L.obj->Release();
    PopPhase();
    Trace("MAPI %s%d.Release -> %u", LogonIface(), i, c);
}

void ExtraAddRef(int i) {
    PushPhase(PH_CLIENT_ADDREF_LOGON, i, false, "client %s%d.AddRef", LogonIface(), i);
    ULONG c = Logon(i).obj->AddRef();
    PopPhase();
    Trace("client %s%d.AddRef -> %u", LogonIface(), i, c);
}

void ExtraRelease(int i) {
    PushPhase(PH_CLIENT_RELEASE_LOGON, i, false, "client %s%d.Release", LogonIface(), i);
    ULONG c = Logon(i).obj->Release();
    PopPhase();
    Trace("client %s%d.Release -> %u", LogonIface(), i, c);
}

void ClientStoreLogoffAndRelease(int i) {
    LogonRec &L = Logon(i);
    ULONG ulFlags = LOGOFF_ORDERLY;
    PushPhase(PH_STORE_LOGOFF, i, false, "client store%d.StoreLogoff", i);
    HRESULT hr = L.store->StoreLogoff(&ulFlags);
    PopPhase();
    Trace("client store%d.StoreLogoff -> 0x%08x", i, static_cast<unsigned>(hr));
    PushPhase(PH_CLIENT_RELEASE_STORE, i, false, "client store%d.Release", i);
    ULONG c = L.store->Release();
    PopPhase();
    Trace("client store%d.Release -> %u", i, c);
    // mslogon-support-cycle: the store is gone, MAPI's IMSLogon::Logoff never
    // came, and the support still has a provider reference.
    bool storeGone = L.storeBlock >= 0 && g_arena->blocks[L.storeBlock].freed;
    if (storeGone && !L.teardownStarted && L.sup->m_cRef > kBaseline) {
        Trace("store%d freed, support still at %d: IMSLogon::Logoff cannot come", i, L.sup->m_cRef);
        g_st->rules[R_MSLOGON_SUPPORT_CYCLE] = true;
    }
    L.store = NULL;
}

// ---------------------------------------------------------------------------
// The scenarios

void RunScenarioBody() {
    const ScenarioDef &sc = *g_st->sc;
    if (FAILED(InitProvider())) {
        std::printf("error %s provider init failed\n", sc.name);
        return;
    }
    int n = sc.flavor == F_TWO_LOGONS ? 2 : 1;
    for (int i = 1; i <= n; ++i) {
        if (FAILED(DoLogon(i))) {
            std::printf("error %s logon%d failed\n", sc.name, i);
            return;
        }
    }
    bool openSub = (sc.flavor == F_OBJECTS_RELEASED || sc.flavor == F_OBJECT_HELD) && sc.kind != K_XP;
    bool openStatus = sc.flavor == F_OBJECTS_RELEASED || sc.flavor == F_STATUS_HELD || sc.flavor == F_RELEASE_NO_LOGOFF;
    if (openSub) DoOpenEntry(1);
    if (openStatus) DoOpenStatus(1);
    bool releaseFirst = sc.flavor == F_OBJECTS_RELEASED || sc.flavor == F_RELEASE_NO_LOGOFF;
    if (releaseFirst) {
        ClientRelease(Logon(1).sub, PH_CLIENT_RELEASE_SUB, 1, "subobject");
        ClientRelease(Logon(1).status, PH_CLIENT_RELEASE_STATUS, 1, "status");
    }
    if (sc.flavor == F_EXTRA_REF) ExtraAddRef(1);

    if (sc.kind == K_MS) {
        if (sc.flavor == F_STORE_OPEN) {
            LogonRec &L = Logon(1);
            Trace("session ends with store1 still open");
            MsLogonTeardown(1, false);
            int before = L.sup->m_heldReleases;
            IUnknown *store = L.store;
            L.store = NULL;
            PushPhase(PH_CLIENT_RELEASE_STORE, 1, false, "client store1.Release");
            ULONG c = store->Release();
            PopPhase();
            Trace("client store1.Release -> %u", c);
            if (L.sup->m_heldReleases > before) {
                Trace("the store still released a support reference after IMSLogon::Logoff");
                g_st->rules[R_MSLOGON_STORE_LEFT_OPEN] = true;
            }
        } else {
            for (int i = 1; i <= n; ++i) ClientStoreLogoffAndRelease(i);
        }
        if (sc.flavor == F_EXTRA_REF) ExtraRelease(1);
        ClientRelease(Logon(1).sub, PH_CLIENT_RELEASE_SUB, 1, "subobject");
        ClientRelease(Logon(1).status, PH_CLIENT_RELEASE_STATUS, 1, "status");
        for (int i = 1; i <= n; ++i) {
            if (!Logon(i).teardownStarted) {
                Trace("session end: MAPI logs logon%d off itself", i);
                MsLogonTeardown(i, false);
            }
        }
    } else {
        for (int i = 1; i <= n; ++i) {
            if (sc.flavor != F_RELEASE_NO_LOGOFF) DoLogoff(i);
            MapiReleaseLogon(i);
        }
        if (sc.flavor == F_EXTRA_REF) ExtraRelease(1);
        ClientRelease(Logon(1).sub, PH_CLIENT_RELEASE_SUB, 1, "subobject");
        ClientRelease(Logon(1).status, PH_CLIENT_RELEASE_STATUS, 1, "status");
    }
    if (!g_st->providerShutdown) {
        if (sc.kind == K_XP) Trace("session end: provider not shut down by the spooler yet");
        ProviderShutdownAndRelease(false);
    }
    CheckpointLogonsLeft("at the end");
    g_st->completed = true;
}

// ---------------------------------------------------------------------------
// Judging

bool BlockLive(int idx) { return idx >= 0 && !g_arena->blocks[idx].freed; }

enum Raw { RAW_SUPPORT, RAW_STATUS, RAW_LIST, RAW_COUNT };
const char *const kRawNames[RAW_COUNT] = {"support still held", "status object not freed", "provider-list entry left"};

// Shared with the parent (MAP_SHARED): what the two transport scenarios saw.
struct Shared {
    int ran[2];  // [0] xp-status-released, [1] xp-release-without-logoff
    bool raw[2][RAW_COUNT];
};
Shared *g_shared = NULL;

void Judge() {
    State &st = *g_st;
    const ScenarioDef &sc = *st.sc;
    bool noLogoff = sc.flavor == F_RELEASE_NO_LOGOFF;
    bool *R = st.rules;
    bool raw[RAW_COUNT] = {false, false, false};

    // Calls on the support.
    for (int k = 0; k < st.nevents; ++k) {
        const Event &e = st.events[k];
        if (!e.afterRelease) continue;
        if (sc.kind == K_MS && e.storeDomain) continue;
        R[R_SUPPORT_USE_AFTER_RELEASE] = true;
        if (sc.kind == K_XP && std::strcmp(e.method, "Release") != 0) R[R_XP_RELEASED_EARLY] = true;
    }

    // transport-makeinvalid-missing: TransportLogoff itself drops the support.
    if (sc.kind == K_XP) {
        for (int i = 1; i <= st.nlogons; ++i) {
            LogonRec &L = Logon(i);
            if (!L.logoffCalled) continue;
            LONG ref = L.refAtLogoff;
            bool invalidated = false;
            for (int k = 0; k < st.nevents; ++k) {
                const Event &e = st.events[k];
                if (e.sup != i || e.callId != L.logoffCallId) continue;
                if (std::strcmp(e.method, "MakeInvalid") == 0) {
                    int b = ArenaFind(e.obj);
                    Label l = b >= 0 ? g_arena->blocks[b].label : LB_NONE;
                    bool self = e.obj == L.obj || (b >= 0 && b == L.block);
                    if (self || l == LB_STATUS || l == LB_NONE) invalidated = true;
                } else if (std::strcmp(e.method, "Release") == 0) {
                    if (e.refBefore - 1 < ref && !invalidated) {
                        R[R_XP_MAKEINVALID_MISSING] = true;
                        break;
                    }
                    if (e.refBefore - 1 < ref) break;
                } else if (std::strcmp(e.method, "AddRef") == 0 || std::strcmp(e.method, "QueryInterface") == 0) {
                    // a temporary reference: the entry level moves with it
                }
            }
        }
    }

    // Faults and second frees.
    for (int k = 0; k < st.nfaults; ++k) {
        Fault &f = st.faults[k];
        const char *rule = NULL;
        if (f.block >= 0) {
            const Block &b = g_arena->blocks[f.block];
            if (b.freed && b.label == LB_LOGON &&
                (f.inProviderTeardown || (f.phaseLogon != 0 && f.phaseLogon != b.labelIndex))) {
                rule = noLogoff ? kRuleIds[R_XP_RELEASE_WITHOUT_LOGOFF] : kRuleIds[R_SHUTDOWN_LOGONS_LEFT];
                if (!noLogoff) R[R_SHUTDOWN_LOGONS_LEFT] = true;
                raw[RAW_LIST] = true;
            } else if (sc.kind == K_XP && b.freed && b.freedNested && !f.inNested) {
                rule = kRuleIds[R_XP_RELEASED_EARLY];
                R[R_XP_RELEASED_EARLY] = true;
            } else if (sc.flavor == F_STORE_OPEN && f.phaseKind == PH_CLIENT_RELEASE_STORE && b.freed &&
                       b.label == LB_LOGON) {
                // The store Logoff left open outlived its logon and closes itself now.
                rule = kRuleIds[R_MSLOGON_STORE_LEFT_OPEN];
                R[R_MSLOGON_STORE_LEFT_OPEN] = true;
            }
        }
        char d[64];
        DescribeBlock(f.block, d, sizeof d);
        const char *freedIn = f.block >= 0 && g_arena->blocks[f.block].freed ? g_arena->blocks[f.block].freedIn : "-";
        std::printf("fault %s %s %s in=%s freed-in=%s%s rule=%s\n", sc.name, f.what, d, f.phase, freedIn,
                    f.block >= 0 && g_arena->blocks[f.block].freedNested ? "(nested)" : "",
                    rule ? rule : "unexplained");
    }


    if (st.completed) {
        // At the end.
        for (int i = 1; i <= st.nlogons; ++i) {
            LogonRec &L = Logon(i);
            Trace("end logon%d: support ref=%d logon=%s status=%s subobject=%s", i, L.sup->m_cRef,
                  L.block < 0 ? "untracked" : BlockLive(L.block) ? "LIVE" : "freed",
                  L.statusBlock < 0 ? "-" : BlockLive(L.statusBlock) ? "LIVE" : "freed",
                  L.subBlock < 0 ? "-" : BlockLive(L.subBlock) ? "LIVE" : "freed");
            if (sc.kind != K_MS && L.sup->m_cRef > kBaseline) {
                raw[RAW_SUPPORT] = true;
                if (!noLogoff) R[R_SUPPORT_RELEASE_MISSING] = true;
            }
            if (BlockLive(L.statusBlock)) {
                raw[RAW_STATUS] = true;
                if (!noLogoff) R[R_STATUS_LEAKED] = true;
            }
            if (BlockLive(L.subBlock)) R[R_OPEN_OBJECTS_LEAKED] = true;
            if (!noLogoff && BlockLive(L.block)) R[R_LOGON_LEAKED] = true;
        }
    }

    // transport-release-without-logoff is judged by the parent, from these two
    // scenarios (same steps, with and without TransportLogoff).
    if (sc.kind == K_XP && (sc.flavor == F_OBJECTS_RELEASED || noLogoff) && g_shared) {
        int w = noLogoff ? 1 : 0;
        g_shared->ran[w] = 1;
        for (int k = 0; k < RAW_COUNT; ++k) g_shared->raw[w][k] = raw[k];
    }
}

// ---------------------------------------------------------------------------
// Signals

void OnFatalSignal(int sig, siginfo_t *si, void *) {
    if (!g_st || !g_st->jmpValid) {
        const char msg[] = "family runner: fatal signal outside a scenario\n";
        ssize_t w = write(2, msg, sizeof msg - 1);
        (void)w;
        _exit(3);
    }
    g_st->jmpValid = 0;
    const void *addr = si ? si->si_addr : NULL;
    const char *what = sig == SIGSEGV ? "SEGV" : sig == SIGBUS ? "BUS" : sig == SIGABRT ? "ABORT" : sig == SIGALRM ? "TIMEOUT" : sig == SIGILL ? "ILL" : "FPE";
    int idx = (sig == SIGSEGV || sig == SIGBUS) ? ArenaFind(addr) : -1;
    AddFault(what, addr, idx, true);
    siglongjmp(g_st->jmp, 1);
}

void InstallSignals() {
    stack_t ss;
    ss.ss_size = 1 << 16;
    ss.ss_sp = PoolAlloc(ss.ss_size);  // not static data: the scan of the provider's globals skips it
    ss.ss_flags = 0;
    sigaltstack(&ss, NULL);
    struct sigaction sa;
    std::memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = OnFatalSignal;
    sa.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    int sigs[] = {SIGSEGV, SIGBUS, SIGABRT, SIGALRM, SIGILL, SIGFPE};
    for (int s : sigs) sigaction(s, &sa, NULL);
}

void RunScenario(const ScenarioDef &sc) {
    g_st = static_cast<State *>(PoolAlloc(sizeof(State)));
    g_st->sc = &sc;
    g_st->providerBlock = -1;
    g_st->events = static_cast<Event *>(PoolAlloc(sizeof(Event) * kMaxEvents));
    g_malloc = PoolNew<MockMalloc>();
    InstallSignals();
    if (sigsetjmp(g_st->jmp, 1) == 0) {
        g_st->jmpValid = 1;
        alarm(5);
        RunScenarioBody();
        alarm(0);
        g_st->jmpValid = 0;
    } else {
        alarm(0);
        g_st->depth = 0;
        if (g_st->nfaults > 0) {
            Fault &f = g_st->faults[g_st->nfaults - 1];
            char d[64];
            DescribeBlock(f.block, d, sizeof d);
            Trace("%s on %s at %p in=%s: scenario ends", f.what, d, f.addr, f.phase);
        }
    }
    Judge();
    for (int r = 0; r < R_COUNT; ++r)
        if (g_st->rules[r]) std::printf("violation %s %s\n", kRuleIds[r], sc.name);
}

}  // namespace

int main() {
    std::setvbuf(stdout, NULL, _IOLBF, 0);
    InitStubVtbl();
    ArenaInit();
    g_shared = static_cast<Shared *>(mmap(NULL, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0));
    if (g_shared == MAP_FAILED) return 5;
    std::memset(g_shared, 0, sizeof(Shared));
    bool have[3] = {ABProviderInit != NULL, XPProviderInit != NULL, MSProviderInit != NULL};
    if (!have[0] && !have[1] && !have[2]) {
        std::printf("error - no entry point: the case defines none of ABProviderInit, XPProviderInit, MSProviderInit\n");
        return 2;
    }
    for (const ScenarioDef &sc : kScenarios) {
        if (!have[sc.kind]) continue;
        std::fflush(stdout);
        pid_t pid = fork();
        if (pid < 0) {
            std::printf("error %s fork failed\n", sc.name);
            continue;
        }
        if (pid == 0) {
            RunScenario(sc);
            std::fflush(stdout);
            _exit(0);
        }
        int status = 0;
        waitpid(pid, &status, 0);
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            std::printf("error %s scenario process ended abnormally (status 0x%x)\n", sc.name, status);
        }
        if (sc.flavor == F_RELEASE_NO_LOGOFF && g_shared->ran[1]) {
            // transport-release-without-logoff: what the logoff path releases or
            // unlinks (xp-status-released) and the Release-only path does not.
            bool broken = false;
            for (int k = 0; k < RAW_COUNT; ++k) {
                bool without = g_shared->raw[1][k], with = g_shared->ran[0] && g_shared->raw[0][k];
                if (without)
                    std::printf("trace %s #0 without TransportLogoff: %s%s\n", sc.name, kRawNames[k],
                                with ? " (also with TransportLogoff: the logoff path's rules)" : "");
                if (without && !with) broken = true;
            }
            if (broken) std::printf("violation %s %s\n", kRuleIds[R_XP_RELEASE_WITHOUT_LOGOFF], sc.name);
        }
    }
    std::printf("done\n");
    return 0;
}
