import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseArgs, UsageError } from '../../server/src/cli/args';
import * as fs from 'fs';
import * as path from 'path';
import { REPO_ROOT, runInProcess, tmpDir } from './helpers';

test('defaults and every flag', () => {
  assert.deepEqual(parseArgs(['src']), { command: 'lint', paths: ['src'], format: 'text', output: undefined, maxWarnings: -1, quiet: false, rules: {}, fix: 'none' });
  assert.deepEqual(
    parseArgs(['-f', 'sarif', '--output=r.sarif', '--max-warnings', '0', '-q', '--rule', 'support-release-missing=warning', '--rule=logoff-flags-not-forwarded=off', 'a', 'b']),
    {
      command: 'lint',
      paths: ['a', 'b'],
      format: 'sarif',
      output: 'r.sarif',
      maxWarnings: 0,
      quiet: true,
      rules: { 'support-release-missing': 'warning', 'logoff-flags-not-forwarded': 'off' },
      fix: 'none',
    },
  );
  assert.equal((parseArgs(['--fix', 'a']) as { fix: string }).fix, 'write');
  assert.equal((parseArgs(['--fix-dry-run', 'a']) as { fix: string }).fix, 'dry-run');
  assert.equal((parseArgs(['simulate', '--fix', 'a.cpp']) as { fix: boolean }).fix, true);
  assert.throws(() => parseArgs(['simulate', '--fix-dry-run', 'a.cpp']), UsageError);
  assert.deepEqual((parseArgs(['--', '--weird', 'simulate']) as { paths: string[] }).paths, ['--weird', 'simulate']);
  assert.deepEqual((parseArgs(['./simulate']) as { paths: string[] }).paths, ['./simulate']);
  assert.deepEqual(parseArgs(['x', '--help']), { command: 'help' });
  assert.deepEqual(parseArgs(['-v']), { command: 'version' });
  assert.deepEqual(parseArgs(['simulate', 'a.cpp']), { command: 'simulate', paths: ['a.cpp'], format: 'text', output: undefined, rules: {}, fix: false });
  assert.deepEqual(parseArgs(['lsp', '--stdio']), { command: 'lsp', args: ['--stdio'] });
  assert.equal(parseArgs(['--rule', 'support-release-missing=off', '--rule', 'support-release-missing=error', 'a']).command, 'lint');
  assert.deepEqual((parseArgs(['--rule', 'support-release-missing=off', '--rule', 'support-release-missing=error', 'a']) as { rules: object }).rules, { 'support-release-missing': 'error' });
});

test('short options group, take attached values, and "--" ends the options', () => {
  const grouped = parseArgs(['-qfjson', 'a']);
  assert.ok(grouped.command === 'lint' && grouped.quiet && grouped.format === 'json');
  const spaced = parseArgs(['-qf', 'sarif', '-o', 'r.sarif', 'a']);
  assert.ok(spaced.command === 'lint' && spaced.format === 'sarif' && spaced.output === 'r.sarif');
  assert.deepEqual((parseArgs(['a', '--', '-', '--fix']) as { paths: string[]; fix: string }).paths, ['a', '-', '--fix']);
  assert.equal((parseArgs(['a', '--', '--fix']) as { fix: string }).fix, 'none');
});

test('--color and --no-color: the last one wins; absent means automatic', () => {
  const auto = parseArgs(['a']);
  assert.ok(auto.command === 'lint' && !('color' in auto));
  const on = parseArgs(['--no-color', '--color', 'a']);
  assert.ok(on.command === 'lint' && on.color === true);
  const off = parseArgs(['--color', '--no-color', 'a']);
  assert.ok(off.command === 'lint' && off.color === false);
});

test('--stdin --stdin-filename, --print-config and --init', () => {
  assert.deepEqual(parseArgs(['--stdin', '--stdin-filename', 'src/store.cpp', '-f', 'json']), {
    command: 'lint',
    paths: [],
    format: 'json',
    output: undefined,
    maxWarnings: -1,
    quiet: false,
    rules: {},
    fix: 'none',
    stdin: { filename: 'src/store.cpp' },
  });
  const dry = parseArgs(['--stdin', '--stdin-filename=a.cpp', '--fix-dry-run']);
  assert.ok(dry.command === 'lint' && dry.fix === 'dry-run' && dry.stdin?.filename === 'a.cpp');
  assert.deepEqual(parseArgs(['--print-config', 'src/a.cpp', '--rule', 'support-release-missing=off']), {
    command: 'print-config',
    file: 'src/a.cpp',
    rules: { 'support-release-missing': 'off' },
  });
  assert.deepEqual(parseArgs(['--print-config=a.cpp', '-o', 'cfg.json']), { command: 'print-config', file: 'a.cpp', rules: {}, output: 'cfg.json' });
  assert.deepEqual(parseArgs(['--init']), { command: 'init' });
});

test('usage errors', () => {
  const cases: [string[], RegExp][] = [
    [[], /no paths given/],
    [['--format', 'xml', 'a'], /unknown format "xml"/],
    [['--format'], /--format needs a value/],
    [['--output', '--quiet', 'a'], /--output needs a value/],
    [['--max-warnings', 'many', 'a'], /--max-warnings needs a whole number/],
    [['--max-warnings', '-5', 'a'], /--max-warnings/],
    [['--rule', 'nope=off', 'a'], /unknown rule "nope"; known rules: support-release-missing/],
    [['--rule', 'support-release-missing', 'a'], /--rule needs <rule-id>=/],
    [['--rule', 'support-release-missing=warn', 'a'], /must be off, warning or error, not "warn"/],
    [['--quiet=yes', 'a'], /takes no value/],
    [['--fromat', 'json', 'a'], /unknown option --fromat \(did you mean --format\?\)/],
    [['-x', 'a'], /unknown option -x/],
    [['-', 'a'], /to read from standard input, use --stdin --stdin-filename <path>/],
    [['simulate'], /simulate needs at least one file/],
    [['simulate', '--format', 'sarif', 'a'], /simulate --format must be text or json/],
    [['simulate', '--quiet', 'a'], /--quiet does not apply/],
    [['--jobs', '4', 'a'], /^--jobs is no longer supported: the analysis runs on one thread$/],
    [['-j', '2', 'a'], /^-j is no longer supported/],
    [['--stdin', 'a.cpp'], /--stdin needs --stdin-filename/],
    [['--stdin', '--stdin-filename', 'a.cpp', 'b.cpp'], /--stdin takes no paths/],
    [['--stdin-filename', 'a.cpp', 'b.cpp'], /--stdin-filename needs --stdin/],
    [['--stdin', '--stdin-filename'], /option --stdin-filename needs a value/],
    [['--stdin', '--stdin-filename', 'a.cpp', '--fix'], /--fix cannot write text read from standard input; use --fix-dry-run/],
    [['simulate', '--stdin', '--stdin-filename', 'a.cpp'], /--stdin does not apply to simulate/],
    [['simulate', '--color', 'a'], /--color does not apply to simulate/],
    [['--color=yes', 'a'], /option --color takes no value/],
    [['--print-config'], /option --print-config needs a value/],
    [['--print-config', 'a.cpp', 'b.cpp'], /--print-config takes one file, not also "b.cpp"/],
    [['--print-config', 'a.cpp', '--fix'], /--fix cannot be combined with --print-config/],
    [['--init', 'dir'], /--init takes no paths/],
    [['--init', '-q'], /-q cannot be combined with --init/],
    [['--no-colour', 'a'], /unknown option --no-colour \(did you mean --no-color\?\)/],
    [['lsp'], /lsp needs --stdio/],
    [['lsp', '--socket=1'], /unknown option --socket=1/],
  ];
  for (const [argv, re] of cases) {
    assert.throws(() => parseArgs(argv), (e: unknown) => e instanceof UsageError && re.test(e.message), argv.join(' '));
  }
});

test('usage errors exit 2 with the message on stderr and nothing on stdout', () => {
  const dir = tmpDir();
  for (const argv of [[], ['--format', 'xml', '.'], ['--bogus', '.'], ['--rule', 'x=off', '.']]) {
    const r = runInProcess(argv, dir);
    assert.equal(r.code, 2, argv.join(' '));
    assert.match(r.stderr, /^mapi-lint: /);
    assert.match(r.stderr, /--help/);
    assert.equal(r.stdout, '');
  }
});

test('--help mentions every flag and explicit files; --version prints the package version', () => {
  const dir = tmpDir();
  const help = runInProcess(['--help'], dir);
  assert.equal(help.code, 0);
  for (const flag of ['--format', '--output', '--max-warnings', '--quiet', '--rule', '--fix', '--fix-dry-run', '--stdin', '--stdin-filename', '--print-config', '--init', '--color', '--no-color', '--help', '--version', 'simulate', 'lsp --stdio', 'NO_COLOR', 'FORCE_COLOR', 'maxFileSize', 'defines']) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  assert.ok(!help.stdout.includes('--jobs'), 'the removed option is not documented');
  assert.match(help.stdout, /As in ESLint, --fix cannot write piped-in text:\s+use --fix-dry-run, which then prints the fixed text/);
  assert.match(help.stdout, /Files named explicitly are\s+checked whatever their extension/);
  const version = runInProcess(['--version'], dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version.stdout, `${pkg.version}\n`);
});
