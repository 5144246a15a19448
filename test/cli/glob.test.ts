import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { globToRegExp } from '../../server/src/cli/glob';
import { isGitIgnored, parseGitignore } from '../../server/src/cli/gitignore';

const g = (p: string, s: string, braces = true): boolean => globToRegExp(p, { braces }).test(s);

test('glob: * and ? stay within a segment', () => {
  assert.ok(g('*.cpp', 'a.cpp'));
  assert.ok(!g('*.cpp', 'src/a.cpp'));
  assert.ok(g('src/?.h', 'src/a.h'));
  assert.ok(!g('src/?.h', 'src/ab.h'));
  assert.ok(!g('a?b', 'a/b'));
});

test('glob: ** spans segments, including none', () => {
  assert.ok(g('**/*.cpp', 'a.cpp'));
  assert.ok(g('**/*.cpp', 'x/y/a.cpp'));
  assert.ok(g('src/**/gen/*.h', 'src/gen/a.h'));
  assert.ok(g('src/**/gen/*.h', 'src/a/b/gen/a.h'));
  assert.ok(g('vendor/**', 'vendor/x/y.c'));
  assert.ok(!g('vendor/**', 'vendor'));
  assert.ok(!g('vendor/**', 'vendorx/a.c'));
});

test('glob: {a,b} alternatives (nested) and [classes]', () => {
  assert.ok(g('*.{c,cpp}', 'a.c'));
  assert.ok(g('*.{c,cpp}', 'a.cpp'));
  assert.ok(!g('*.{c,cpp}', 'a.h'));
  assert.ok(g('{src,lib/{x,y}}/*.c', 'lib/y/a.c'));
  assert.ok(g('file[0-9].c', 'file7.c'));
  assert.ok(!g('file[!0-9].c', 'file7.c'));
  assert.ok(g('file[!0-9].c', 'filex.c'));
  assert.ok(g('a{b', 'a{b'), 'an unclosed brace is literal');
  assert.ok(g('a[b', 'a[b'), 'an unclosed class is literal');
  assert.ok(g('a\\*b', 'a*b'));
  assert.ok(!g('a\\*b', 'axb'));
  assert.ok(g('a.(c)+', 'a.(c)+'), 'regexp characters are literal');
  assert.ok(!g('{a,b}', '{a,b}x', false));
  assert.ok(g('{a,b}', '{a,b}', false), 'no braces in gitignore mode');
});

function ignored(gitignore: string, rel: string, isDir = false): boolean {
  return isGitIgnored([{ dir: '/r', rules: parseGitignore(gitignore) }], () => rel, isDir);
}

test('gitignore: unanchored patterns match at any depth; a slash anchors them', () => {
  assert.ok(ignored('gen.cpp', 'gen.cpp'));
  assert.ok(ignored('gen.cpp', 'a/b/gen.cpp'));
  assert.ok(ignored('/gen.cpp', 'gen.cpp'));
  assert.ok(!ignored('/gen.cpp', 'a/gen.cpp'));
  assert.ok(ignored('a/gen.cpp', 'a/gen.cpp'));
  assert.ok(!ignored('a/gen.cpp', 'x/a/gen.cpp'));
  assert.ok(ignored('*.h', 'x/y.h'));
  assert.ok(ignored('**/build/*.c', 'p/q/build/a.c'));
  assert.ok(ignored('fil?.c', 'file.c'));
});

test('gitignore: trailing slash means directories only; negation; comments; escapes', () => {
  assert.ok(ignored('build/', 'build', true));
  assert.ok(!ignored('build/', 'build', false));
  assert.ok(ignored('build/', 'x/build', true));
  assert.ok(!ignored('*.c\n!keep.c', 'keep.c'));
  assert.ok(ignored('*.c\n!keep.c', 'other.c'));
  assert.ok(ignored('!keep.c\n*.c', 'keep.c'), 'the last matching line wins');
  assert.ok(!ignored('# a.c', 'a.c'));
  assert.ok(!ignored('# a.c', '# a.c'));
  assert.ok(ignored('\\#a.c', '#a.c'));
  assert.ok(ignored('\\!a.c', '!a.c'));
  assert.ok(ignored('a.c   ', 'a.c'), 'trailing spaces are trimmed');
  assert.ok(ignored('a.c\\ ', 'a.c '), 'an escaped trailing space is kept');
  assert.ok(ignored('a.c\r\n', 'a.c'), 'CRLF .gitignore files');
});

test('gitignore: a deeper file wins over a shallower one', () => {
  const stack = [
    { dir: '/r', rules: parseGitignore('*.c') },
    { dir: '/r/sub', rules: parseGitignore('!keep.c') },
  ];
  const rel = (p: string) => (d: string) => path.posix.relative(d, `/r/${p}`);
  assert.ok(!isGitIgnored(stack, rel('sub/keep.c'), false));
  assert.ok(isGitIgnored(stack, rel('sub/other.c'), false));
  assert.ok(isGitIgnored(stack, rel('keep.c'), false), 'the negation in sub/ does not reach the root');
});
