// Every labelled case through the engine: invalid cases must be found at the marked line with the marked
// rule id, valid cases must stay silent. The same labels are confirmed by execution in fixture-labels.test.ts.
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { test } from 'node:test';
import { lintSources } from '../server/src/engine';
import { RULES } from '../server/src/engine/rules/index';
import { listCases } from './support/cases';

const cases = listCases();

test('the corpus has valid and invalid cases for every protocol rule', () => {
  // The store rules; the provider family's rules have their corpus in test/fixtures/family (family-rules.test.ts).
  for (const rule of RULES.filter((r) => r.objects.includes('store')).map((r) => r.meta)) {
    const mine = cases.filter((c) => c.group === rule.id);
    assert.ok(mine.filter((c) => c.kind === 'invalid').length >= 3, `${rule.id}: at least 3 invalid cases`);
    assert.ok(mine.filter((c) => c.kind === 'valid').length >= 2, `${rule.id}: at least 2 valid cases`);
    // Every invalid case of the rule's folder expects that rule somewhere.
    for (const c of mine.filter((x) => x.kind === 'invalid')) assert.ok(c.expected.some((e) => e.endsWith(` ${rule.id}`)), `${c.name} expects ${rule.id}`);
  }
  assert.ok(cases.filter((c) => c.group === 'designs' || c.group === 'traps').length >= 8, 'designs and traps');
});

for (const c of cases) {
  test(`${c.group}/${c.kind}/${c.name}`, () => {
    const result = lintSources(c.files);
    const got = result.findings.map((f) => `${path.basename(f.loc.file)}:${f.loc.range.startLine + 1} ${f.ruleId}`).sort();
    const detail = result.findings.map((f) => `  ${path.basename(f.loc.file)}:${f.loc.range.startLine + 1} ${f.ruleId}: ${f.message}`).join('\n');
    assert.deepEqual(got, c.expected, `findings differ from the labels:\n${detail}`);
    assert.deepEqual(result.notes.filter((n) => n.kind === 'internal-error'), []);
    if (c.kind === 'invalid') {
      for (const f of result.findings) {
        assert.ok(f.trace.length > 0, 'a finding carries its trace');
        assert.ok(f.scenario, 'a finding names its scenario');
      }
    }
  });
}
