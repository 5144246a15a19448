import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { ConfigResolver } from '../../server/src/project/config';
import { nodeFs } from '../../server/src/project/fs';
import { MAX_WALK_DEPTH, walk } from '../../server/src/project/walk';
import { failingFs, runInProcess, tmpDir, writeTree } from '../cli/helpers';

function walked(root: string, inputs: string[], fsLike = nodeFs) {
  const r = walk(inputs, { cwd: root, fs: fsLike, config: new ConfigResolver(fsLike) });
  return { ...r, rel: r.files.map((f) => path.relative(root, f).split(path.sep).join('/')) };
}

function lintedFiles(stdout: string): string[] {
  return (JSON.parse(stdout) as { files: { path: string }[] }).files.map((f) => f.path);
}

test('directories are walked for C/C++ sources only, sorted, skipping node_modules and .git', () => {
  const root = tmpDir();
  writeTree(root, {
    'src/b.cpp': '',
    'src/a.c': '',
    'src/x.CPP': '',
    'src/inc/store.hpp': '',
    'src/inc/s.hh': '',
    'src/readme.md': '',
    'src/z.cc': '',
    'src/y.cxx': '',
    'src/w.hxx': '',
    'src/v.h': '',
    'node_modules/m/a.cpp': '',
    'src/node_modules/m/a.cpp': '',
    '.git/hooks/a.c': '',
  });
  const r = walked(root, ['.']);
  assert.deepEqual(r.rel, ['src/a.c', 'src/b.cpp', 'src/inc/s.hh', 'src/inc/store.hpp', 'src/v.h', 'src/w.hxx', 'src/x.CPP', 'src/y.cxx', 'src/z.cc']);
  assert.deepEqual(r.problems, []);
});

test('.gitignore files: root and nested, anchors, directories, negation, ancestors up to the repository root', () => {
  const root = tmpDir();
  fs.mkdirSync(path.join(root, '.git'));
  writeTree(root, {
    '.gitignore': '# generated\n*.gen.cpp\n/build/\nout\n!keep.gen.cpp\n',
    'proj/.gitignore': 'local/\n/only_here.c\n',
    'proj/a.cpp': '',
    'proj/x.gen.cpp': '',
    'proj/keep.gen.cpp': '',
    'proj/build/b.cpp': '',
    'build/c.cpp': '',
    'proj/out/d.cpp': '',
    'proj/local/e.cpp': '',
    'proj/only_here.c': '',
    'proj/sub/only_here.c': '',
  });
  assert.deepEqual(walked(root, ['proj']).rel, ['proj/a.cpp', 'proj/build/b.cpp', 'proj/keep.gen.cpp', 'proj/sub/only_here.c']);
  assert.deepEqual(walked(root, ['.']).rel, ['proj/a.cpp', 'proj/build/b.cpp', 'proj/keep.gen.cpp', 'proj/sub/only_here.c']);
  // Explicit files are checked even when a .gitignore names them.
  assert.deepEqual(walked(root, ['proj/x.gen.cpp']).rel, ['proj/x.gen.cpp']);
  // A directory a .gitignore ignores, named on the command line: walked with its own .gitignore files only.
  writeTree(root, { 'build/.gitignore': 'skip.c\n', 'build/skip.c': '', 'build/x.gen.cpp': '' });
  assert.deepEqual(walked(root, ['build']).rel, ['build/c.cpp', 'build/x.gen.cpp']);
  assert.deepEqual(walked(root, ['proj/out']).rel, ['proj/out/d.cpp']);
});

test('.gitignore: brackets as git reads them (the `ignore` package), not as literal text', () => {
  const root = tmpDir();
  fs.mkdirSync(path.join(root, '.git'));
  writeTree(root, {
    '.gitignore': 'a[b.c\nx[!y]z.c\n*.[ch]pp\n[\n',
    'a[b.c': '',
    'ab.c': '',
    'x[!y]z.c': '',
    'xaz.c': '',
    'xyz.c': '',
    'f.cpp': '',
    'f.hpp': '',
    'f.cxx': '',
  });
  // git: an unclosed '[' matches nothing (so "a[b.c" is kept); [!y] is a negated class; [ch] a class.
  assert.deepEqual(walked(root, ['.']).rel, ['a[b.c', 'ab.c', 'f.cxx', 'x[!y]z.c', 'xyz.c']);
});

test('.gitignore: the walk agrees with git itself (git ls-files --others --exclude-standard)', { skip: spawnSync('git', ['--version']).error ? 'no git' : false }, () => {
  const root = tmpDir();
  assert.equal(spawnSync('git', ['init', '-q', root]).status, 0);
  writeTree(root, {
    '.gitignore': '# comment\n*.gen.cpp\n/build/\nout\n!keep.gen.cpp\nlib/**/tmp_*.c\n\\#hash.c\nsp\\ ace.c\ntrail.c   \n[Dd]ebug/\na[b.c\ndoc/*.h\n',
    'proj/.gitignore': 'local/\n/only_here.c\n!../root_negated.c\n*.hh\n!keep.hh\n',
    'proj/a.cpp': '',
    'proj/x.gen.cpp': '',
    'proj/keep.gen.cpp': '',
    'proj/build/b.cpp': '',
    'build/c.cpp': '',
    'proj/out/d.cpp': '',
    'proj/local/e.cpp': '',
    'proj/only_here.c': '',
    'proj/sub/only_here.c': '',
    'proj/h.hh': '',
    'proj/keep.hh': '',
    'lib/tmp_a.c': '',
    'lib/x/y/tmp_b.c': '',
    'lib/x/keep.c': '',
    '#hash.c': '',
    'sp ace.c': '',
    'trail.c': '',
    'Debug/d.c': '',
    'debug/d.c': '',
    'a[b.c': '',
    'doc/x.h': '',
    'doc/sub/y.h': '',
  });
  const git = spawnSync('git', ['ls-files', '--others', '--exclude-standard', '-z'], { cwd: root, encoding: 'utf8' });
  assert.equal(git.status, 0, git.stderr);
  const byGit = git.stdout.split('\0').filter((f) => f !== '' && /\.(c|cpp|h|hh)$/.test(f)).sort();
  assert.deepEqual(walked(root, ['.']).rel.sort(), byGit);
});

test('symbolic link loops are not followed; linked files are listed once', () => {
  const root = tmpDir();
  writeTree(root, { 'src/a.cpp': '', 'src/deeper/b.h': '' });
  fs.symlinkSync('..', path.join(root, 'src/deeper/up'));
  fs.symlinkSync('.', path.join(root, 'src/self'));
  fs.symlinkSync('a.cpp', path.join(root, 'src/alias.cpp'));
  fs.symlinkSync('missing.cpp', path.join(root, 'src/dangling.cpp'));
  fs.symlinkSync('selfloop.cpp', path.join(root, 'src/selfloop.cpp'));
  const r = walked(root, ['src']);
  assert.deepEqual(r.rel, ['src/a.cpp', 'src/deeper/b.h']);
  assert.ok(r.problems.every((p) => !p.fatal), JSON.stringify(r.problems));
  assert.ok(r.problems.some((p) => /loop/.test(p.message)));
  assert.ok(r.problems.some((p) => p.path.endsWith('dangling.cpp')));
});

test('an unreadable directory is reported (simulated EACCES: tests may run as root) and the rest is walked', () => {
  const root = tmpDir();
  writeTree(root, { 'a/x.cpp': '', 'locked/y.cpp': '', 'z/w.cpp': '' });
  const fsLike = failingFs({ [path.join(root, 'locked')]: { op: 'readdirSync', code: 'EACCES' } });
  const r = walked(root, ['.'], fsLike);
  assert.deepEqual(r.rel, ['a/x.cpp', 'z/w.cpp']);
  assert.deepEqual(r.problems, [{ path: 'locked', message: 'cannot read directory: permission denied', fatal: true }]);
  const cli = runInProcess(['--format', 'json', '.'], root, { fs: fsLike });
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /locked: cannot read directory: permission denied/);
  assert.deepEqual(lintedFiles(cli.stdout), ['a/x.cpp', 'z/w.cpp']);
});

test('an unreadable directory, for real', { skip: process.getuid?.() === 0 ? 'running as root: permissions do not apply (the simulated EACCES test covers it)' : false }, () => {
  const root = tmpDir();
  writeTree(root, { 'locked/y.cpp': '', 'ok/x.cpp': '' });
  fs.chmodSync(path.join(root, 'locked'), 0o000);
  try {
    const cli = runInProcess(['--format', 'json', '.'], root);
    assert.equal(cli.code, 2);
    assert.match(cli.stderr, /locked/);
    assert.deepEqual(lintedFiles(cli.stdout), ['ok/x.cpp']);
  } finally {
    fs.chmodSync(path.join(root, 'locked'), 0o755);
  }
});

test('an unreadable file, or one that vanishes between the walk and the read, exits 2 and names it', () => {
  const root = tmpDir();
  writeTree(root, { 'a.cpp': '', 'b.cpp': '', 'c.cpp': '' });
  const fsLike = failingFs({
    [path.join(root, 'a.cpp')]: { op: 'readFileSync', code: 'ENOENT' },
    [path.join(root, 'c.cpp')]: { op: 'readFileSync', code: 'EACCES' },
  });
  const cli = runInProcess(['--format', 'json', '.'], root, { fs: fsLike });
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /a\.cpp: cannot read file: no such file or directory \(it vanished/);
  assert.match(cli.stderr, /c\.cpp: cannot read file: permission denied/);
  assert.deepEqual(lintedFiles(cli.stdout), ['b.cpp']);
});

test('a missing path exits 2 with the path on stderr; the others are still checked', () => {
  const root = tmpDir();
  writeTree(root, { 'ok/a.cpp': 'int a;\n', 'b.h': '' });
  const cli = runInProcess(['--format', 'json', 'ok', 'no/such/dir', 'b.h', 'gone.cpp'], root);
  assert.equal(cli.code, 2);
  assert.match(cli.stderr, /no\/such\/dir: no such file or directory/);
  assert.match(cli.stderr, /gone\.cpp: no such file or directory/);
  assert.deepEqual(lintedFiles(cli.stdout), ['ok/a.cpp', 'b.h']);
});

test('FIFOs and devices are never read; their names are noted', { skip: spawnSync('mkfifo', ['--version']).error ? 'no mkfifo' : false }, () => {
  const root = tmpDir();
  writeTree(root, { 'src/a.cpp': '' });
  assert.equal(spawnSync('mkfifo', [path.join(root, 'src/pipe.cpp')]).status, 0);
  fs.symlinkSync('/dev/zero', path.join(root, 'src/zero.h'));
  const r = walked(root, ['src']);
  assert.deepEqual(r.rel, ['src/a.cpp']);
  assert.deepEqual(
    r.problems.map((p) => [p.path, p.message, p.fatal]),
    [
      ['src/pipe.cpp', 'skipped: not a regular file (a FIFO); never read', false],
      ['src/zero.h', 'skipped: not a regular file (a device); never read', false],
    ],
  );
  // Named on the command line: refused, not read (a read of /dev/zero never ends).
  const named = runInProcess(['src/zero.h', 'src/pipe.cpp', 'src/a.cpp'], root);
  assert.equal(named.code, 2);
  assert.match(named.stderr, /src\/zero\.h: not a regular file or directory/);
  assert.match(named.stderr, /src\/pipe\.cpp: not a regular file or directory/);
});

test('maxFileSize: larger files found by walking are skipped with a note; files named on the command line are checked', () => {
  const root = tmpDir();
  writeTree(root, {
    '.mapilintrc.json': '{ "maxFileSize": 100 }',
    'src/small.cpp': 'int a;\n',
    'src/big.cpp': `// ${'x'.repeat(200)}\nint b;\n`,
    'other/.mapilintrc.json': '{}',
    'other/big.cpp': `// ${'x'.repeat(200)}\nint c;\n`,
  });
  const r = walked(root, ['.']);
  assert.deepEqual(r.rel, ['other/big.cpp', 'src/small.cpp'], 'the nearest config decides (other/ has the default limit)');
  assert.deepEqual(r.tooLarge.map((t) => [path.relative(root, t.file), t.limit]), [[path.join('src', 'big.cpp'), 100]]);
  const cli = runInProcess(['--format', 'json', '.'], root);
  assert.equal(cli.code, 0, cli.stderr);
  assert.match(cli.stderr, /note: src\/big\.cpp: skipped: \d+ bytes, larger than maxFileSize \(100\)/);
  const json = JSON.parse(cli.stdout) as { files: { path: string }[]; notes: { kind: string; file: string }[] };
  assert.deepEqual(json.files.map((f) => f.path), ['other/big.cpp', 'src/small.cpp']);
  assert.deepEqual(json.notes.map((n) => [n.kind, n.file]), [['skipped', 'src/big.cpp']]);
  assert.deepEqual(lintedFiles(runInProcess(['--format', 'json', 'src/big.cpp'], root).stdout), ['src/big.cpp']);
});

test('a .gitignore line with more than two "**" is not applied, with a note (the ignore package would backtrack)', () => {
  const root = tmpDir();
  writeTree(root, { '.gitignore': `*.tmp.c\n${'**/a/'.repeat(12)}b\n`, 'a/a/a/x.c': '', 'y.tmp.c': '' });
  const r = walked(root, ['.']);
  assert.deepEqual(r.rel, ['a/a/a/x.c']);
  assert.deepEqual(r.problems, [{ path: '.gitignore', message: 'line 2: a pattern with more than 2 "**" is not applied (too costly to match)', fatal: false }]);
});

test('directories deeper than the walk limit are not entered, with a note', () => {
  const root = tmpDir();
  const deep = Array.from({ length: MAX_WALK_DEPTH + 1 }, () => 'd').join('/');
  writeTree(root, { 'top.c': '', [`${deep}/too_deep.c`]: '', 'd/d/shallow.c': '' });
  const r = walked(root, ['.']);
  assert.deepEqual(r.rel, ['d/d/shallow.c', 'top.c']);
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0].message, /more than 128 directories deep; not walked/);
  assert.equal(r.problems[0].fatal, false);
});

test('config ignore globs apply before reading (an ignored file is never opened)', () => {
  const root = tmpDir();
  writeTree(root, {
    '.mapilintrc.json': '{ "ignore": ["vendor/", "**/*_gen.cpp"] }',
    'vendor/v.cpp': '',
    'src/a.cpp': '',
    'src/x_gen.cpp': '',
  });
  const poisoned = failingFs({
    [path.join(root, 'vendor/v.cpp')]: { op: 'readFileSync', code: 'EIO' },
    [path.join(root, 'src/x_gen.cpp')]: { op: 'readFileSync', code: 'EIO' },
  });
  const cli = runInProcess(['--format', 'json', '.'], root, { fs: poisoned });
  assert.equal(cli.code, 0, cli.stderr);
  assert.deepEqual(lintedFiles(cli.stdout), ['src/a.cpp']);
  const explicit = runInProcess(['--format', 'json', 'src/x_gen.cpp'], root, { fs: poisoned });
  assert.equal(explicit.code, 0);
  assert.match(explicit.stderr, /note: src\/x_gen\.cpp: file ignored by the "ignore" setting/);
});

test('explicit files with an unusual extension are checked when text; binary files are skipped with a note', () => {
  const root = tmpDir();
  writeTree(root, { 'store.inl': 'int a;\n', 'blob.cpp': Buffer.from([0x4d, 0x5a, 0x00, 0x01]), 'dir/blob.h': Buffer.from([0, 1, 2]) });
  const cli = runInProcess(['--format', 'json', 'store.inl', 'blob.cpp', 'dir'], root);
  assert.equal(cli.code, 0);
  assert.deepEqual(lintedFiles(cli.stdout), ['store.inl']);
  assert.match(cli.stderr, /note: blob\.cpp: skipped: binary file/);
  assert.match(cli.stderr, /note: dir\/blob\.h: skipped: binary file/);
  const json = JSON.parse(cli.stdout) as { notes: { kind: string; file: string }[] };
  assert.deepEqual(json.notes.map((n) => [n.kind, n.file]), [['skipped', 'blob.cpp'], ['skipped', 'dir/blob.h']]);
});

test('the same file named twice (or through a link) is checked once', () => {
  const root = tmpDir();
  writeTree(root, { 'src/a.cpp': '' });
  fs.symlinkSync('src', path.join(root, 'link'));
  const cli = runInProcess(['--format', 'json', 'src', 'src/a.cpp', 'link', './src/../src/a.cpp'], root);
  assert.deepEqual(lintedFiles(cli.stdout), ['src/a.cpp']);
});
