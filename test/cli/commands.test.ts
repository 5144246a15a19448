// --print-config, --init, --stdin (with --fix-dry-run) and the color switches, end to end in-process.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULE_CATALOG } from '../../server/src/engine';
import { shouldColor } from '../../server/src/cli/main';
import { parseConfig } from '../../server/src/project/config';
import { DEFAULT_MAX_FILE_SIZE } from '../../server/src/project/constants';
import { REPO_ROOT, runInProcess, tmpDir, writeTree } from './helpers';

const FIXTURES = path.join(REPO_ROOT, 'test/cli/fixtures');
const read = (rel: string): string => fs.readFileSync(path.join(FIXTURES, rel), 'utf8');
const defaults = (): Record<string, string> => Object.fromEntries(RULE_CATALOG.map((r) => [r.id, r.defaultSeverity]));

test('--print-config: the nearest config with the --rule overrides, every rule at its level, as JSON', () => {
  const root = tmpDir();
  writeTree(root, {
    '.mapilintrc.json': '{ "rules": { "support-release-missing": "off" } }',
    'src/.mapilintrc.json': '{ "rules": { "logoff-abort-missing": "warning" }, "ignore": ["gen/"], "defines": { "HAVE_X": true }, "maxFileSize": 1000, }',
  });
  const r = runInProcess(['--print-config', 'src/gen/a.cpp', '--rule', 'logoff-transports-twice=off'], root);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    file: 'src/gen/a.cpp',
    config: 'src/.mapilintrc.json',
    rules: { ...defaults(), 'logoff-abort-missing': 'warning', 'logoff-transports-twice': 'off' },
    ignore: ['gen/'],
    ignored: true,
    defines: { HAVE_X: true },
    maxFileSize: 1000,
  });
  const top = JSON.parse(runInProcess(['--print-config', 'b.cpp'], root).stdout) as { config: string; rules: Record<string, string>; ignored: boolean };
  assert.equal(top.config, '.mapilintrc.json');
  assert.equal(top.rules['support-release-missing'], 'off', 'the nearest file only: no merging');
  assert.equal(top.ignored, false);
  const none = runInProcess(['--print-config', 'x.cpp'], tmpDir());
  assert.deepEqual(JSON.parse(none.stdout), { file: 'x.cpp', config: null, rules: defaults(), ignore: [], ignored: false, defines: {}, maxFileSize: DEFAULT_MAX_FILE_SIZE });
  runInProcess(['--print-config', 'x.cpp', '-o', 'cfg.json'], root);
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'cfg.json'), 'utf8')).file, 'x.cpp');
});

test('--print-config on a broken config: exit 2 and the one-line error', () => {
  const root = tmpDir();
  writeTree(root, { '.mapilintrc.json': '{ "rules": { "nope": "off" } }' });
  const r = runInProcess(['--print-config', 'a.cpp'], root);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^mapi-lint: error: \.mapilintrc\.json:1:14: invalid configuration: unknown rule "nope"/);
});

test('--init writes a starter file that parses to the defaults, and never overwrites one', () => {
  const root = tmpDir();
  const r = runInProcess(['--init'], root);
  assert.equal(r.code, 0, r.stderr);
  const file = path.join(root, '.mapilintrc.json');
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, /^\/\/ mapi-lint configuration/, 'commented (JSONC)');
  const cfg = parseConfig(text, file);
  assert.deepEqual(cfg.rules, defaults());
  assert.deepEqual(cfg.ignore, []);
  assert.deepEqual(cfg.defines, {});
  assert.equal(cfg.maxFileSize, DEFAULT_MAX_FILE_SIZE);
  fs.writeFileSync(file, '{ "rules": {} }');
  const again = runInProcess(['--init'], root);
  assert.equal(again.code, 2);
  assert.match(again.stderr, /\.mapilintrc\.json already exists here; it was left as it is/);
  assert.equal(fs.readFileSync(file, 'utf8'), '{ "rules": {} }');
  const dangling = tmpDir();
  fs.symlinkSync('/nonexistent/target', path.join(dangling, '.mapilintrc.json'));
  assert.equal(runInProcess(['--init'], dangling).code, 2, 'not even through a dangling link');
});

/** A folder with the bad store (header and source), the source on disk already fixed by hand. */
function storeFolder(): { root: string; bad: string; fixed: string } {
  const root = tmpDir();
  const bad = read('bad-store/store.cpp');
  const fixed = bad.replace('        delete this;\n', '        m_psup->Release();\n        m_psup = NULL;\n        delete this;\n');
  assert.notEqual(fixed, bad);
  writeTree(root, { 'store.h': read('bad-store/store.h'), 'store.cpp': fixed });
  return { root, bad, fixed };
}

test('--stdin: the input replaces the file on disk, its folder counts for the store model', () => {
  const { root, bad } = storeFolder();
  assert.equal(runInProcess(['.'], root).code, 0, 'control: the text on disk is clean');
  const r = runInProcess(['--stdin', '--stdin-filename', 'store.cpp', '--format', 'json'], root, { stdin: bad });
  assert.equal(r.code, 1, r.stderr);
  const json = JSON.parse(r.stdout) as { files: { path: string }[]; findings: { ruleId: string; file?: string; path?: string }[] };
  assert.deepEqual(json.files.map((f) => f.path), ['store.cpp']);
  assert.equal(json.findings.length, 1);
  assert.equal(json.findings[0].ruleId, 'support-release-missing');
  // Without its header (store.h) there is no store object: the sibling is what makes the finding.
  const alone = tmpDir();
  writeTree(alone, { 'store.cpp': bad });
  assert.equal(runInProcess(['--stdin', '--stdin-filename', 'store.cpp'], alone, { stdin: bad }).code, 0);
  // A path in a folder that does not exist: the input alone.
  assert.equal(runInProcess(['--stdin', '--stdin-filename', 'new/store.cpp'], alone, { stdin: bad }).code, 0);
});

test('--stdin: only the input file is reported, not the other files of its folder', () => {
  const { root, fixed } = storeFolder();
  writeTree(root, { 'sub/store.h': read('bad-store/store.h'), 'sub/store.cpp': read('bad-store/store.cpp') });
  const control = runInProcess(['--format', 'json', '.'], root);
  assert.equal(control.code, 1, 'control: the folder has a finding in sub/store.cpp');
  const r = runInProcess(['--stdin', '--stdin-filename', 'store.cpp', '--format', 'json'], root, { stdin: fixed });
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual((JSON.parse(r.stdout) as { findings: unknown[] }).findings, []);
});

test('--stdin --fix-dry-run: the fixed text on stdout, the report on stderr, nothing written', () => {
  const { root, bad, fixed } = storeFolder();
  const before = fs.readFileSync(path.join(root, 'store.cpp'), 'utf8');
  const r = runInProcess(['--stdin', '--stdin-filename', 'store.cpp', '--fix-dry-run'], root, { stdin: bad });
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, fixed, 'the whole file, fixed (the verified fix is the one written by hand above)');
  assert.match(r.stderr, /store\.cpp:21:33: fixed support-release-missing: /);
  assert.doesNotMatch(r.stderr, /1 problem/, 'nothing left to report');
  assert.equal(fs.readFileSync(path.join(root, 'store.cpp'), 'utf8'), before);
  // Clean input comes back unchanged; a report format goes to stderr, stdout stays the text.
  const clean = runInProcess(['--stdin', '--stdin-filename', 'store.cpp', '--fix-dry-run', '-f', 'json'], root, { stdin: fixed });
  assert.equal(clean.stdout, fixed);
  assert.equal((JSON.parse(clean.stderr) as { findings: unknown[] }).findings.length, 0);
});

test('--stdin: a file the config ignores is not checked (a note), and --fix-dry-run gives its text back', () => {
  const { root, bad } = storeFolder();
  writeTree(root, { '.mapilintrc.json': '{ "ignore": ["store.cpp"] }' });
  const r = runInProcess(['--stdin', '--stdin-filename', 'store.cpp'], root, { stdin: bad });
  assert.equal(r.code, 0);
  assert.match(r.stderr, /note: store\.cpp: file ignored by the "ignore" setting/);
  const dry = runInProcess(['--stdin', '--stdin-filename', 'store.cpp', '--fix-dry-run'], root, { stdin: bad });
  assert.equal(dry.stdout, bad);
  const binary = runInProcess(['--stdin', '--stdin-filename', 'x.cpp'], tmpDir(), { stdin: Buffer.from([0x4d, 0x5a, 0, 1, 2]) });
  assert.equal(binary.code, 2);
  assert.match(binary.stderr, /x\.cpp: standard input is not text/);
});

test('colors: --color/--no-color win, then FORCE_COLOR, then NO_COLOR, then the terminal', () => {
  const tty = { stdoutIsTTY: true, env: {} };
  const pipe = { stdoutIsTTY: false, env: {} };
  assert.equal(shouldColor(pipe, undefined, true), true);
  assert.equal(shouldColor(tty, undefined, false), false);
  assert.equal(shouldColor(pipe, 'out.txt', true), true, '--color also into a file');
  assert.equal(shouldColor({ stdoutIsTTY: false, env: { FORCE_COLOR: '1' } }, undefined), true);
  assert.equal(shouldColor({ stdoutIsTTY: false, env: { FORCE_COLOR: '' } }, undefined), true);
  assert.equal(shouldColor({ stdoutIsTTY: true, env: { FORCE_COLOR: '0' } }, undefined), false);
  assert.equal(shouldColor({ stdoutIsTTY: true, env: { FORCE_COLOR: 'false' } }, undefined), false);
  assert.equal(shouldColor({ stdoutIsTTY: false, env: { FORCE_COLOR: '1', NO_COLOR: '1' } }, undefined), true, 'FORCE_COLOR wins over NO_COLOR');
  assert.equal(shouldColor({ stdoutIsTTY: false, env: { FORCE_COLOR: '1' } }, 'out.txt'), false, 'the environment never colors a file');
  assert.equal(shouldColor({ stdoutIsTTY: true, env: { NO_COLOR: '1' } }, undefined), false);
  assert.equal(shouldColor(tty, undefined), true);
  assert.equal(shouldColor(pipe, undefined), false);

  const root = path.join(FIXTURES, 'bad-store');
  const esc = /\x1b\[/;
  assert.match(runInProcess(['--color', '.'], root).stdout, esc);
  assert.match(runInProcess(['.'], root, { env: { FORCE_COLOR: '1' } }).stdout, esc);
  assert.doesNotMatch(runInProcess(['--no-color', '.'], root, { tty: true, env: { FORCE_COLOR: '1' } }).stdout, esc);
  assert.doesNotMatch(runInProcess(['.'], root).stdout, esc);
});
