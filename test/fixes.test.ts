// Fixes against their golden files: every invalid case with a `.fixed` golden is fixed by the engine, must
// equal the golden exactly, re-lint clean, and stay unchanged when fixed again. Invalid cases without a golden
// must get no fix (and a reason). Line endings, tabs and multi-file edits are checked on top.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { applyEdits } from '../server/src/engine/fix/style';
import { fixAll, Workspace } from '../server/src/engine';
import { CASES_DIR, listCases, type Case } from './support/cases';

function goldenOf(file: string): string | undefined {
  const ext = path.extname(file);
  const g = `${file.slice(0, -ext.length)}.fixed${ext}`;
  return fs.existsSync(g) ? fs.readFileSync(g, 'utf8') : undefined;
}

function workspaceOf(files: { path: string; text: string }[]): Workspace {
  const ws = new Workspace();
  for (const f of files) ws.setFile(f.path, f.text);
  return ws;
}

const invalid = listCases().filter((c) => c.kind === 'invalid');
const withGolden = invalid.filter((c) => c.files.some((f) => goldenOf(f.path) !== undefined));

test('most invalid cases have a verified fix with a golden file', () => {
  assert.ok(withGolden.length >= 15, `only ${withGolden.length} cases have goldens`);
});

test('every invalid case has a .fixed golden, or is listed in unfixed.json with the reason no fix is verified', () => {
  assert.ok(invalid.length > 0, 'no invalid cases found');
  const listed = (JSON.parse(fs.readFileSync(path.join(CASES_DIR, 'unfixed.json'), 'utf8')) as { cases: Record<string, string> }).cases;
  const without = invalid.filter((c) => !withGolden.includes(c)).map((c) => `${c.group}/${c.kind}/${c.name}`);
  assert.deepEqual(without.sort(), Object.keys(listed).sort(), 'invalid cases without a golden = the cases of unfixed.json');
  // A bound against losing fixes wholesale (the exact list above guards each case): today 32 of 94.
  assert.ok(without.length <= (invalid.length * 3) / 8, `${without.length} of ${invalid.length} invalid cases have no verified fix`);
  for (const c of invalid.filter((x) => !withGolden.includes(x))) {
    const ws = workspaceOf(c.files);
    const reason = fixAll(ws, undefined).unfixed[0]?.reason ?? '';
    const want = listed[`${c.group}/${c.kind}/${c.name}`].replace(' … ', ' ');
    for (const part of want.split(' ').filter((w) => w.length > 3).slice(0, 4)) assert.ok(reason.includes(part), `${c.name}: reason "${reason}" does not say "${want}"`);
  }
});

for (const c of invalid) {
  const hasGolden = withGolden.includes(c);
  test(`fix ${c.group}/${c.name}`, () => {
    const ws = workspaceOf(c.files);
    const result = fixAll(ws, undefined);
    if (!hasGolden) {
      assert.equal(result.texts.size, 0, 'a case without a golden gets no fix');
      assert.ok(result.unfixed.length > 0 && result.unfixed.every((u) => u.reason.length > 20), 'each unfixed finding says why');
      return;
    }
    for (const f of c.files) {
      const golden = goldenOf(f.path);
      const got = result.texts.get(f.path);
      if (golden === undefined) assert.equal(got, undefined, `${path.basename(f.path)} must not change`);
      else assert.equal(got, golden, `${path.basename(f.path)} differs from its golden`);
    }
    for (const a of result.applied) assert.ok(a.verified.length > 0, 'a fix names the scenarios it passes');
    // Re-lint the fixed provider: clean. Fix it again: nothing changes.
    const fixed = workspaceOf(c.files.map((f) => ({ path: f.path, text: result.texts.get(f.path) ?? f.text })));
    assert.deepEqual(fixed.lint().findings.map((f) => `${f.ruleId} ${f.message}`), []);
    assert.equal(fixAll(fixed, undefined).texts.size, 0, 'a second fix changes nothing');
  });
}

function caseNamed(name: string): Case {
  const c = invalid.find((x) => x.name === name);
  assert.ok(c, name);
  return c;
}

test('CRLF files get CRLF fixes and nothing else changes', () => {
  const c = caseNamed('eager_forgot_support.cpp');
  const crlf = c.files.map((f) => ({ path: f.path, text: f.text.replace(/\n/g, '\r\n') }));
  const result = fixAll(workspaceOf(crlf), undefined);
  const out = result.texts.get(crlf[0].path);
  assert.ok(out);
  assert.equal(out.replace(/\r\n/g, '\n'), goldenOf(c.files[0].path));
  assert.doesNotMatch(out, /[^\r]\n/, 'every line ends with CRLF');
});

test('tab-indented files get tab-indented fixes', () => {
  const c = caseNamed('release_never_logs_off.cpp');
  const tabbed = c.files.map((f) => ({ path: f.path, text: f.text.replace(/^((?: {4})+)/gm, (m) => '\t'.repeat(m.length / 4)) }));
  const result = fixAll(workspaceOf(tabbed), undefined);
  const out = result.texts.get(tabbed[0].path);
  assert.ok(out);
  const added = out.split('\n').filter((l) => !tabbed[0].text.split('\n').includes(l));
  assert.ok(added.length > 0);
  for (const l of added) assert.doesNotMatch(l, /^ +\S/, `added line indented with spaces: ${JSON.stringify(l)}`);
  assert.deepEqual(workspaceOf([{ path: tabbed[0].path, text: out }]).lint().findings, []);
});

test('a fix that adds a member edits the header where the class is declared', () => {
  // The class is declared in a header and implemented in a .cpp; the new member goes into the header.
  const header = `class CStore : public IMsgStore\n{\npublic:\n    CStore(LPMAPISUP psup);\n    STDMETHODIMP_(ULONG) AddRef() { return ++m_cRef; }\n    STDMETHODIMP_(ULONG) Release();\n    STDMETHODIMP StoreLogoff(ULONG FAR * lpulFlags);\nprivate:\n    ULONG m_cRef;\n    LPMAPISUP m_psup;\n};\n`;
  const impl = `#include "store.h"\nCStore::CStore(LPMAPISUP psup) : m_cRef(1), m_psup(psup)\n{\n    m_psup->AddRef();\n}\nSTDMETHODIMP CStore::StoreLogoff(ULONG FAR * lpulFlags)\n{\n    return m_psup->StoreLogoffTransports(lpulFlags);\n}\nSTDMETHODIMP_(ULONG) CStore::Release()\n{\n    if (--m_cRef)\n        return m_cRef;\n    ULONG ul = LOGOFF_ABORT;\n    m_psup->StoreLogoffTransports(&ul);\n    m_psup->Release();\n    delete this;\n    return 0;\n}\n`;
  const ws = workspaceOf([
    { path: 'store.h', text: header },
    { path: 'store.cpp', text: impl },
  ]);
  assert.deepEqual(ws.lint().findings.map((f) => f.ruleId), ['logoff-transports-twice']);
  const result = fixAll(ws, undefined);
  assert.match(result.texts.get('store.h') ?? '', /LPMAPISUP m_psup;\n    BOOL m_fTransportsLoggedOff;\n};/);
  assert.match(result.texts.get('store.cpp') ?? '', /m_psup\(psup\)\n\{\n    m_fTransportsLoggedOff = FALSE;\n/);
  assert.match(result.texts.get('store.cpp') ?? '', /m_fTransportsLoggedOff = TRUE;\n    return m_psup->StoreLogoffTransports\(lpulFlags\);/);
  assert.match(result.texts.get('store.cpp') ?? '', /if \(!m_fTransportsLoggedOff\)\n    \{\n        m_fTransportsLoggedOff = TRUE;\n        m_psup->StoreLogoffTransports\(&ul\);\n    \}/);
  const fixed = workspaceOf([
    { path: 'store.h', text: result.texts.get('store.h')! },
    { path: 'store.cpp', text: result.texts.get('store.cpp')! },
  ]);
  assert.deepEqual(fixed.lint().findings, []);
});

test('fixes of several findings in one file are applied one after the other and re-verified', () => {
  const text = fs.readFileSync(path.resolve(__dirname, '../../samples/provider/msstore.cpp'), 'utf8');
  const files = fs
    .readdirSync(path.resolve(__dirname, '../../samples/provider'))
    .map((f) => ({ path: path.resolve(__dirname, '../../samples/provider', f), text: fs.readFileSync(path.resolve(__dirname, '../../samples/provider', f), 'utf8') }));
  const ws = workspaceOf(files);
  // The two store findings of msstore.cpp, and the family warning of mslogon.cpp (no fix for it yet).
  assert.deepEqual(ws.lint().findings.map((f) => f.ruleId).sort(), ['logoff-abort-missing', 'mslogon-logoff-store-left-open', 'storelogoff-transports-first']);
  const result = fixAll(ws, undefined);
  assert.equal(result.applied.length, 2);
  assert.deepEqual(result.unfixed.map((u) => u.finding.ruleId), ['mslogon-logoff-store-left-open']);
  assert.equal(result.texts.size, 1);
  const out = [...result.texts.values()][0];
  // Nothing is lost: every original line is still there (one may have moved), and the added lines are few.
  const count = (lines: string[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const l of lines) m.set(l, (m.get(l) ?? 0) + 1);
    return m;
  };
  const before = count(text.split('\n'));
  const after = count(out.split('\n'));
  for (const [line, n] of before) assert.ok((after.get(line) ?? 0) >= n, `lost: ${JSON.stringify(line)}`);
  assert.ok(out.split('\n').length - text.split('\n').length <= 8);
  const fixed = workspaceOf(files.map((f) => ({ path: f.path, text: result.texts.get(f.path) ?? f.text })));
  assert.deepEqual(fixed.lint().findings.map((f) => f.ruleId), ['mslogon-logoff-store-left-open']);
});

test('applyEdits refuses overlapping edits', () => {
  const r = { startLine: 0, startCol: 1, endLine: 0, endCol: 3 };
  assert.throws(() => applyEdits('abcdef', [{ file: 'x', range: r, newText: 'X' }, { file: 'x', range: { ...r, startCol: 2, endCol: 4 }, newText: 'Y' }]));
  assert.equal(applyEdits('abcdef', [{ file: 'x', range: r, newText: 'X' }]), 'aXdef');
});
