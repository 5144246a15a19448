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

test('--jobs: a thread count for lint; absent means automatic', () => {
  const auto = parseArgs(['a']);
  assert.equal(auto.command === 'lint' && auto.jobs, undefined);
  const four = parseArgs(['-j', '4', 'a']);
  assert.equal(four.command === 'lint' && four.jobs, 4);
  const one = parseArgs(['--jobs=1', 'a']);
  assert.equal(one.command === 'lint' && one.jobs, 1);
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
    [['-', 'a'], /standard input/],
    [['simulate'], /simulate needs at least one file/],
    [['simulate', '--format', 'sarif', 'a'], /simulate --format must be text or json/],
    [['simulate', '--quiet', 'a'], /--quiet does not apply/],
    [['--jobs', '0', 'a'], /--jobs needs a whole number from 1 to 64, not "0"/],
    [['-j', 'many', 'a'], /--jobs needs a whole number/],
    [['--jobs', '65', 'a'], /--jobs/],
    [['simulate', '-j', '2', 'a'], /--jobs does not apply to simulate/],
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
  for (const flag of ['--format', '--output', '--max-warnings', '--quiet', '--rule', '--jobs', '--help', '--version', 'simulate', 'lsp --stdio', 'NO_COLOR']) {
    assert.ok(help.stdout.includes(flag), flag);
  }
  assert.match(help.stdout, /Files named explicitly are\s+checked whatever their extension/);
  const version = runInProcess(['--version'], dir);
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(version.stdout, `${pkg.version}\n`);
});
