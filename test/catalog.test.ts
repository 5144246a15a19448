// One list of rules (server/src/engine/rules/index.ts), and everything that names rules agrees with it: each
// rule's page in docs/rules/ (heading, default severity), the rules index page, the editor's per-rule
// settings in package.json, the test harness's list and the rules its C++ runner reports.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { RULE_CATALOG } from '../server/src/engine';
import { RULES } from '../server/src/engine/rules/index';
import { RULE_IDS as HARNESS_RULE_IDS } from './harness/run';
import { REPO } from './support/cases';

const ids = RULE_CATALOG.map((r) => r.id);

test('catalog: ids are unique, kebab-case, and every rule has metadata worth showing', () => {
  assert.equal(new Set(ids).size, ids.length);
  for (const r of RULE_CATALOG) {
    assert.match(r.id, /^[a-z]+(-[a-z]+)+$/);
    assert.ok(r.short.length > 20 && r.full.length > r.short.length, `${r.id}: short and full descriptions`);
    assert.ok(r.tags.length > 0 && !r.tags.every((t) => t === 'mapi' || t === 'correctness'), `${r.id}: tags that mean something`);
    assert.ok(['very-high', 'high', 'medium', 'low'].includes(r.precision), `${r.id}: precision`);
  }
});

test('catalog: every rule has its page, with its id as the heading and its default severity', () => {
  const dir = path.join(REPO, 'docs', 'rules');
  const pages = fs.readdirSync(dir).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3)).sort();
  assert.deepEqual(pages, [...ids].sort(), 'one page per rule, no page without a rule');
  for (const r of RULE_CATALOG) {
    const text = fs.readFileSync(path.join(dir, `${r.id}.md`), 'utf8');
    assert.equal(text.split('\n')[0], `# ${r.id}`);
    assert.match(text, new RegExp(`\\*\\*Default severity:\\*\\* ${r.defaultSeverity}\\b`), `${r.id}: severity on its page`);
  }
  const index = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
  for (const r of RULE_CATALOG) assert.match(index, new RegExp(`\\| \\[\`${r.id}\`\\]\\(${r.id}\\.md\\) \\| ${r.defaultSeverity} \\|`), `${r.id} in the index`);
});

test('catalog: the editor settings in package.json list exactly the rules', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8'));
  const props = pkg.contributes.configuration.properties['mapiLint.rules'].properties as Record<string, { enum: string[] }>;
  assert.deepEqual(Object.keys(props).sort(), [...ids].sort());
  for (const p of Object.values(props)) assert.deepEqual(p.enum, ['off', 'warning', 'error']);
});

test('catalog: the harness checks exactly the protocol rules, and its runner reports each of them', async () => {
  // The store rules: test/harness/run.ts and its runner.cpp.
  const store = RULES.filter((r) => r.objects.includes('store')).map((r) => r.meta.id).sort();
  assert.deepEqual([...HARNESS_RULE_IDS].sort(), store);
  const runner = fs.readFileSync(path.join(REPO, 'test', 'harness', 'runner.cpp'), 'utf8');
  const reported = new Set([...runner.matchAll(/broken\.insert\("([a-z-]+)"\)/g)].map((m) => m[1]));
  assert.deepEqual([...reported].sort(), store);
  // The provider family's rules: test/harness/family/run.mjs and its runner.cpp (which names each rule it reports).
  const family = RULES.filter((r) => !r.objects.includes('store')).map((r) => r.meta.id).sort();
  const runMjs = pathToFileURL(path.join(REPO, 'test', 'harness', 'family', 'run.mjs')).href;
  // A real ESM import (tsc's CommonJS output would turn `import()` into a require of the .mjs).
  const importEsm = new Function('specifier', 'return import(specifier)') as (s: string) => Promise<unknown>;
  const { FAMILY_RULE_IDS } = (await importEsm(runMjs)) as { FAMILY_RULE_IDS: string[] };
  assert.deepEqual([...FAMILY_RULE_IDS].sort(), family);
  const familyRunner = fs.readFileSync(path.join(REPO, 'test', 'harness', 'family', 'runner.cpp'), 'utf8');
  for (const id of family) assert.ok(familyRunner.includes(`"${id}"`), `the family runner reports ${id}`);
});
