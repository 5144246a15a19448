// The pure parts of the CLI's parallel lint: grouping first-round files by provider, which group simulates a
// store, and the checks that say when two groups would see each other's definitions.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { directoryConflicts, Merges, nameConflicts, ownsStore, providerGroups, providerKey } from '../../server/src/engine-old/partition';

test('providerGroups: one group per first directory below the common one; files directly in it form group ""', () => {
  const split = providerGroups(['/r/a/store/s.cpp', '/r/b/s.c', '/r/a/x/t.cpp', '/r/top.cpp']);
  assert.equal(split.common, '/r/');
  assert.deepEqual(
    split.groups.map((g) => [g.key, g.seeds]),
    [
      ['a', ['/r/a/store/s.cpp', '/r/a/x/t.cpp']],
      ['', ['/r/top.cpp']],
      ['b', ['/r/b/s.c']],
    ],
  );
});

test('providerGroups: seeds in one provider directory split by the next level; none gives no group', () => {
  const split = providerGroups(['/r/p/one/s.cpp', '/r/p/two/s.cpp']);
  assert.equal(split.common, '/r/p/');
  assert.deepEqual(split.groups.map((g) => g.key).sort(), ['one', 'two']);
  assert.deepEqual(providerGroups([]), { common: '', groups: [] });
  // Windows separators.
  const win = providerGroups(['C:\\src\\a\\s.cpp', 'C:\\src\\b\\s.cpp']);
  assert.equal(win.common, 'C:\\src\\');
  assert.deepEqual(win.groups.map((g) => g.key).sort(), ['a', 'b']);
});

test('providerKey and ownsStore: a store belongs to its own provider; one outside every provider to every group', () => {
  assert.equal(providerKey('/r/', '/r/a/s.cpp'), 'a');
  assert.equal(providerKey('/r/', '/r/s.cpp'), '');
  assert.equal(providerKey('/r/', '/elsewhere/s.cpp'), undefined);
  const all = new Set(['a', 'b']);
  assert.equal(ownsStore('/r/', ['a'], all, '/r/a/s.cpp'), true);
  assert.equal(ownsStore('/r/', ['a'], all, '/r/b/s.cpp'), false);
  assert.equal(ownsStore('/r/', ['a', 'b'], all, '/r/b/s.cpp'), true, 'a merged group owns both');
  assert.equal(ownsStore('/r/', ['a'], all, '/r/lib/base.h'), true, 'no group stands for lib/');
  assert.equal(ownsStore('/r/', ['a'], all, '/other/base.h'), true);
});

test('nameConflicts: a name only defined outside the closure is a conflict; a nearer own definition is not', () => {
  const texts = new Map([
    ['/r/b/store.cpp', 'void f() { DropSupport(p); LOGOFF_ABORT; Helper(); }'],
    ['/r/b/defs.h', '#define LOGOFF_ABORT 1'],
  ]);
  const defs = new Map([
    ['DropSupport', ['/r/a/util.cpp']],
    ['LOGOFF_ABORT', ['/r/b/defs.h', '/r/a/defs.h']],
    ['Helper', ['/r/b/store.cpp', '/r/b/other/store.cpp']],
    ['Unused', ['/r/a/util.cpp']],
  ]);
  const closure = ['/r/b/store.cpp', '/r/b/defs.h'];
  assert.deepEqual(nameConflicts(closure, defs, (f) => texts.get(f)), ['/r/a/util.cpp']);
  // An outside definition as near as the own one (same directory) could win: a conflict.
  const tie = new Map([['LOGOFF_ABORT', ['/r/b/defs.h', '/r/b/defs2.h']]]);
  assert.deepEqual(nameConflicts(closure, tie, (f) => texts.get(f)), ['/r/b/defs2.h']);
  // Words in comments count too (the check errs on the side of merging).
  assert.deepEqual(nameConflicts(['/x/a.c'], new Map([['Foo', ['/y/b.c']]]), () => '// Foo'), ['/y/b.c']);
});

test('directoryConflicts: a file another group holds in the directory of a C store this group simulates, and this group does not', () => {
  // Group 0 simulates a C store in /r/a; group 1 holds /r/a/t.c, which group 0 does not: 0 depends on 1.
  assert.deepEqual(directoryConflicts([['/r/a/s.c'], ['/r/a/t.c'], ['/r/b/u.c']], [['/r/a'], [], ['/r/b']]), [[0, 1]]);
  // Both hold the file: no conflict.
  assert.deepEqual(directoryConflicts([['/r/a/s.c', '/r/a/t.c'], ['/r/a/t.c']], [['/r/a'], []]), []);
  // Other groups' files in directories without a simulated C store do not matter (C++ stores read no directory).
  assert.deepEqual(directoryConflicts([['/r/a/s.cpp'], ['/r/a/t.cpp']], [[], []]), []);
  // Both directions when both simulate C stores there.
  assert.deepEqual(directoryConflicts([['/r/a/s.c'], ['/r/a/t.c']], [['/r/a'], ['/r/a']]).sort(), [[0, 1], [1, 0]]);
});

test('Merges: union-find gives the sets of more than one group', () => {
  const m = new Merges(5);
  assert.equal(m.union(0, 3), true);
  assert.equal(m.union(3, 0), false);
  m.union(4, 3);
  assert.deepEqual(m.merged(), [[0, 3, 4]]);
  assert.equal(m.find(4), m.find(0));
  assert.notEqual(m.find(1), m.find(0));
});
