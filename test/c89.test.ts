// The C fixtures and their fix goldens are C89, as the providers they stand for (the MAPI SDK samples): every
// .c file of the corpus, and every header a C case includes, compiles with -std=c89 -pedantic-errors
// -Werror=declaration-after-statement against the stand-in headers, unless its first line says `(fixture: c99)`
// (then -std=c99). A fix that puts a statement before a declaration in a C89 file fails here.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { CASES_DIR, REPO } from './support/cases';

const INCLUDE = path.join(REPO, 'test', 'harness', 'include');

function cFiles(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...cFiles(p));
    else if (e.name.endsWith('.c')) out.push(p);
  }
  return out.sort();
}

const files = cFiles(CASES_DIR);
const gcc = spawnSync('gcc', ['--version'], { encoding: 'utf8' });
const noCompiler = gcc.status !== 0 && process.env.MAPI_LINT_ALLOW_NO_COMPILER === '1';

test('the corpus has C fixtures and C goldens', () => {
  assert.ok(files.filter((f) => !f.includes('.fixed.')).length >= 10, 'C fixtures');
  assert.ok(files.filter((f) => f.includes('.fixed.')).length >= 5, 'C goldens');
});

for (const file of files) {
  const rel = path.relative(CASES_DIR, file);
  test(`C89: ${rel}`, { skip: noCompiler ? 'no gcc (MAPI_LINT_ALLOW_NO_COMPILER=1)' : false }, () => {
    const first = fs.readFileSync(file, 'latin1').split('\n', 1)[0];
    const std = /\(fixture: c99\)/.test(first) ? 'c99' : 'c89';
    const r = spawnSync('gcc', [`-std=${std}`, '-pedantic-errors', '-Werror=declaration-after-statement', '-fsyntax-only', '-I', INCLUDE, '-I', path.dirname(file), file], { encoding: 'utf8' });
    assert.equal(r.status, 0, `${rel} is not ${std.toUpperCase()}:\n${r.stderr}`);
  });
}
