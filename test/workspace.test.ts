// The Workspace (what the editor relies on between keystrokes): which files take part (seeds, the headers they
// include, then the files that define what the analysis looked for and did not find), that a changed helper,
// #define or constant in another file changes the result, and that an untouched file is not parsed again.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { fixAll, Workspace } from '../server/src/engine';
import { FAMILY_DIR, listCases } from './support/cases';
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

test('workspace: a store is judged again when a helper it calls in another file changes', () => {
  const ws = workspace();
  assert.deepEqual(rules(ws), []);
  ws.setFile('/p/util.cpp', UTIL.replace('p->Release();', 'p->AddRef();'));
  assert.deepEqual(rules(ws), ['support-release-missing']);
  ws.setFile('/p/util.cpp', UTIL);
  assert.deepEqual(rules(ws), []);
});

test('workspace: a store is judged again when a #define its code reads in an included header changes', () => {
  const ws = workspace();
  assert.deepEqual(rules(ws), []);
  ws.setFile('/p/flags.h', FLAGS.replace('ABORT_ON_RELEASE 1', 'ABORT_ON_RELEASE 0'));
  assert.deepEqual(rules(ws), ['logoff-abort-missing']);
});

test('workspace: a helper defined in the store\'s own file wins over one elsewhere', () => {
  const ws = workspace();
  assert.deepEqual(rules(ws), []);
  ws.setFile('/p/store.cpp', STORE.replace('void DropSupport(LPMAPISUP p);', 'static void DropSupport(LPMAPISUP p) { (void)p; }'));
  assert.deepEqual(rules(ws), ['support-release-missing']);
});

test('workspace: a helper that is nowhere makes the verdict "not decided", never an error', () => {
  const ws = new Workspace();
  ws.setFile('/p/store.cpp', STORE);
  ws.setFile('/p/flags.h', FLAGS);
  const r = ws.lint();
  assert.deepEqual(r.findings.map((f) => f.ruleId), []);
  const note = r.notes.find((n) => n.kind === 'not-decided');
  assert.ok(note, 'a not-decided note');
  assert.match(note.message, /DropSupport/);
  assert.ok(note.rules?.includes('support-release-missing'));
  assert.ok(r.summary.notDecided > 0);
});

test('workspace: only the relevant files are analysed, and an unrelated file is never parsed', () => {
  const ws = workspace();
  ws.lint();
  assert.deepEqual(ws.analysedFiles().sort(), ['/p/flags.h', '/p/store.cpp', '/p/util.cpp']);
  assert.equal(ws.unit('/p/unrelated.cpp'), undefined);
});

test('workspace: after an edit to one file the others keep their parsed units', () => {
  const ws = workspace();
  ws.lint();
  const util = ws.unit('/p/util.cpp');
  const store = ws.unit('/p/store.cpp');
  assert.ok(util && store);
  ws.setFile('/p/store.cpp', `${STORE}\n`);
  ws.lint();
  assert.equal(ws.unit('/p/util.cpp'), util, 'untouched: the same unit object');
  assert.notEqual(ws.unit('/p/store.cpp'), store, 'edited: a new unit');
});

test('workspace: every fixture case lints the same from a warm workspace after each of its files is touched', () => {
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

test('workspace: a C store whose AddRef is in a file that names no interface is judged with it', () => {
  const src = listCases().find((c) => c.name === 'c_ims_release_frees_only.c')!.files[0].text;
  const start = src.indexOf('ULONG STDMETHODCALLTYPE IMS_AddRef(PIMS pims)\n{');
  const end = src.indexOf('ULONG STDMETHODCALLTYPE IMS_Release(PIMS pims)');
  assert.ok(start > 0 && end > start);
  const whole = new Workspace();
  whole.setFile('/p/store.c', src);
  const ws = new Workspace();
  ws.setFile('/p/store.c', src.slice(0, start) + src.slice(end));
  // The split-out AddRef mentions neither IMsgStore nor StoreLogoff: only the name the analysis missed pulls it in.
  ws.setFile('/p/addref.c', `#include "store.h"\n${src.slice(start, end)}`);
  const r = ws.lint();
  assert.ok(ws.analysedFiles().includes('/p/addref.c'), 'addref.c was analysed');
  assert.deepEqual(r.findings.map((f) => f.ruleId), whole.lint().findings.map((f) => f.ruleId));
});

test('configurations: code under a macro the build may set is analysed both ways, and a finding says in which', () => {
  const base = listCases().find((c) => c.name === 'abort_in_destructor.cpp')!.files[0];
  const text = base.text
    .replace('    if (!m_fLoggedOff)\n    {\n        ULONG ulFlags', '#if defined(HAVE_ABORT)\n    if (!m_fLoggedOff)\n    {\n        ULONG ulFlags')
    .replace('        m_psup->StoreLogoffTransports(&ulFlags);\n    }\n', '        m_psup->StoreLogoffTransports(&ulFlags);\n    }\n#endif\n');
  assert.notEqual(text, base.text);
  const ws = new Workspace();
  ws.setFile('/p/store.cpp', text);
  const r = ws.lint();
  assert.deepEqual(r.findings.map((f) => [f.ruleId, f.configuration]), [['logoff-abort-missing', 'with HAVE_ABORT not defined']]);
  assert.match(r.findings[0].message, /\(with HAVE_ABORT not defined\)$/);
  assert.equal(fixAll(ws, undefined).texts.size, 0, 'no fix for a finding of one configuration');
  // The configuration's defines decide the macro: one configuration, no label.
  const defined = ws.lint({ definesFor: () => new Map([['HAVE_ABORT', '1']]) });
  assert.deepEqual(defined.findings, []);
  const undefinedByConfig = ws.lint({ definesFor: () => new Map([['OTHER', '1']]) });
  assert.deepEqual(undefinedByConfig.findings.map((f) => f.configuration), ['with HAVE_ABORT not defined']);
});

test('configurations: a macro whose #if spans no code the analysis ran makes no configuration', () => {
  const base = listCases().find((c) => c.name === 'abort_in_destructor.cpp')!.files[0];
  const ws = new Workspace();
  ws.setFile('/p/store.cpp', `${base.text}\n#if defined(UNRELATED)\nint unrelated(void) { return 1; }\n#endif\n`);
  const r = ws.lint();
  assert.deepEqual(r.findings, []);
  assert.deepEqual(ws.variantResults(), []);
});

test('configurations: more than eight are not all analysed, and a note says how many were', () => {
  const base = listCases().find((c) => c.name === 'abort_in_destructor.cpp')!.files[0];
  const conds = Array.from({ length: 10 }, (_, i) => `#ifdef OPT_${i}\n    m_cRef += 0;\n#endif\n`).join('');
  const text = base.text.replace('    m_psup->Release();\n}', `${conds}    m_psup->Release();\n}`);
  assert.notEqual(text, base.text);
  const ws = new Workspace();
  ws.setFile('/p/store.cpp', text);
  const r = ws.lint();
  assert.equal(ws.variantResults().length, 7);
  const note = r.notes.find((n) => n.kind === 'analysis-capped' && /build configurations/.test(n.message));
  assert.ok(note, r.notes.map((n) => n.message).join(' | '));
  assert.match(note.message, /^8 of the 1024 build configurations of OPT_0, OPT_1, .*OPT_9 were analysed/);
});

test('workspace: a C store whose function table names an implementation file that was skipped is not decided, never an error', () => {
  // The SDK sample's layout: the vtable in mspms.c names OBJ_Release and OBJ_AddRef (cast to the interface's
  // method types), declared in msp.h and defined in mspobj.c. Without mspobj.c (skipped as unreadable or not
  // staged in a pre-commit run) nothing may be concluded about what Release does; with it, the store is clean.
  const c = listCases().find((x) => x.name === 'x9_c_sdk_destroy_releases_last');
  assert.ok(c, 'designs/valid/x9_c_sdk_destroy_releases_last');
  const without = new Workspace();
  for (const f of c.files.filter((x) => !x.path.endsWith('mspobj.c'))) without.setFile(f.path, f.text);
  const r = without.lint();
  assert.deepEqual(r.findings.map((f) => f.ruleId), []);
  const note = r.notes.find((n) => n.kind === 'not-decided' && /OBJ_Release \(declared in .*msp\.h\) is not in the analysed sources/.test(n.message));
  assert.ok(note, r.notes.map((n) => n.message).join('\n'));
  assert.ok(note.rules?.includes('support-release-missing') && note.rules.includes('logoff-abort-missing'));
  assert.equal(r.summary.defect, 0);
  const whole = new Workspace();
  for (const f of c.files) whole.setFile(f.path, f.text);
  const w = whole.lint();
  assert.deepEqual([w.findings.length, w.summary.notDecided, w.summary.defect], [0, 0, 0]);
  assert.ok(w.summary.clean >= 7);
});

test('simulate: a logon has its Release and its logoff method located, for the editor\'s code lenses', () => {
  const c = listCases(FAMILY_DIR).find((x) => x.name === 'ab_cpp_logoff_forgets_support.cpp');
  assert.ok(c, 'family logon-support-release-missing/invalid/ab_cpp_logoff_forgets_support.cpp');
  const ws = new Workspace();
  for (const f of c.files) ws.setFile(f.path, f.text);
  const logon = ws.simulate().stores.find((s) => s.kind === 'ablogon');
  assert.ok(logon, 'the address book logon is simulated');
  assert.equal(logon.storeLogoff, undefined);
  const text = c.files[0].text.split('\n');
  assert.match(text[logon.logoff!.range.startLine], /Logoff/);
  assert.match(text[logon.release!.range.startLine], /Release/);
  assert.ok(logon.scenarios.length >= 6 && logon.scenarios.some((s) => s.paths.some((p) => p.violations.some((v) => v.ruleId === 'logon-support-release-missing'))));
});
