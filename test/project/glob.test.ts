import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { compileGlob, GlobSyntaxError, MAX_BRACE_DEPTH, type GlobStats } from '../../server/src/project/glob';

const g = (p: string, s: string): boolean => compileGlob(p).match(s);

test('glob: * and ? stay within a segment', () => {
  assert.ok(g('*.cpp', 'a.cpp'));
  assert.ok(g('*.cpp', '.cpp'));
  assert.ok(!g('*.cpp', 'src/a.cpp'));
  assert.ok(g('src/?.h', 'src/a.h'));
  assert.ok(!g('src/?.h', 'src/ab.h'));
  assert.ok(!g('a?b', 'a/b'));
  assert.ok(g('a?b', 'a\u{1F600}b'), '? is one character, also outside the BMP');
  assert.ok(g('a**b', 'axyzb'), '** inside a segment acts like *');
  assert.ok(!g('a**b', 'a/b'));
});

test('glob: ** spans segments, including none', () => {
  assert.ok(g('**/*.cpp', 'a.cpp'));
  assert.ok(g('**/*.cpp', 'x/y/a.cpp'));
  assert.ok(g('src/**/gen/*.h', 'src/gen/a.h'));
  assert.ok(g('src/**/gen/*.h', 'src/a/b/gen/a.h'));
  assert.ok(!g('src/**/gen/*.h', 'src/a/xgen/a.h'));
  assert.ok(g('vendor/**', 'vendor/x/y.c'));
  assert.ok(!g('vendor/**', 'vendor'));
  assert.ok(!g('vendor/**', 'vendorx/a.c'));
});

test('glob: {a,b} alternatives (nested), [classes], escapes, literal brackets', () => {
  assert.ok(g('*.{c,cpp}', 'a.c'));
  assert.ok(g('*.{c,cpp}', 'a.cpp'));
  assert.ok(!g('*.{c,cpp}', 'a.h'));
  assert.ok(g('{src,lib/{x,y}}/*.c', 'lib/y/a.c'));
  assert.ok(!g('{src,lib/{x,y}}/*.c', 'lib/z/a.c'));
  assert.ok(g('{**/gen,out}/*.c', 'a/b/gen/x.c'), '** at the start of an alternative');
  assert.ok(g('a{,.bak}', 'a') && g('a{,.bak}', 'a.bak'), 'an empty alternative');
  assert.ok(g('file[0-9].c', 'file7.c'));
  assert.ok(!g('file[!0-9].c', 'file7.c'));
  assert.ok(g('file[!0-9].c', 'filex.c'));
  assert.ok(g('file[^0-9].c', 'filex.c'));
  assert.ok(!g('a[!x]b', 'a/b'), 'a negated class never matches /');
  assert.ok(!g('a[.-0]b', 'a/b'), 'nor does a range that spans /');
  assert.ok(g('a[]]b', 'a]b'), '] first in a class is a member');
  assert.ok(g('a{b', 'a{b'), 'an unclosed brace is literal');
  assert.ok(g('a[b', 'a[b'), 'an unclosed class is literal');
  assert.ok(g('a[z-a]', 'a[z-a]'), 'a reversed range is not a class');
  assert.ok(g('a\\*b', 'a*b'));
  assert.ok(!g('a\\*b', 'axb'));
  assert.ok(g('a.(c)+', 'a.(c)+'), 'regexp characters are literal');
  assert.ok(!g('a.(c)+', 'a.cc'));
});

test('glob: {a,a} repeated 32 times then b, against a long path of a: bounded steps (a backtracking matcher takes 2^32)', () => {
  const glob = compileGlob(`${'{a,a}'.repeat(32)}b`);
  for (const n of [31, 32, 33, 10_000]) {
    const stats: GlobStats = { steps: 0 };
    assert.equal(glob.match('a'.repeat(n), stats), false);
    assert.ok(stats.steps <= (n + 1) * glob.stateCount, `${stats.steps} steps for ${n} characters`);
    assert.ok(stats.steps < 20_000, `${stats.steps} steps for ${n} characters`);
  }
  const stats: GlobStats = { steps: 0 };
  assert.equal(glob.match(`${'a'.repeat(32)}b`, stats), true);
  assert.ok(stats.steps < 20_000);
});

test('glob: the step bound holds where every state stays alive (stars and globstars)', () => {
  const glob = compileGlob('**/*a*a*a*a*a*a*a*a*/**/*b');
  const path = Array.from({ length: 200 }, () => 'aaaaaaaaaa').join('/');
  const stats: GlobStats = { steps: 0 };
  assert.equal(glob.match(path, stats), false);
  assert.ok(stats.steps > path.length, 'the automaton did run over the whole path');
  assert.ok(stats.steps <= (path.length + 1) * glob.stateCount, `${stats.steps} steps, bound ${(path.length + 1) * glob.stateCount}`);
  assert.equal(glob.match(`${path}/xb`), true);
});

test('glob: braces nested too deep and patterns too long are refused, naming the limit', () => {
  const deep = `${'{a,'.repeat(MAX_BRACE_DEPTH + 1)}b${'}'.repeat(MAX_BRACE_DEPTH + 1)}`;
  assert.throws(() => compileGlob(deep), (e: unknown) => e instanceof GlobSyntaxError && /nested deeper than 16/.test(e.message));
  const ok = `${'{a,'.repeat(MAX_BRACE_DEPTH)}b${'}'.repeat(MAX_BRACE_DEPTH)}`;
  assert.ok(compileGlob(ok).match('b'));
  assert.ok(compileGlob(ok).match('a'));
  assert.ok(!compileGlob(ok).match('ab'));
  assert.throws(() => compileGlob('a'.repeat(5000)), (e: unknown) => e instanceof GlobSyntaxError && /longer than 4096/.test(e.message));
  // 100,000 unclosed braces: refused by length before any parsing, so no deep recursion.
  assert.throws(() => compileGlob('{'.repeat(100_000)), GlobSyntaxError);
});
