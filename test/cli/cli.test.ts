// End to end: the real command (node bin/mapi-lint.js) on temporary trees and on the fixtures.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { spawn } from 'child_process';
import { BIN, REPO_ROOT, runInProcess, spawnCli, tmpDir, writeTree } from './helpers';

const FIXTURES = path.join(REPO_ROOT, 'test', 'cli', 'fixtures');
const PLAIN = fs.readFileSync(path.join(FIXTURES, 'plain', 'util.c'), 'utf8');

function cleanTree(): string {
  const root = tmpDir();
  writeTree(root, { 'src/util.c': PLAIN, 'src/inc/util.h': 'int add(int a, int b);\r\n', 'README.md': '# not C\n' });
  return root;
}

/** A copy of a fixture directory in a fresh temporary tree (so configs above the repository do not apply). */
function fixtureTree(name: string): string {
  const root = tmpDir();
  fs.cpSync(path.join(FIXTURES, name), path.join(root, 'store'), { recursive: true });
  return root;
}

test('exit 0 on a clean tree: nothing on stdout (text), nothing on stderr', () => {
  const r = spawnCli(['src'], cleanTree());
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.equal(r.stderr, '');
});

test('--version and --help', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
  assert.equal(spawnCli(['--version'], REPO_ROOT).stdout, `${pkg.version}\n`);
  const help = spawnCli(['--help'], REPO_ROOT);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /^Usage:/);
});

test('exit 2 on usage errors', () => {
  const root = cleanTree();
  for (const argv of [[], ['--format', 'yaml', 'src'], ['--max-warnings', 'x', 'src'], ['--rule', 'unknown-rule=off', 'src'], ['--nope', 'src']]) {
    const r = spawnCli(argv, root);
    assert.equal(r.code, 2, `${argv.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^mapi-lint: /);
  }
});

test('exit 2 on a missing path, naming it on stderr; the other paths are still checked', () => {
  const root = cleanTree();
  const r = spawnCli(['--format', 'json', 'missing-dir', 'src'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /missing-dir: no such file or directory/);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.files.map((f: { path: string }) => f.path), ['src/inc/util.h', 'src/util.c']);
});

test('exit 2 on an invalid config, naming the file', () => {
  const root = cleanTree();
  writeTree(root, { '.mapilintrc.json': '{ "rules": { "support-release-missing": "on" } }' });
  const r = spawnCli(['src'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\.mapilintrc\.json:1:41: invalid configuration: the setting of rule "support-release-missing" must be "off", "warning" or "error", not "on"/);
});

test('formats on a clean tree: json, sarif, github, and --output', () => {
  const root = cleanTree();
  const json = spawnCli(['-f', 'json', 'src'], root);
  assert.equal(json.code, 0);
  const j = JSON.parse(json.stdout);
  assert.deepEqual(j.summary, { files: 2, problems: 0, errors: 0, warnings: 0, infos: 0, verdicts: { objects: 0, defect: 0, notDecided: 0, clean: 0 } });
  assert.deepEqual(j.findings, []);

  const sarif = spawnCli(['--format=sarif', 'src'], root);
  assert.equal(sarif.code, 0);
  const s = JSON.parse(sarif.stdout);
  assert.equal(s.version, '2.1.0');
  assert.deepEqual(s.runs[0].results, []);
  assert.equal(s.runs[0].invocations[0].executionSuccessful, true);

  const gh = spawnCli(['--format', 'github', 'src'], root);
  assert.equal(gh.code, 0);
  assert.equal(gh.stdout, '');

  const out = spawnCli(['-f', 'sarif', '-o', 'report.sarif', 'src'], root);
  assert.equal(out.code, 0);
  assert.equal(out.stdout, '');
  assert.equal(JSON.parse(fs.readFileSync(path.join(root, 'report.sarif'), 'utf8')).version, '2.1.0');

  const bad = spawnCli(['-o', 'no/such/dir/r.txt', 'src'], root);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /cannot write no\/such\/dir\/r\.txt/);
});

test('binary files are skipped with a note on stderr', () => {
  const root = cleanTree();
  writeTree(root, { 'src/blob.cpp': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x01, 0x00]) });
  const r = spawnCli(['src'], root);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /note: src\/blob\.cpp: skipped: binary file/);
});

test('simulate: exit 0 when there is no store (or no violation)', () => {
  const r = spawnCli(['simulate', 'src'], cleanTree());
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /No message store object found\./);
});

test('lsp --stdio without a language server in the build exits 2', {
  skip: fs.existsSync(path.join(REPO_ROOT, 'out', 'server', 'src', 'lsp', 'server.js')) ? 'the language server is built; its own tests cover lsp' : false,
}, () => {
  const r = spawnCli(['lsp', '--stdio'], REPO_ROOT);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /language server is not part of this build/);
});

test('lsp --stdio starts the language server, which answers initialize', {
  skip: fs.existsSync(path.join(REPO_ROOT, 'out', 'server', 'src', 'lsp', 'server.js')) ? false : 'no language server in this build',
  timeout: 20_000,
}, async () => {
  const child = spawn(process.execPath, [BIN, 'lsp', '--stdio'], { cwd: REPO_ROOT });
  try {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    child.stdin.write(`Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    const reply = await new Promise<string>((resolve, reject) => {
      let out = '';
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString('utf8');
        if (/"id":1/.test(out) && /"capabilities"/.test(out)) resolve(out);
      });
      child.on('exit', (code) => reject(new Error(`exited with ${code} before answering: ${out}`)));
    });
    assert.match(reply, /^Content-Length: \d+\r\n\r\n/);
  } finally {
    child.kill();
  }
});

// The tests below need the engine to report findings (a store whose Release never releases the support object).

test('exit 1: a store whose final Release never releases the support object', () => {
  const root = fixtureTree('bad-store');
  const text = spawnCli(['store'], root);
  assert.equal(text.code, 1, text.stderr);
  assert.match(text.stdout, /^store\/store\.cpp:\d+:\d+\s+error\s+.*\s+support-release-missing$/m);
  assert.match(text.stdout, /\d+ problems? \(\d+ errors?, \d+ warnings?\)\n1 provider object checked; rule verdicts: 1 defect, 0 not decided, 6 clean\n$/);

  const json = JSON.parse(spawnCli(['-f', 'json', 'store'], root).stdout);
  const f = json.findings.find((x: { ruleId: string }) => x.ruleId === 'support-release-missing');
  assert.ok(f, JSON.stringify(json.findings));
  assert.equal(f.file, 'store/store.cpp');
  assert.equal(f.severity, 'error');
  assert.ok(f.trace.length > 0);

  const sarif = JSON.parse(spawnCli(['-f', 'sarif', 'store'], root).stdout);
  const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'support-release-missing');
  assert.equal(res.locations[0].physicalLocation.artifactLocation.uri, 'store/store.cpp');
  assert.equal(res.locations[0].physicalLocation.artifactLocation.uriBaseId, '%SRCROOT%');
  assert.ok(res.relatedLocations.length > 0);

  const gh = spawnCli(['-f', 'github', 'store'], root);
  assert.equal(gh.code, 1);
  assert.match(gh.stdout, /^::error file=store\/store\.cpp,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=support-release-missing::/m);

  const sim = spawnCli(['simulate', 'store'], root);
  assert.equal(sim.code, 1);
  assert.match(sim.stdout, /\*\* (at the end: )?breaks support-release-missing/);
});

test('--rule and .mapilintrc.json settings, --quiet and --max-warnings on a real finding', () => {
  const root = fixtureTree('bad-store');
  assert.equal(spawnCli(['--rule', 'support-release-missing=off', 'store'], root).code, 0);
  writeTree(root, { 'store/.mapilintrc.json': '{ "rules": { "support-release-missing": "warning" } }' });
  const warned = spawnCli(['store'], root);
  assert.equal(warned.code, 0, warned.stdout);
  assert.match(warned.stdout, /\s+warning\s+.*support-release-missing/);
  const quiet = spawnCli(['--quiet', 'store'], root);
  assert.equal(quiet.code, 0);
  assert.equal(quiet.stdout, '');
  const limited = spawnCli(['--max-warnings', '0', 'store'], root);
  assert.equal(limited.code, 1);
  assert.match(limited.stderr, /more than --max-warnings 0/);
  assert.equal(spawnCli(['--rule', 'support-release-missing=error', 'store'], root).code, 1, '--rule wins over the config');
  const both = spawnCli(['--rule', 'support-release-missing=error', 'store', 'missing.cpp'], root);
  assert.equal(both.code, 2, 'I/O errors win over findings');
});

test('a correct eager store: exit 0', () => {
  const r = spawnCli(['-f', 'json', 'store'], fixtureTree('good-store'));
  assert.equal(r.code, 0, r.stdout);
  assert.deepEqual(JSON.parse(r.stdout).findings, []);
});

test('--fix writes verified fixes atomically, keeps encoding and line endings, and a second --fix changes nothing', () => {
  const dir = tmpDir();
  const src = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/cases/support-release-missing/invalid/eager_forgot_support.cpp'), 'utf8');
  const file = path.join(dir, 'store.cpp');
  // UTF-8 with a BOM and CRLF line endings, as Visual Studio writes them.
  fs.writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(src.replace(/\n/g, '\r\n'), 'utf8')]));
  const dry = runInProcess(['--fix-dry-run', dir], dir);
  assert.match(dry.stdout, /^--- a\/store\.cpp\n\+\+\+ b\/store\.cpp\n@@ /m);
  assert.match(dry.stdout, /^\+\s+m_psup->Release\(\);\r?$/m);
  assert.match(dry.stderr, /would fix support-release-missing: .*\(verified: orderly/);
  assert.equal(fs.readFileSync(file).toString('utf8').replace(/^\uFEFF/, ''), src.replace(/\n/g, '\r\n'), '--fix-dry-run writes nothing');
  const first = runInProcess(['--fix', dir], dir);
  assert.equal(first.code, 0, first.stderr);
  assert.match(first.stderr, /fixed support-release-missing/);
  const bytes = fs.readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'BOM kept');
  const text = bytes.subarray(3).toString('utf8');
  assert.doesNotMatch(text, /[^\r]\n/, 'CRLF kept on every line, the new ones too');
  assert.deepEqual(fs.readdirSync(dir).filter((f) => f.includes('.tmp')), [], 'no temporary file left');
  const second = runInProcess(['--fix', dir], dir);
  assert.equal(second.code, 0);
  assert.deepEqual(fs.readFileSync(file), bytes, 'a second --fix changes nothing');
});

test('sarif: --srcroot sets %SRCROOT%; rule pages link the copy shipped in the package, or --docs-base-url', () => {
  const src = fs.readFileSync(path.join(REPO_ROOT, 'test/fixtures/cases/support-release-missing/invalid/eager_forgot_support.cpp'), 'utf8');
  const root = tmpDir();
  writeTree(root, { 'repo/src/store.cpp': src });
  const cwd = path.join(root, 'repo', 'src');
  // Default: %SRCROOT% is the working folder, the rule pages are this package's docs/rules/ (a file: URL).
  const plain = JSON.parse(runInProcess(['--format', 'sarif', 'store.cpp'], cwd).stdout);
  const run = plain.runs[0];
  assert.equal(run.originalUriBaseIds['%SRCROOT%'].uri, `${require('url').pathToFileURL(cwd).href}/`);
  assert.equal(run.results[0].locations[0].physicalLocation.artifactLocation.uri, 'store.cpp');
  const helpUri = run.tool.driver.rules.find((r: { id: string }) => r.id === 'support-release-missing').helpUri as string;
  assert.equal(helpUri, `${require('url').pathToFileURL(path.join(REPO_ROOT, 'docs', 'rules')).href}/support-release-missing.md`);
  assert.ok(fs.existsSync(require('url').fileURLToPath(helpUri)), 'the linked page exists');
  // --srcroot: the repository root; locations relative to it.
  const rooted = JSON.parse(runInProcess(['--format', 'sarif', '--srcroot', '..', '--docs-base-url', 'https://docs.example.com/rules', 'store.cpp'], cwd).stdout).runs[0];
  assert.equal(rooted.originalUriBaseIds['%SRCROOT%'].uri, `${require('url').pathToFileURL(path.join(root, 'repo')).href}/`);
  assert.equal(rooted.results[0].locations[0].physicalLocation.artifactLocation.uri, 'src/store.cpp');
  assert.equal(rooted.tool.driver.rules[0].helpUri, `https://docs.example.com/rules/${rooted.tool.driver.rules[0].id}.md`);
  // Usage errors: --srcroot outside SARIF, a docs URL that is not one.
  assert.equal(runInProcess(['--srcroot', '..', 'store.cpp'], cwd).code, 2);
  assert.match(runInProcess(['--docs-base-url', 'docs/', 'store.cpp'], cwd).stderr, /--docs-base-url needs an http\(s\) or file URL/);
});

test('text report: a closing hint says how many problems a verified fix removes, on stderr; other formats and --fix runs have none', () => {
  const samples = path.join(REPO_ROOT, 'samples');
  const text = runInProcess([samples], REPO_ROOT);
  assert.equal(text.code, 1);
  const m = /^(\d+) problems? fixable with --fix/m.exec(text.stderr);
  assert.ok(m, text.stderr);
  // The count is what Fix All verifies: the dry run shows exactly that many fixes applied.
  const dry = runInProcess(['--fix-dry-run', '--format', 'json', samples], REPO_ROOT);
  assert.doesNotMatch(dry.stderr, /fixable with --fix/);
  assert.ok(Number(m[1]) >= 1);
  const json = runInProcess(['--format', 'json', samples], REPO_ROOT);
  assert.doesNotMatch(json.stderr, /fixable with --fix/);
});

test('progress: a long run on a terminal shows files read and the analysis on stderr, then clears the line; not when stderr is not a terminal', () => {
  const root = tmpDir();
  const files: Record<string, string> = {};
  for (let i = 0; i < 250; i++) files[`src/f${i}.c`] = `int f${i}(void) { return ${i}; }\n`;
  writeTree(root, files);
  const tty = runInProcess(['src'], root, { stderrTty: true });
  assert.equal(tty.code, 0);
  assert.match(tty.stderr, /\rmapi-lint: reading 200\/250 files/);
  assert.match(tty.stderr, /\rmapi-lint: analysing 250 files/);
  assert.match(tty.stderr, /\r\x1b\[K/);
  assert.equal(tty.stdout, runInProcess(['src'], root).stdout, 'the report is the same');
  assert.doesNotMatch(runInProcess(['src'], root).stderr, /reading|analysing/);
});
