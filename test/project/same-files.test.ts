// The editor's index and the CLI pick the same files: one tree with everything that decides it.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigStore } from '../../server/src/lsp/config';
import { isIndexed, readSourceFile, scanFolder } from '../../server/src/lsp/indexer';
import { ConfigResolver } from '../../server/src/project/config';
import { nodeFs } from '../../server/src/project/fs';
import { walk } from '../../server/src/project/walk';
import { runInProcess, tmpDir, writeTree } from '../cli/helpers';

function buildTree(): string {
  const root = tmpDir('mapi-lint-same-');
  fs.mkdirSync(path.join(root, '.git'));
  writeTree(root, {
    '.gitignore': 'build/\n*.gen.cpp\n!keep.gen.cpp\n',
    '.mapilintrc.json': '// the project\n{ "ignore": ["third_party/", "**/*_test.{c,cpp}",], "maxFileSize": 4096 }',
    'src/store.h': 'class CMsgStore;\n',
    'src/store.cpp': 'int store;\n',
    'src/UTIL.C': 'int util;\n',
    'src/x.gen.cpp': 'int gen;\n',
    'src/keep.gen.cpp': 'int keep;\n',
    'src/store_test.cpp': 'int t;\n',
    'src/readme.md': '# not a source\n',
    'src/big.cpp': `// ${'x'.repeat(5000)}\nint big;\n`,
    'src/blob.h': Buffer.from([0x4d, 0x5a, 0, 1, 2, 3]),
    'src/sub/.gitignore': 'local.c\n',
    'src/sub/local.c': 'int local;\n',
    'src/sub/other.c': 'int other;\n',
    'build/out.cpp': 'int out;\n',
    'third_party/lib.cpp': 'int lib;\n',
    'node_modules/pkg/a.cpp': 'int nm;\n',
    'inc/sdk.h': 'int sdk;\n',
    'other/.mapilintrc.json': '{ "rules": { "support-release-missing": "warning" } }',
    'other/big_is_fine_here.cpp': `// ${'x'.repeat(5000)}\nint fine;\n`,
  });
  fs.symlinkSync(path.join(root, 'inc'), path.join(root, 'src/inc_link')); // a linked folder: its files once
  fs.symlinkSync('..', path.join(root, 'src/sub/up')); // a loop
  fs.symlinkSync('store.cpp', path.join(root, 'src/zalias.cpp')); // a linked file: the same file, listed once
  spawnSync('mkfifo', [path.join(root, 'src/pipe.c')]); // a FIFO named like a source: never opened by either
  return root;
}

const rel = (root: string, files: readonly string[]): string[] => files.map((f) => path.relative(root, f).split(path.sep).join('/')).sort();

test('the editor index and the CLI pick the same files', async () => {
  const root = buildTree();
  const expected = [
    'inc/sdk.h',
    'other/big_is_fine_here.cpp',
    'src/UTIL.C',
    'src/blob.h',
    'src/keep.gen.cpp',
    'src/store.cpp',
    'src/store.h',
    'src/sub/other.c',
  ];
  // The walk the CLI runs.
  const cliWalk = walk(['.'], { cwd: root, fs: nodeFs, config: new ConfigResolver(nodeFs) });
  assert.deepEqual(rel(root, cliWalk.files), expected);
  // The editor's index of the same folder.
  const configs = new ConfigStore();
  const logged: string[] = [];
  const scan = await scanFolder(root, { configs, log: (m) => logged.push(m) });
  assert.equal(scan.capped, false);
  assert.deepEqual(rel(root, scan.files), expected);
  assert.deepEqual(scan.files, cliWalk.files, 'in the same order too');
  assert.ok(logged.some((m) => /big\.cpp: skipped: \d+ bytes, larger than maxFileSize \(4096\)/.test(m)), logged.join('\n'));

  // And after reading: the files the CLI reports on are the ones the index holds (binary files dropped by both).
  const cli = runInProcess(['--format', 'json', '.'], root);
  assert.equal(cli.code, 0, cli.stderr);
  const linted = (JSON.parse(cli.stdout) as { files: { path: string }[] }).files.map((f) => f.path).sort();
  const indexed: string[] = [];
  for (const f of scan.files) if ((await readSourceFile(f, configs.maxFileSize(f))).kind === 'text') indexed.push(f);
  assert.deepEqual(rel(root, indexed), linted);
  assert.deepEqual(linted, expected.filter((f) => f !== 'src/blob.h'));
});

test('the index is taken in steps, can be cancelled, and caps like before', async () => {
  const root = buildTree();
  const configs = new ConfigStore();
  const capped = await scanFolder(root, { configs, maxFiles: 3 });
  assert.equal(capped.capped, true);
  assert.deepEqual(rel(root, capped.files), ['inc/sdk.h', 'other/big_is_fine_here.cpp', 'src/UTIL.C']);
  const cancelled = await scanFolder(root, { configs, cancelled: () => true });
  assert.ok(cancelled.files.length < 8, 'stopped before the end');
});

test('a file created on disk joins the index exactly when the walk would list it (isIndexed, for watch events)', () => {
  const root = buildTree();
  const configs = new ConfigStore();
  const cliWalk = walk(['.'], { cwd: root, fs: nodeFs, config: new ConfigResolver(nodeFs) });
  const candidates = [
    'inc/sdk.h',
    'src/store.cpp',
    'src/UTIL.C',
    'src/x.gen.cpp',
    'src/keep.gen.cpp',
    'src/store_test.cpp',
    'src/readme.md',
    'src/big.cpp',
    'src/blob.h',
    'src/sub/local.c',
    'src/sub/other.c',
    'build/out.cpp',
    'third_party/lib.cpp',
    'node_modules/pkg/a.cpp',
    'other/big_is_fine_here.cpp',
    'src/pipe.c',
    'src/missing.cpp',
  ];
  for (const c of candidates) {
    const file = path.join(root, c);
    assert.equal(isIndexed(root, file, configs), cliWalk.files.includes(file), c);
  }
  assert.equal(isIndexed(root, path.join(path.dirname(root), 'elsewhere.cpp'), configs), false, 'outside the folder');
});
