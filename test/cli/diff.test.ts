import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { unifiedDiff } from '../../server/src/cli/diff';

const lines = (n: number, eol = '\n'): string[] => Array.from({ length: n }, (_, i) => `line ${i + 1};${eol}`);

test('two one-line edits 3,000 lines apart in a 7,000-line file: two small hunks, a few dozen lines', () => {
  const a = lines(7000);
  const b = [...a];
  b[2000] = 'changed 2001;\n';
  b[5000] = 'changed 5001;\n';
  const d = unifiedDiff('a/store.cpp', 'b/store.cpp', a.join(''), b.join(''));
  const out = d.split('\n').filter((l) => l !== '');
  assert.ok(out.length <= 24, `${out.length} lines`);
  assert.deepEqual(out.slice(0, 3), ['--- a/store.cpp', '+++ b/store.cpp', '@@ -1998,7 +1998,7 @@']);
  assert.deepEqual(
    out.filter((l) => /^[-+@][^-+]/.test(l)),
    ['@@ -1998,7 +1998,7 @@', '-line 2001;', '+changed 2001;', '@@ -4998,7 +4998,7 @@', '-line 5001;', '+changed 5001;'],
  );
  assert.deepEqual(out.slice(3, 6), [' line 1998;', ' line 1999;', ' line 2000;'], 'three lines of context');
});

test('nearby edits share a hunk; insertions, deletions, CRLF lines and a missing final newline', () => {
  const a = lines(20);
  const b = [...a];
  b.splice(10, 1); // delete line 11
  b.splice(13, 0, 'inserted;\n');
  const d = unifiedDiff('a/x.c', 'b/x.c', a.join(''), b.join(''));
  assert.equal((d.match(/^@@/gm) ?? []).length, 1, d);
  assert.match(d, /^-line 11;$/m);
  assert.match(d, /^\+inserted;$/m);

  const crlf = lines(5, '\r\n');
  const crlfB = [...crlf];
  crlfB[2] = 'three;\r\n';
  const dc = unifiedDiff('a/w.cpp', 'b/w.cpp', crlf.join(''), crlfB.join(''));
  assert.match(dc, /^ line 2;\r$/m, 'unchanged CRLF lines keep their CR');
  assert.match(dc, /^\+three;\r$/m);

  const noEol = unifiedDiff('a/n.c', 'b/n.c', 'a\nb', 'a\nc');
  assert.equal(noEol, '--- a/n.c\n+++ b/n.c\n@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+c\n\\ No newline at end of file\n');
  assert.equal(unifiedDiff('a/e.c', 'b/e.c', '', 'x\n'), '--- a/e.c\n+++ b/e.c\n@@ -0,0 +1,1 @@\n+x\n', 'an empty side names line 0, as diff -u does');
  assert.equal(unifiedDiff('a/s.c', 'b/s.c', 'same\n', 'same\n'), '');
});
