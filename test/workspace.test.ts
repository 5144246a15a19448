// The workspace's per-store cache (what the editor relies on between keystrokes): a store's result is kept while
// nothing it depends on changes, and recomputed when a helper, a #define or a constant it looked up in another
// file changes.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { Workspace } from '../server/src/engine-old/workspace';
import { listCases } from './support/cases';
import { FLAGS_HEADER, HELPER_FILE, STORE_WITH_HELPER } from './support/coupled';

const STORE = STORE_WITH_HELPER;
const UTIL = HELPER_FILE;
const FLAGS = FLAGS_HEADER;

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
      // The changed state (every line of the file moved down by one) lints as a fresh workspace does.
      const touched = `\n${f.text}`;
      ws.setFile(f.path, touched);
      const fresh = new Workspace();
      for (const g of c.files) fresh.setFile(g.path, g.path === f.path ? touched : g.text);
      assert.equal(JSON.stringify(ws.lint()), JSON.stringify(fresh.lint()), `${c.name}: ${f.path} touched`);
      ws.setFile(f.path, f.text);
      assert.equal(JSON.stringify(ws.lint()), cold, c.name);
    }
  }
});

test('relevance: a C store whose prefix has two underscores pulls in the file that defines its AddRef', () => {
  const src = listCases().find((c) => c.name === 'c_ims_release_frees_only.c')!.files[0].text.replace(/\bIMS_(QueryInterface|AddRef|Release|StoreLogoff)\b/g, 'MSP_IMS_$1');
  const start = src.indexOf('ULONG STDMETHODCALLTYPE MSP_IMS_AddRef(PIMS pims)\n{');
  const end = src.indexOf('ULONG STDMETHODCALLTYPE MSP_IMS_Release(PIMS pims)');
  assert.ok(start > 0 && end > start);
  const ws = new Workspace();
  ws.setFile('/p/store.c', src.slice(0, start) + src.slice(end));
  // The split-out AddRef mentions neither IMsgStore nor StoreLogoff: only its prefix can pull it in.
  ws.setFile('/p/addref.c', `#include "store.h"\n${src.slice(start, end)}`);
  ws.lint();
  assert.ok(ws.factsOf('/p/addref.c'), 'addref.c was parsed');
  assert.equal(ws.analysisFor({}).model.stores[0]?.addRef?.file, '/p/addref.c');
});
