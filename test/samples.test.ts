// The README's main job: `mapi-lint samples/` prints exactly the findings planted in the samples
// (listed in samples/README.md), through the real CLI.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const REPO = path.resolve(__dirname, '../..');

test('mapi-lint samples/ reports the planted bugs and nothing else', () => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'mapi-lint.js'), '--format', 'json', 'samples/'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.status, 1, r.stderr);
  const report = JSON.parse(r.stdout) as { findings: { file: string; line: number; ruleId: string; trace: unknown[] }[] };
  const got = report.findings.map((f) => `${f.file.replace(/^samples\//, '')}:${f.line} ${f.ruleId}`);
  const readme = fs.readFileSync(path.join(REPO, 'samples', 'README.md'), 'utf8');
  const listed = /```\n([^`]*)```/.exec(readme.slice(readme.indexOf('As a list')))![1].trim().split('\n');
  assert.deepEqual(got, listed);
  for (const f of report.findings) assert.ok(f.trace.length >= 3, 'each finding carries the path that leads to it');
});

test('the text format prints the findings and a summary line', () => {
  const r = spawnSync(process.execPath, [path.join(REPO, 'bin', 'mapi-lint.js'), 'samples/'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(r.status, 1);
  assert.match(r.stdout, /samples\/provider\/msstore\.cpp:70:\d+\s+error\s+.*logoff-abort-missing/);
  assert.match(r.stdout, /4 problems \(2 errors, 2 warnings\)/);
});
