// The workspace's per-store cache (what the editor relies on between keystrokes): a store's result is kept while
// nothing it depends on changes, and recomputed when a helper, a #define or a constant it looked up in another
// file changes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Workspace } from '../server/src/engine/workspace';
import { listCases } from './support/cases';

const STORE = `#include <mapispi.h>
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
const UTIL = '// Helpers of the StoreLogoff code.\n#include <mapispi.h>\nvoid DropSupport(LPMAPISUP p)\n{\n    if (p)\n        p->Release();\n}\n';
const FLAGS = '// StoreLogoff configuration.\n#define ABORT_ON_RELEASE 1\n';

function workspace(): Workspace {
  const ws = new Workspace();
  ws.setFile('/p/store.cpp', STORE);
  ws.setFile('/p/util.cpp', UTIL);
  ws.setFile('/p/flags.h', FLAGS);
  ws.setFile('/p/unrelated.cpp', 'int unrelated(void) { return 1; }\n');
  return ws;
}

const rules = (ws: Workspace): string[] => ws.lint().findings.map((f) => f.ruleId);

test('cache: a store is simulated again when a helper it calls in another file changes', () => {
  const ws = workspace();
  assert.deepEqual(rules(ws), []);
  ws.setFile('/p/util.cpp', UTIL.replace('p->Release();', 'p->AddRef();'));
  assert.deepEqual(rules(ws), ['support-release-missing']);
  ws.setFile('/p/util.cpp', UTIL);
  assert.deepEqual(rules(ws), []);
});

test('cache: a store is simulated again when a #define its code reads in another file changes', () => {
  const ws = workspace();
  assert.deepEqual(rules(ws), []);
  ws.setFile('/p/flags.h', FLAGS.replace('ABORT_ON_RELEASE 1', 'ABORT_ON_RELEASE 0'));
  assert.deepEqual(rules(ws), ['logoff-abort-missing']);
});

test('cache: a helper defined later, nearer the store, replaces the one it used', () => {
  const ws = workspace();
  assert.deepEqual(rules(ws), []);
  // The same name defined in the store's own file wins (nearest definition) and does not release.
  ws.setFile('/p/store.cpp', STORE.replace('void DropSupport(LPMAPISUP p);', 'static void DropSupport(LPMAPISUP p) { (void)p; }'));
  assert.deepEqual(rules(ws), ['support-release-missing']);
});

test('cache: an edit to a file the store does not depend on keeps its result (no new simulation)', () => {
  const ws = workspace();
  ws.lint();
  const before = ws.analysisFor({}).runs.find((r) => r.store.name === 'CStoreB');
  ws.setFile('/p/unrelated.cpp', 'int unrelated(void) { return 2; }\n');
  const after = ws.analysisFor({}).runs.find((r) => r.store.name === 'CStoreB');
  assert.ok(before && after);
  assert.equal(after, before, 'the cached run object is reused');
  ws.setFile('/p/util.cpp', `${UTIL}\n`);
  const changed = ws.analysisFor({}).runs.find((r) => r.store.name === 'CStoreB');
  assert.notEqual(changed, before, 'a file the store looked into changed: simulated again');
});

test('cache: every fixture case lints the same from a warm workspace after each of its files is touched', () => {
  for (const c of listCases()) {
    const ws = new Workspace();
    for (const f of c.files) ws.setFile(f.path, f.text);
    const cold = JSON.stringify(ws.lint());
    for (const f of c.files) {
      ws.setFile(f.path, `${f.text}\n`);
      ws.setFile(f.path, f.text);
      assert.equal(JSON.stringify(ws.lint()), cold, c.name);
    }
  }
});
