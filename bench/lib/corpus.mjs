// Deterministic corpus generator: a provider tree mixing store classes taken from the labelled fixtures
// (every style the engine handles, valid and invalid), folder/message/table code that says Release
// everywhere, and unrelated C++. Same seed + same size => byte-identical tree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);
const CASES_DIR = path.join(REPO, 'test', 'fixtures', 'cases');

/** The deterministic generator the fuzz tests use too (compiled from test/support/rng.ts). */
export const { rng } = require(path.join(REPO, 'out', 'test', 'support', 'rng.js'));

/** The fixture cases (file or directory), without the .fixed goldens: the tests' own corpus reader. */
export function listFixtureCases() {
  const { listCases } = require(path.join(REPO, 'out', 'test', 'support', 'cases.js'));
  return listCases().map((c) => ({
    id: `${c.group}/${c.kind}/${c.name}`,
    kind: c.kind,
    files: c.files.map((f) => ({ name: path.basename(f.path), text: f.text })),
  }));
}

// Identifiers that belong to one fixture (its classes, structs, typedefs, helpers, flag macros): they get a
// per-copy tag so that hundreds of copies are hundreds of distinct stores. MAPI/COM/Win32 names are kept.
const LOCAL = /^(_*)((?:C(?!HECK_|Com)[A-Z]\w*)|IMS\w*|PIMS|LPIMS|MSF_\w+|IMSF_\w+|STORE_\w+|Fixture\w+|Hr(?:NewIMS|Init|UpdateStatusRow)|TInterface|SupportPtr|ReleaseDeleter|Shutdown|CloseFolders|LogoffTransports|VALIDATE_\w+|MSP_CheckParameters)$/;

export function tagIdentifiers(text, tag) {
  return text.replace(/#include\s*[<"][^>"]*[>"]|\b[A-Za-z_]\w*\b/g, (tok) => {
    if (tok.startsWith('#')) return tok;
    const m = LOCAL.exec(tok);
    return m ? `${m[1]}${tag}${m[2]}` : tok;
  });
}

let lintSourcesFn;
function lintSources(files) {
  lintSourcesFn ??= require(path.join(REPO, 'out/server/src/engine/index.js')).lintSources;
  return lintSourcesFn(files);
}

/** Cases whose tagged copy gives the same findings as the original (the rename is faithful); others are dropped. */
export function usableCases() {
  const usable = [];
  const dropped = [];
  for (const c of listFixtureCases()) {
    const sig = (files) => lintSources(files).findings.map((f) => `${path.basename(f.loc.file)}:${f.loc.range.startLine} ${f.ruleId}`).sort().join('|');
    const orig = sig(c.files.map((f) => ({ path: `/o/${f.name}`, text: f.text })));
    const tagged = sig(c.files.map((f) => ({ path: `/o/${f.name}`, text: tagIdentifiers(f.text, 'Zq7') })));
    if (orig === tagged) usable.push(c);
    else dropped.push(c.id);
  }
  return { usable, dropped };
}

// ---------------------------------------------------------------------------------------------------------
// Generated code

function folderFile(r, tag, storeClass, idx, target) {
  const cls = `${tag}CFolder${idx}`;
  let s = `// Folder, message and table objects of provider ${tag}. Every one of them says Release.\n#include <mapispi.h>\n#include <mapiutil.h>\n\n`;
  s += `class ${cls} : public IMAPIFolder\n{\npublic:\n    ${cls}(${storeClass} *pStore) : m_cRef(1), m_pStore(pStore), m_pTable(NULL), m_pMsg(NULL) { }\n`;
  s += `    STDMETHODIMP_(ULONG) AddRef() { return InterlockedIncrement(&m_cRef); }\n`;
  s += `    STDMETHODIMP_(ULONG) Release()\n    {\n        LONG c = InterlockedDecrement(&m_cRef);\n        if (c == 0)\n        {\n            if (m_pTable) m_pTable->Release();\n            UlRelease(m_pMsg);\n            delete this;\n        }\n        return c;\n    }\n`;
  let m = 0;
  while (s.length < target) {
    m++;
    const kind = r.int(0, 3);
    if (kind === 0) {
      s += `\n    STDMETHODIMP GetContentsTable${m}(ULONG ulFlags, LPMAPITABLE FAR *lppTable)\n    {\n        HRESULT hr = S_OK;\n        LPMAPITABLE lpTable = NULL;\n        LPSRowSet lpRows = NULL;\n`;
      for (let k = 0; k < r.int(1, 6); k++) s += `        if (ulFlags & 0x${r.int(1, 0xffff).toString(16)})\n        {\n            hr = m_pStore->OpenTable${k}(&lpTable);\n            if (FAILED(hr)) { if (lpTable) lpTable->Release(); return hr; }\n            hr = lpTable->QueryRows(${r.int(1, 100)}, 0, &lpRows);\n            FreeProws(lpRows);\n        }\n`;
      s += `        *lppTable = lpTable;\n        return hr;\n    }\n`;
    } else if (kind === 1) {
      s += `\n    STDMETHODIMP CreateMessage${m}(LPCIID lpInterface, ULONG ulFlags, LPMESSAGE FAR *lppMessage)\n    {\n        LPMESSAGE lpMsg = NULL;\n        LPATTACH lpAttach = NULL;\n        HRESULT hr = m_pStore->NewMessage(this, &lpMsg);\n        if (FAILED(hr))\n            goto cleanup;\n`;
      for (let k = 0; k < r.int(1, 4); k++) s += `        hr = lpMsg->CreateAttach(NULL, 0, &ulAttach${k}, &lpAttach);\n        if (FAILED(hr))\n            goto cleanup;\n        lpAttach->SaveChanges(KEEP_OPEN_READWRITE);\n        lpAttach->Release();\n        lpAttach = NULL;\n`;
      s += `        *lppMessage = lpMsg;\n        lpMsg = NULL;\ncleanup:\n        if (lpAttach) lpAttach->Release();\n        if (lpMsg) lpMsg->Release();\n        return hr;\n    }\n`;
    } else if (kind === 2) {
      s += `\n    void ReleaseAll${m}()\n    {\n`;
      for (let k = 0; k < r.int(2, 10); k++) s += `        if (m_rgObj[${k}]) { m_rgObj[${k}]->Release(); m_rgObj[${k}] = NULL; }\n`;
      s += `        m_pStore->Release();\n        MAPIFreeBuffer(m_lpProps);\n    }\n`;
    } else {
      s += `\n    STDMETHODIMP SetProps${m}(ULONG cValues, LPSPropValue lpPropArray, LPSPropProblemArray FAR *lppProblems)\n    {\n        for (ULONG i = 0; i < cValues; i++)\n        {\n            switch (PROP_TYPE(lpPropArray[i].ulPropTag))\n            {\n`;
      for (let k = 0; k < r.int(2, 8); k++) s += `            case PT_${r.pick(['LONG', 'STRING8', 'UNICODE', 'BINARY', 'SYSTIME', 'BOOLEAN'])}:\n                m_ulDirty |= 0x${(1 << k).toString(16)};\n                break;\n`;
      s += `            default:\n                return MAPI_E_BAD_VALUE;\n            }\n        }\n        return S_OK;\n    }\n`;
    }
  }
  s += `\nprivate:\n    LONG m_cRef;\n    ${storeClass} *m_pStore;\n    LPMAPITABLE m_pTable;\n    LPMESSAGE m_pMsg;\n    LPUNKNOWN m_rgObj[16];\n    LPSPropValue m_lpProps;\n    ULONG m_ulDirty;\n};\n`;
  // Half of them name the store class with a qualifier: the engine's relevance probe pulls them in.
  if (r.chance(0.5)) s += `\nHRESULT ${tag}OpenFolder${idx}(LPMAPISUP psup)\n{\n    return ${storeClass}::Create(psup, NULL);\n}\n`;
  return s;
}

const TYPES = ['int', 'long', 'double', 'std::size_t', 'unsigned', 'float'];
function unrelatedFile(r, idx, target) {
  let s = `// Unrelated utility code #${idx}.\n#include <vector>\n#include <string>\n#include <map>\n#include <algorithm>\n\nnamespace util${idx} {\n\n`;
  let n = 0;
  while (s.length < target) {
    n++;
    const k = r.int(0, 4);
    const T = r.pick(TYPES);
    if (k === 0) {
      s += `template <typename T, int N = ${r.int(1, 64)}>\nclass Ring${n}\n{\npublic:\n    void push(const T &v) { m_buf[m_head++ % N] = v; }\n    T at(int i) const { return m_buf[(m_head + i) % N]; }\n    bool empty() const { return m_head == 0; }\nprivate:\n    T m_buf[N];\n    int m_head = 0;\n};\n\n`;
    } else if (k === 1) {
      s += `static ${T} compute${n}(const std::vector<${T}> &v, ${T} seed)\n{\n    ${T} acc = seed;\n    for (std::size_t i = 0; i < v.size(); ++i)\n    {\n        if (v[i] > acc) acc = v[i] * ${r.int(2, 9)};\n        else if (v[i] < 0) acc -= v[i];\n        else acc += static_cast<${T}>(i) / ${r.int(2, 9)};\n    }\n    return acc;\n}\n\n`;
    } else if (k === 2) {
      s += `std::string format${n}(const std::map<std::string, int> &m)\n{\n    std::string out;\n    std::for_each(m.begin(), m.end(), [&](const std::pair<const std::string, int> &kv) {\n        out += kv.first + \"=\" + std::to_string(kv.second * ${r.int(1, 99)}) + \";\";\n    });\n    return out;\n}\n\n`;
    } else if (k === 3) {
      s += `struct Node${n}\n{\n    Node${n} *left = nullptr, *right = nullptr;\n    ${T} key{};\n    ~Node${n}() { delete left; delete right; }\n    void release() { delete this; } // not a COM object\n};\n\n`;
    } else {
      s += `int parse${n}(const char *p)\n{\n    int state = 0;\n    while (*p)\n    {\n        switch (*p++)\n        {\n        case '{': state++; break;\n        case '}': state--; break;\n        case '\"': while (*p && *p != '\"') p++; break;\n        default: if (state < 0) return -1;\n        }\n    }\n    return state;\n}\n\n`;
    }
  }
  return `${s}} // namespace util${idx}\n`;
}

/**
 * Writes the corpus under `outDir` (emptied first). Stops at `targetBytes` or at `maxFiles`.
 * Mix by bytes: ~20% stores (fixture copies), ~35% folder/message/table code, ~45% unrelated C++.
 */
export function generateCorpus({ seed, targetBytes, outDir, maxFiles = Infinity, cases }) {
  const r = rng(seed);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  let bytes = 0;
  let files = 0;
  let providers = 0;
  let storeCopies = 0;
  let invalidCopies = 0;
  let expected = 0;
  const write = (rel, text) => {
    const full = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    bytes += Buffer.byteLength(text);
    files++;
  };
  while (bytes < targetBytes && files < maxFiles) {
    // One provider: a store (one fixture case, tagged), then folder/table files and unrelated files.
    providers++;
    const tag = `P${providers}x`;
    const dir = `provider${String(providers).padStart(4, '0')}`;
    const c = r.pick(cases);
    storeCopies++;
    if (c.kind === 'invalid') invalidCopies++;
    let storeClass = `${tag}CMsgStore`;
    for (const f of c.files) {
      const text = tagIdentifiers(f.text, tag);
      const m = /class\s+(\w+)\s*:\s*public\s+(?:\w+<\s*)?IMsgStore/.exec(text) ?? /class\s+(\w+)\s*:/.exec(text);
      if (m) storeClass = m[1];
      for (const m of text.matchAll(/(?:\/\/|\/\*)\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/g)) expected += m[1].split(',').length;
      write(`${dir}/store/${f.name}`, text);
    }
    const nFolders = r.int(1, 3);
    for (let i = 0; i < nFolders && files < maxFiles; i++) write(`${dir}/folders/msfld${i}.cpp`, folderFile(r, tag, storeClass, i, r.int(3_000, 20_000)));
    const nUnrelated = r.int(1, 4);
    for (let i = 0; i < nUnrelated && files < maxFiles; i++) write(`${dir}/util/util${i}.cpp`, unrelatedFile(r, providers * 10 + i, r.int(3_000, 24_000)));
  }
  return { files, bytes, providers, storeCopies, invalidCopies, expected };
}

/** One big provider file of about `lines` lines: a store (the eager design with a bug) and folder code. */
export function bigProviderFile(seed, lines) {
  const r = rng(seed);
  const store = fs.readFileSync(path.join(CASES_DIR, 'logoff-transports-twice/invalid/release_always_aborts.cpp'), 'utf8');
  let s = tagIdentifiers(store, 'Big');
  for (let i = 0; ; i++) {
    const chunk = `\n${folderFile(r, 'Big', 'BigCMsgStore', i, 8_000)}`;
    if (s.split('\n').length + chunk.split('\n').length > lines) break;
    s += chunk;
  }
  while (s.split('\n').length < lines) s += '// padding\n';
  return s;
}

/** Unrelated COM C++: a class factory, an enumerator, a stream wrapper; they say QueryInterface/AddRef/Release. */
function comFile(r, tag, idx, target) {
  const p = `${tag}Com${idx}`;
  let s = `// COM plumbing #${idx} of provider ${tag}: reference-counted helpers, nothing to do with the message store.\n#include <windows.h>\n#include <objbase.h>\n#include <ocidl.h>\n\n`;
  let n = 0;
  while (s.length < target) {
    n++;
    const k = r.int(0, 3);
    const cls = `${p}C${['Factory', 'Enum', 'Stream', 'Sink'][k]}${n}`;
    if (k === 0) {
      s += `class ${cls} : public IClassFactory\n{\npublic:\n    ${cls}() : m_cRef(1) { }\n    STDMETHODIMP QueryInterface(REFIID riid, void **ppv);\n    STDMETHODIMP_(ULONG) AddRef() { return InterlockedIncrement(&m_cRef); }\n    STDMETHODIMP_(ULONG) Release()\n    {\n        LONG c = InterlockedDecrement(&m_cRef);\n        if (c == 0) delete this;\n        return c;\n    }\n    STDMETHODIMP CreateInstance(IUnknown *pOuter, REFIID riid, void **ppv);\n    STDMETHODIMP LockServer(BOOL fLock) { return S_OK; }\nprivate:\n    LONG m_cRef;\n};\n\n`;
      s += `STDMETHODIMP ${cls}::QueryInterface(REFIID riid, void **ppv)\n{\n    if (riid == IID_IUnknown || riid == IID_IClassFactory)\n    {\n        *ppv = static_cast<IClassFactory *>(this);\n        AddRef();\n        return S_OK;\n    }\n    *ppv = NULL;\n    return E_NOINTERFACE;\n}\n\n`;
      s += `STDMETHODIMP ${cls}::CreateInstance(IUnknown *pOuter, REFIID riid, void **ppv)\n{\n    if (pOuter) return CLASS_E_NOAGGREGATION;\n    IUnknown *pUnk = NULL;\n    HRESULT hr = CoCreateInstance(CLSID_${p}Obj${r.int(0, 99)}, NULL, CLSCTX_INPROC_SERVER, IID_IUnknown, (void **)&pUnk);\n    if (FAILED(hr)) return hr;\n    hr = pUnk->QueryInterface(riid, ppv);\n    pUnk->Release();\n    return hr;\n}\n\n`;
    } else if (k === 1) {
      s += `class ${cls} : public IEnumUnknown\n{\npublic:\n    ${cls}(IUnknown **rg, ULONG c) : m_cRef(1), m_rg(rg), m_c(c), m_i(0) { for (ULONG i = 0; i < m_c; i++) m_rg[i]->AddRef(); }\n    ~${cls}() { for (ULONG i = 0; i < m_c; i++) m_rg[i]->Release(); CoTaskMemFree(m_rg); }\n    STDMETHODIMP_(ULONG) AddRef() { return InterlockedIncrement(&m_cRef); }\n    STDMETHODIMP_(ULONG) Release() { LONG c = InterlockedDecrement(&m_cRef); if (!c) delete this; return c; }\n    STDMETHODIMP Next(ULONG celt, IUnknown **rgelt, ULONG *pFetched)\n    {\n        ULONG got = 0;\n        while (got < celt && m_i < m_c)\n        {\n            rgelt[got] = m_rg[m_i++];\n            rgelt[got++]->AddRef();\n        }\n        if (pFetched) *pFetched = got;\n        return got == celt ? S_OK : S_FALSE;\n    }\n    STDMETHODIMP Skip(ULONG celt) { m_i = min(m_c, m_i + celt); return m_i < m_c ? S_OK : S_FALSE; }\n    STDMETHODIMP Reset() { m_i = 0; return S_OK; }\nprivate:\n    LONG m_cRef;\n    IUnknown **m_rg;\n    ULONG m_c, m_i;\n};\n\n`;
    } else if (k === 2) {
      s += `HRESULT ${cls}Copy(IStream *pSrc, IStream *pDst, ULONG cb)\n{\n    BYTE buf[${r.pick([256, 512, 4096])}];\n    HRESULT hr = S_OK;\n    IStream *pClone = NULL;\n    hr = pSrc->Clone(&pClone);\n    if (FAILED(hr)) goto done;\n    while (cb)\n    {\n        ULONG got = 0, put = 0;\n        hr = pClone->Read(buf, min(cb, sizeof(buf)), &got);\n        if (FAILED(hr) || !got) break;\n        hr = pDst->Write(buf, got, &put);\n        if (FAILED(hr)) break;\n        cb -= got;\n    }\ndone:\n    if (pClone) pClone->Release();\n    return hr;\n}\n\n`;
    } else {
      s += `class ${cls} : public IPropertyNotifySink\n{\npublic:\n    STDMETHODIMP_(ULONG) AddRef() { return ++m_cRef; }\n    STDMETHODIMP_(ULONG) Release() { ULONG c = --m_cRef; if (!c) delete this; return c; }\n    STDMETHODIMP OnChanged(DISPID id) { m_dirty |= 1u << (id & ${r.int(7, 31)}); return S_OK; }\n    STDMETHODIMP OnRequestEdit(DISPID) { return m_locked ? S_FALSE : S_OK; }\n    HRESULT Advise(IUnknown *pUnk)\n    {\n        IConnectionPointContainer *pCPC = NULL;\n        IConnectionPoint *pCP = NULL;\n        HRESULT hr = pUnk->QueryInterface(IID_IConnectionPointContainer, (void **)&pCPC);\n        if (SUCCEEDED(hr)) hr = pCPC->FindConnectionPoint(IID_IPropertyNotifySink, &pCP);\n        if (SUCCEEDED(hr)) hr = pCP->Advise(this, &m_cookie);\n        if (pCP) pCP->Release();\n        if (pCPC) pCPC->Release();\n        return hr;\n    }\nprivate:\n    ULONG m_cRef = 1, m_dirty = 0;\n    DWORD m_cookie = 0;\n    BOOL m_locked = FALSE;\n};\n\n`;
    }
  }
  return s;
}

/**
 * Many small files (issue: "speed near the floor"): one provider per folder, every file in it; ~15% of the
 * files are the store (one fixture case, tagged), the rest folder/message/table code that calls Release
 * everywhere and unrelated COM C++, 1–4.5 KB each (about 2.6 KB on average over the corpus).
 */
export function generateSmallFilesCorpus({ seed, targetBytes, outDir, cases }) {
  const r = rng(seed);
  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(outDir, { recursive: true });
  const info = { files: 0, bytes: 0, providers: 0, storeCopies: 0, invalidCopies: 0, expected: 0, storeFiles: 0 };
  const write = (rel, text) => {
    const full = path.join(outDir, rel);
    fs.mkdirSync(path.dirname(full), { recursive: true });
    fs.writeFileSync(full, text);
    info.bytes += Buffer.byteLength(text);
    info.files++;
  };
  while (info.bytes < targetBytes) {
    info.providers++;
    const tag = `P${info.providers}x`;
    const dir = `provider${String(info.providers).padStart(4, '0')}`;
    const c = r.pick(cases);
    info.storeCopies++;
    if (c.kind === 'invalid') info.invalidCopies++;
    let storeClass = `${tag}CMsgStore`;
    for (const f of c.files) {
      const text = tagIdentifiers(f.text, tag);
      const m = /class\s+(\w+)\s*:\s*public\s+(?:\w+<\s*)?IMsgStore/.exec(text) ?? /class\s+(\w+)\s*:/.exec(text);
      if (m) storeClass = m[1];
      for (const m of text.matchAll(/(?:\/\/|\/\*)\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/g)) info.expected += m[1].split(',').length;
      write(`${dir}/${f.name}`, text);
      info.storeFiles++;
    }
    // ~5.7 other files per store file: 15% of the files are the store's.
    const others = Math.max(2, Math.round(c.files.length * r.int(45, 68) / 10));
    for (let i = 0; i < others; i++) {
      const size = r.int(800, 3_600);
      if (r.chance(0.5)) write(`${dir}/fld_${i}.cpp`, folderFile(r, tag, storeClass, i, size));
      else write(`${dir}/com_${i}.cpp`, comFile(r, tag, i, size));
    }
  }
  return info;
}
