// Input the engine meets in the wild: it reports, it never throws.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintSources } from '../server/src/engine';

const STORE = fs.readFileSync(path.resolve(__dirname, '../../test/fixtures/cases/support-release-missing/invalid/eager_forgot_support.cpp'), 'utf8');
const HEAD = 'class S : public IMsgStore { LPMAPISUP m_p; ULONG m_c;';

/**
 * The reference the tests below compare with, pinned first so that two empty results cannot agree: the
 * fixture's one `// expect: support-release-missing` (line 38, 0-based 37) and nothing else.
 */
function reference(file: string): ReturnType<typeof lintSources> {
  const r = lintSources([{ path: file, text: STORE }]);
  assert.deepEqual(
    r.findings.map((f) => [f.ruleId, f.loc.range.startLine]),
    [['support-release-missing', 37]],
    'reference findings of eager_forgot_support.cpp',
  );
  return r;
}

test('the reference store has exactly its labelled finding', () => {
  reference('a.cpp');
});

test('a store in a file over 32 KiB is parsed and checked', () => {
  const big = `${'int filler;\n'.repeat(20_000)}${STORE}`;
  const r = lintSources([{ path: 'big.cpp', text: big }]);
  assert.deepEqual(r.findings.map((f) => [f.ruleId, f.loc.range.startLine - 20_000]), reference('a.cpp').findings.map((f) => [f.ruleId, f.loc.range.startLine]));
});

test('absurd nesting is a capped analysis, not a crash', () => {
  const r = lintSources([{ path: 'deep.cpp', text: `${HEAD} STDMETHODIMP_(ULONG) Release() { return ${'('.repeat(20_000)}1${')'.repeat(20_000)}; } };` }]);
  assert.ok(r.notes.some((n) => n.kind === 'analysis-capped' || n.kind === 'parse-error'));
  assert.ok(!r.notes.some((n) => n.kind === 'internal-error'));
});

test('hundreds of undecidable conditions stay linear (paths are merged)', () => {
  // 300 conditions on calls the engine does not see (and that are passed nothing of the store's) in the Release.
  const text = STORE.replace('    if (!m_fLoggedOff)\n', `    ${'if (f()) g(); '.repeat(300)}\n    if (!m_fLoggedOff)\n`);
  assert.notEqual(text, STORE);
  const r = lintSources([{ path: 'ifs.cpp', text }]);
  assert.deepEqual(r.notes.filter((n) => n.kind === 'analysis-capped'), []);
  assert.deepEqual(r.findings.map((f) => f.ruleId), ['support-release-missing']);
});

test('endless loops and gotos are cut, said so with the budget, and leave the rules they hide undecided', () => {
  const loop = STORE.replace('    // m_psup is still referenced here: nobody releases it.\n', '    for (;;) { m_cRef = 0; }\n');
  const jump = STORE.replace('    if (m_fLoggedOff)\n        return S_OK;\n', '    again: if (!m_fLoggedOff) goto again;\n');
  assert.notEqual(loop, STORE);
  assert.notEqual(jump, STORE);
  for (const text of [loop, jump]) {
    const r = lintSources([{ path: 'loops.cpp', text }]);
    const cut = r.notes.filter((n) => n.kind === 'analysis-capped');
    assert.ok(cut.length > 0, `notes: ${r.notes.map((n) => `${n.kind}: ${n.message}`).join(' | ')}`);
    for (const n of cut) assert.match(n.message, /was cut: (a loop without a decidable exit|goto again taken more than 8 times)/);
    assert.ok(cut.every((n) => (n.rules ?? []).length > 0), 'a cut names the rules it leaves undecided');
    assert.ok(!r.notes.some((n) => n.kind === 'internal-error'));
  }
});

test('recursion is followed twice, then named as not followed', () => {
  const text = STORE.replace('    // m_psup is still referenced here: nobody releases it.\n', '    Spin();\n').replace('private:\n', 'private:\n    void Spin() { Spin(); }\n');
  const r = lintSources([{ path: 'rec.cpp', text }]);
  assert.deepEqual(r.findings, []);
  assert.ok(r.notes.some((n) => /Spin called recursively more than twice/.test(n.message)), r.notes.map((n) => n.message).join(' | '));
});

test('garbage, binary-looking text, half a file, CRLF and empty input', () => {
  for (const text of ['IMsgStore }}}{{{ ((( \u0000\u0001 StoreLogoff ;;; class : public IMsgStore {'.repeat(500), STORE.slice(0, STORE.length / 2), '', '\uFEFF']) {
    const r = lintSources([{ path: 'x.cpp', text }]);
    assert.ok(!r.notes.some((n) => n.kind === 'internal-error'));
  }
  const crlf = lintSources([{ path: 'c.cpp', text: STORE.replace(/\n/g, '\r\n') }]);
  assert.deepEqual(crlf.findings.map((f) => f.loc.range), reference('c.cpp').findings.map((f) => f.loc.range));
});

test('a line that makes the parser crawl degrades the file with a note instead of stalling', () => {
  // 35,000 chained additions inside a parameter list (a fuzzed paste): tree-sitter's C++ error recovery needs
  // minutes for this line.
  const text = `${STORE}\nclass C {\n    STDMETHODIMP QueryInterface(REF${'a+'.repeat(35_000)}ID riid, LPVOID FAR * ppvObj) override\n};\n`;
  const r = lintSources([{ path: 'slow.cpp', text }]);
  const note = r.notes.find((n) => n.kind === 'parse-error' && /took too long/.test(n.message));
  assert.ok(note, `notes: ${r.notes.map((n) => n.message).join(' | ')}`);
  // The store itself is still analysed: only the long line was left out.
  assert.deepEqual(r.findings.map((f) => f.ruleId), reference('a.cpp').findings.map((f) => f.ruleId));
});
