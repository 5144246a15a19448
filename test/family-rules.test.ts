// The provider-family corpus through the engine (test/fixtures/family/<group>/<valid|invalid>/<case>): every
// finding an invalid case is marked for must be reported at the marked line with the marked rule id, and valid
// cases (designs/, traps/, <rule>/valid/) must stay silent. The same labels are confirmed by executing the cases
// with the family runner in family-labels.test.ts. transport-makeinvalid-missing is off by default; it is
// switched on here so that its cases count. The message stores inside the IMSLogon cases are there for the
// logon's sake and carry no labels for the store rules (the store corpus, test/fixtures/cases, does): only the
// family rules' findings are compared.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintSources } from '../server/src/engine';
import { RULES } from '../server/src/engine/rules/index';
import { FAMILY_DIR, listCases } from './support/cases';

const cases = listCases(FAMILY_DIR);
const familyRules = RULES.filter((r) => !r.objects.includes('store')).map((r) => r.meta.id);
const settings = { 'transport-makeinvalid-missing': 'warning' } as const;

test('the family corpus has valid and invalid cases for every family rule', () => {
  assert.ok(familyRules.length >= 11, 'the eleven family rules');
  for (const id of familyRules) {
    const mine = cases.filter((c) => c.group === id);
    assert.ok(mine.filter((c) => c.kind === 'invalid').length >= 2, `${id}: at least 2 invalid cases`);
    assert.ok(mine.filter((c) => c.kind === 'valid').length >= 2, `${id}: at least 2 valid cases`);
    for (const c of mine.filter((x) => x.kind === 'invalid')) assert.ok(c.expected.some((e) => e.endsWith(` ${id}`)), `${c.name} expects ${id}`);
  }
});

for (const c of cases) {
  test(`family ${c.group}/${c.kind}/${c.name}`, () => {
    const result = lintSources(c.files, { settingsFor: () => settings });
    const findings = result.findings.filter((f) => familyRules.includes(f.ruleId));
    const got = findings.map((f) => `${path.basename(f.loc.file)}:${f.loc.range.startLine + 1} ${f.ruleId}`).sort();
    const detail = findings.map((f) => `  ${path.basename(f.loc.file)}:${f.loc.range.startLine + 1} ${f.ruleId}: ${f.message}`).join('\n');
    const notes = result.notes.map((n) => `  ${n.kind}: ${n.message}`).join('\n');
    assert.deepEqual(got, c.expected, `findings differ from the labels:\n${detail}\nnotes:\n${notes}`);
    assert.deepEqual(result.notes.filter((n) => n.kind === 'internal-error'), []);
    for (const f of findings) assert.ok(f.trace.length > 0 && f.scenario, 'a finding carries its trace and scenario');
  });
}

// An IMSLogon whose provider is not in the sources: its scenarios all need the store that provider's Logon opens,
// so none runs, and the logon's rules are "not decided" with a note that says so (never a silent "clean").
const LONE_MSLOGON = [
  '#include <mapispi.h>',
  'class CMsl : public IMSLogon {',
  'public:',
  '    CMsl(LPMAPISUP psup) : m_cRef(1), m_psup(psup) { m_psup->AddRef(); }',
  '    STDMETHODIMP QueryInterface(REFIID, LPVOID FAR *) { return E_NOINTERFACE; }',
  '    STDMETHODIMP_(ULONG) AddRef() { return ++m_cRef; }',
  '    STDMETHODIMP_(ULONG) Release() { if (--m_cRef == 0) { delete this; return 0; } return m_cRef; }',
  '    STDMETHODIMP GetLastError(HRESULT, ULONG, LPMAPIERROR FAR *) { return E_NOTIMPL; }',
  '    STDMETHODIMP Logoff(ULONG FAR *) { return S_OK; }',
  '    STDMETHODIMP OpenEntry(ULONG, LPENTRYID, LPCIID, ULONG, ULONG FAR *, LPUNKNOWN FAR *) { return E_NOTIMPL; }',
  '    STDMETHODIMP CompareEntryIDs(ULONG, LPENTRYID, ULONG, LPENTRYID, ULONG, ULONG FAR *) { return E_NOTIMPL; }',
  '    STDMETHODIMP Advise(ULONG, LPENTRYID, ULONG, LPMAPIADVISESINK, ULONG FAR *) { return E_NOTIMPL; }',
  '    STDMETHODIMP Unadvise(ULONG) { return E_NOTIMPL; }',
  '    STDMETHODIMP OpenStatusEntry(LPCIID, ULONG, ULONG FAR *, LPVOID FAR *) { return E_NOTIMPL; }',
  'private:',
  '    ULONG m_cRef;',
  '    LPMAPISUP m_psup;',
  '};',
].join('\n');

test('an IMSLogon analysed without its provider is not decided for its rules, and a note says why', () => {
  const result = lintSources([{ path: '/w/msl.cpp', text: LONE_MSLOGON }]);
  assert.deepEqual(result.findings, []);
  const note = result.notes.find((n) => n.kind === 'not-decided');
  assert.ok(note, 'a not-decided note');
  assert.match(note.message, /CMsl: not decided for .*mslogon-support-cycle.*without its provider/);
  assert.deepEqual(note.rules?.includes('mslogon-logoff-store-left-open'), true);
  assert.equal(result.summary.clean, 0, 'no rule of the logon is counted clean');
  assert.ok(result.summary.notDecided >= 7, JSON.stringify(result.summary));
});
