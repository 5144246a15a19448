// Fixes of the provider-family rules against their golden files (test/fixtures/family/<group>/invalid/<case>):
// every invalid case either has goldens (`<case>.fixed.<ext>` beside a single-file case, `<file>.fixed.<ext>`
// inside a folder case, one per file the fix changes) that equal the engine's Fix All output exactly, re-lint
// clean and stay unchanged when fixed again, or is listed in test/fixtures/family/unfixed.json with the reason
// the engine gives for leaving it. The rules are those of test/family-rules.test.ts: the family rules, with
// transport-makeinvalid-missing switched on; the store rules are switched off, so that Fix All works on the
// family's findings only (the stores inside the IMSLogon cases carry no labels for them). Line endings and
// indentation by tabs are checked on top.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { fixAll, Workspace } from '../server/src/engine';
import type { RuleSetting } from '../server/src/engine';
import { RULES } from '../server/src/engine/rules/index';
import { FAMILY_DIR, listCases, type Case } from './support/cases';

const familyRules = RULES.filter((r) => !r.objects.includes('store')).map((r) => r.meta.id);
const settings: Record<string, RuleSetting> = { 'transport-makeinvalid-missing': 'warning' };
for (const r of RULES) if (r.objects.includes('store')) settings[r.meta.id] = 'off';
const options = { settingsFor: () => settings };

function goldenPath(file: string): string {
  const ext = path.extname(file);
  return `${file.slice(0, -ext.length)}.fixed${ext}`;
}

function goldenOf(file: string): string | undefined {
  const g = goldenPath(file);
  return fs.existsSync(g) ? fs.readFileSync(g, 'utf8') : undefined;
}

function workspaceOf(files: { path: string; text: string }[]): Workspace {
  const ws = new Workspace();
  for (const f of files) ws.setFile(f.path, f.text);
  return ws;
}

function familyFindings(ws: Workspace): string[] {
  return ws
    .lint(options)
    .findings.filter((f) => familyRules.includes(f.ruleId))
    .map((f) => `${path.basename(f.loc.file)}:${f.loc.range.startLine + 1} ${f.ruleId}: ${f.message}`);
}

const idOf = (c: Case): string => `${c.group}/${c.kind}/${c.name}`;
const invalid = listCases(FAMILY_DIR).filter((c) => c.kind === 'invalid');
const withGolden = invalid.filter((c) => c.files.some((f) => goldenOf(f.path) !== undefined));
const listed = (JSON.parse(fs.readFileSync(path.join(FAMILY_DIR, 'unfixed.json'), 'utf8')) as { cases: Record<string, string> }).cases;

/** Every `.fixed.` file under a directory. */
function allGoldens(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...allGoldens(p));
    else if (/\.fixed\.[^.]+$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

test('family: at least half of the invalid cases have a verified fix with goldens', () => {
  assert.ok(invalid.length >= 30, `${invalid.length} invalid family cases`);
  assert.ok(withGolden.length * 2 >= invalid.length, `only ${withGolden.length} of ${invalid.length} cases have goldens`);
});

test('family: every golden belongs to a file of an invalid case', () => {
  const used = new Set(withGolden.flatMap((c) => c.files.map((f) => goldenPath(f.path)).filter((g) => fs.existsSync(g))));
  assert.deepEqual(allGoldens(FAMILY_DIR).filter((g) => !used.has(g)), [], 'goldens without a matching invalid case file');
});

test('family: every invalid case has goldens, or is listed in unfixed.json with the reason no fix is verified', () => {
  const without = invalid.filter((c) => !withGolden.includes(c)).map(idOf);
  assert.deepEqual(without.sort(), Object.keys(listed).sort(), 'invalid cases without goldens = the cases of unfixed.json');
});

for (const c of invalid) {
  const id = idOf(c);
  if (!withGolden.includes(c)) {
    test(`family fix ${id}: no fix, for the reason unfixed.json gives`, () => {
      const result = fixAll(workspaceOf(c.files), undefined, options);
      assert.equal(result.texts.size, 0, 'a case without goldens gets no fix');
      const reasons = result.unfixed.filter((u) => familyRules.includes(u.finding.ruleId)).map((u) => `${u.finding.ruleId}: ${u.reason}`);
      assert.ok(reasons.length > 0 && result.unfixed.every((u) => u.reason.length > 0), 'each unfixed finding says why');
      // The entry is "<the engine's reason, `…` for a part left out> — <why>": the engine's part must match.
      const want = (listed[id] ?? '').split(' — ')[0];
      const parts = want.split(' … ');
      const matches = (r: string): boolean => {
        let at = 0;
        for (const p of parts) {
          const i = r.indexOf(p, at);
          if (i < 0) return false;
          at = i + p.length;
        }
        return true;
      };
      assert.ok(reasons.some(matches), `the engine's reasons\n  ${reasons.join('\n  ')}\ndo not say "${want}"`);
    });
    continue;
  }
  test(`family fix ${id}`, () => {
    const ws = workspaceOf(c.files);
    assert.ok(familyFindings(ws).length > 0, 'the case has family findings to fix');
    const result = fixAll(ws, undefined, options);
    for (const f of c.files) {
      const golden = goldenOf(f.path);
      const got = result.texts.get(f.path);
      if (golden === undefined) assert.equal(got, undefined, `${path.basename(f.path)} must not change`);
      else assert.equal(got, golden, `${path.basename(f.path)} differs from its golden`);
    }
    assert.ok(result.applied.length > 0);
    for (const a of result.applied) {
      assert.ok(familyRules.includes(a.ruleId), `a family fix (${a.ruleId})`);
      assert.ok(a.verified.length > 0, 'a fix names the scenarios it passes');
    }
    // Re-lint the fixed provider: no family finding, nothing left for Fix All. Fix it again: nothing changes.
    const fixed = workspaceOf(c.files.map((f) => ({ path: f.path, text: result.texts.get(f.path) ?? f.text })));
    assert.deepEqual(familyFindings(fixed), []);
    assert.deepEqual(result.unfixed.filter((u) => familyRules.includes(u.finding.ruleId)).map((u) => u.finding.ruleId), []);
    assert.equal(fixAll(fixed, undefined, options).texts.size, 0, 'a second fix changes nothing');
  });
}

function caseNamed(name: string): Case {
  const c = invalid.find((x) => x.name === name);
  assert.ok(c, name);
  return c;
}

test('family: CRLF files get CRLF fixes and nothing else changes', () => {
  for (const name of ['ab_cpp_status_cached_never_released.cpp', 'xp_c_status_forgotten.c']) {
    const c = caseNamed(name);
    const crlf = c.files.map((f) => ({ path: f.path, text: f.text.replace(/\n/g, '\r\n') }));
    const result = fixAll(workspaceOf(crlf), undefined, options);
    const out = result.texts.get(crlf[0].path);
    assert.ok(out, name);
    assert.equal(out.replace(/\r\n/g, '\n'), goldenOf(c.files[0].path), name);
    assert.doesNotMatch(out, /[^\r]\n/, `${name}: every line ends with CRLF`);
  }
});

test('family: tab-indented files get tab-indented fixes', () => {
  for (const name of ['ab_cpp_vector_addref_clear.cpp', 'ms_c_folder_table_kept.c']) {
    const c = caseNamed(name);
    const tabbed = c.files.map((f) => ({ path: f.path, text: f.text.replace(/^((?: {4})+)/gm, (m) => '\t'.repeat(m.length / 4)) }));
    const result = fixAll(workspaceOf(tabbed), undefined, options);
    const out = result.texts.get(tabbed[0].path);
    assert.ok(out, name);
    // The lines the fix added (counted: a fix may repeat a line the file has elsewhere).
    const left = new Map<string, number>();
    for (const l of tabbed[0].text.split('\n')) left.set(l, (left.get(l) ?? 0) + 1);
    const added = out.split('\n').filter((l) => {
      const n = left.get(l) ?? 0;
      if (n > 0) left.set(l, n - 1);
      return n === 0 && l.trim() !== '';
    });
    assert.ok(added.length > 0, name);
    for (const l of added) assert.doesNotMatch(l, /^ +\S/, `${name}: added line indented with spaces: ${JSON.stringify(l)}`);
    assert.deepEqual(familyFindings(workspaceOf([{ path: tabbed[0].path, text: out }])), [], name);
  }
});
