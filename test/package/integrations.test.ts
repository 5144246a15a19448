// The integrations at the repository root: the GitHub Action (action.yml) and the pre-commit hook
// (.pre-commit-hooks.yaml). The action's file is checked for structure, and its `run:` steps are run in a local
// shell against a temporary checkout the way the runner runs them (bash -eo pipefail, inputs through `env`,
// outputs through $GITHUB_OUTPUT); its `uses:` steps are checked, not run. The hook runs through Debian's
// `pre-commit try-repo` when pre-commit is installed.
import { after, test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO, SLOW_SKIP, STORE_FILES, cleanEnv, describeRun, packTarball, run, tmpDir, writeStore } from './helpers';
import { parseYaml, type Yaml } from './yaml';

const tmp = tmpDir('integrations');
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

type Obj = { [key: string]: Yaml };
const obj = (v: Yaml | undefined, what: string): Obj => {
  assert.ok(v !== null && typeof v === 'object' && !Array.isArray(v), `${what} is a mapping`);
  return v as Obj;
};
const str = (v: Yaml | undefined, what: string): string => {
  assert.equal(typeof v, 'string', `${what} is a string`);
  return v as string;
};

const action = obj(parseYaml(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')), 'action.yml');
const inputs = obj(action.inputs, 'inputs');
const steps = (obj(action.runs, 'runs').steps as Yaml[]).map((s, i) => obj(s, `step ${i + 1}`));

test('action.yml is a composite action whose steps reference only its inputs and earlier steps', () => {
  str(action.name, 'name');
  str(action.description, 'description');
  assert.equal(obj(action.runs, 'runs').using, 'composite');
  for (const [name, input] of Object.entries(inputs)) {
    const i = obj(input, `input ${name}`);
    str(i.description, `input ${name}'s description`);
    assert.equal(typeof i.default, 'string', `input ${name} has a string default`);
  }
  const ids = new Set<string>();
  for (const s of steps) {
    const what = `step "${String(s.name)}"`;
    str(s.name, 'every step has a name');
    assert.ok(('run' in s) !== ('uses' in s), `${what}: run or uses`);
    if ('run' in s) {
      assert.equal(s.shell, 'bash', `${what}: a composite run step names its shell`);
      // Inputs reach scripts through env only: an expression inside a script is a script injection.
      assert.doesNotMatch(str(s.run, `${what} run`), /\$\{\{/, `${what}: no expression inside the script`);
    }
    const refs = JSON.stringify(s).match(/\$\{\{[^}]*\}\}|\b(?:inputs|steps)\.[\w-]+(?:\.outputs\.[\w-]+)?/g) ?? [];
    for (const ref of refs.join(' ').matchAll(/\binputs\.([\w-]+)/g)) assert.ok(ref[1] in inputs, `${what} uses an undeclared input ${ref[1]}`);
    for (const ref of refs.join(' ').matchAll(/\bsteps\.([\w-]+)\./g)) assert.ok(ids.has(ref[1]), `${what} refers to step ${ref[1]} before it ran`);
    if (typeof s.id === 'string') ids.add(s.id);
  }
  for (const [name, output] of Object.entries(obj(action.outputs, 'outputs'))) {
    const m = /^\$\{\{ steps\.([\w-]+)\.outputs\.[\w-]+ \}\}$/.exec(str(obj(output, `output ${name}`).value, `output ${name}'s value`));
    assert.ok(m && ids.has(m[1]), `output ${name} comes from a step`);
  }
  const upload = steps.find((s) => typeof s.uses === 'string' && s.uses.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload, 'a step uploads the SARIF with github/codeql-action/upload-sarif');
  assert.match(String(upload.uses), /@v\d+$/);
  assert.equal(obj(upload.with, 'upload with').sarif_file, '${{ steps.lint.outputs.sarif-file }}');
  assert.ok(steps.some((s) => typeof s.run === 'string' && /--format sarif/.test(s.run)), 'a step runs the CLI with --format sarif');
});

interface StepRun {
  name: string;
  skipped?: boolean;
  uses?: string;
  with?: Record<string, string>;
  status?: number | null;
  stdout?: string;
  stderr?: string;
}

/** Runs the action's steps in `workspace` with `given` inputs; stops at the first failing step, as a job does. */
function runAction(workspace: string, given: Record<string, string>, actionPath = REPO): { steps: StepRun[]; outputs: Record<string, Record<string, string>>; failed: boolean } {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(inputs)) values[k] = given[k] ?? String(obj(v, k).default);
  for (const k of Object.keys(given)) assert.ok(k in inputs, `no input ${k}`);
  const runnerTemp = fs.mkdtempSync(path.join(tmp, 'runner-temp-'));
  const outputs: Record<string, Record<string, string>> = {};
  const ref = (r: string): string => {
    let m: RegExpExecArray | null;
    if ((m = /^inputs\.([\w-]+)$/.exec(r))) return values[m[1]];
    if ((m = /^steps\.([\w-]+)\.outputs\.([\w-]+)$/.exec(r))) return outputs[m[1]]?.[m[2]] ?? '';
    if (r === 'github.action_path') return actionPath;
    if (r === 'github.workspace') return workspace;
    if (r === 'runner.temp') return runnerTemp;
    throw new Error(`the local runner does not know ${r}`);
  };
  const expand = (v: Yaml): string => String(v).replace(/\$\{\{\s*([^}]*?)\s*\}\}/g, (_, r: string) => ref(r));
  const condition = (c: string): boolean => {
    const body = /^\$\{\{\s*(.*?)\s*\}\}$/.exec(c.trim())?.[1] ?? c.trim();
    return body.split('&&').every((term) => {
      const m = /^\s*([\w.-]+)\s*==\s*'([^']*)'\s*$/.exec(term);
      if (!m) throw new Error(`the local runner cannot evaluate: ${c}`);
      return ref(m[1]) === m[2];
    });
  };
  const done: StepRun[] = [];
  for (const s of steps) {
    const name = String(s.name);
    if (typeof s.if === 'string' && !condition(s.if)) {
      done.push({ name, skipped: true });
      continue;
    }
    if (typeof s.uses === 'string') {
      done.push({ name, uses: s.uses, with: Object.fromEntries(Object.entries(obj(s.with ?? {}, 'with')).map(([k, v]) => [k, expand(v)])) });
      continue;
    }
    const script = path.join(runnerTemp, `step-${done.length}.sh`);
    fs.writeFileSync(script, String(s.run));
    const out = path.join(runnerTemp, `output-${done.length}`);
    fs.writeFileSync(out, '');
    const env = cleanEnv({ GITHUB_OUTPUT: out, GITHUB_WORKSPACE: workspace, RUNNER_TEMP: runnerTemp, GITHUB_ACTION_PATH: actionPath });
    for (const [k, v] of Object.entries(obj(s.env ?? {}, 'env'))) env[k] = expand(v);
    // The runner's template for `shell: bash`.
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd: workspace, env, encoding: 'utf8', timeout: 300_000 });
    if (typeof s.id === 'string') {
      outputs[s.id] = Object.fromEntries(
        fs.readFileSync(out, 'utf8').split('\n').filter(Boolean).map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
      );
    }
    done.push({ name, status: r.status, stdout: r.stdout, stderr: r.stderr });
    if (r.status !== 0) return { steps: done, outputs, failed: true };
  }
  return { steps: done, outputs, failed: false };
}

/** A temporary checkout: a git repository with the store files (and their expected findings). */
function checkout(name: string): { dir: string; expected: string[] } {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir);
  const expected = writeStore(dir);
  const git = spawnSync('git', ['init', '-q'], { cwd: dir, encoding: 'utf8' });
  assert.equal(git.status, 0, git.stderr);
  return { dir, expected };
}

interface Sarif {
  version: string;
  runs: { tool: { driver: { name: string } }; results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region: { startLine: number } } }[] }[] }[];
}

function sarifKeys(file: string): string[] {
  const sarif = JSON.parse(fs.readFileSync(file, 'utf8')) as Sarif;
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs[0].tool.driver.name, 'mapi-lint');
  return sarif.runs[0].results
    .map((r) => {
      const loc = r.locations[0].physicalLocation;
      assert.equal(loc.artifactLocation.uriBaseId, '%SRCROOT%', 'locations relative to the checkout, as code scanning needs');
      return `${loc.artifactLocation.uri}:${loc.region.startLine} ${r.ruleId}`;
    })
    .sort();
}

/** The action's own copy runs from this checkout: the bundle `npm ci` would build through `prepare`. */
function ensureBundle(): void {
  if (fs.existsSync(path.join(REPO, 'dist', 'cli.js'))) return;
  const r = run(process.execPath, [path.join(REPO, 'scripts', 'bundle.mjs'), '--cli'], { cwd: REPO });
  assert.equal(r.status, 0, describeRun(r));
}

test("the action's run steps lint a checkout with the action's own copy, write SARIF and hand it to the upload step", { timeout: 300_000 }, () => {
  ensureBundle();
  const { dir, expected } = checkout('checkout-own');
  const r = runAction(dir, { paths: 'store' });
  assert.equal(r.failed, false, JSON.stringify(r.steps, null, 1));
  assert.equal(r.outputs.install.bin, path.join(REPO, 'bin', 'mapi-lint.js'));
  assert.equal(r.outputs.lint['exit-code'], '1', 'problems reported');
  const sarif = path.join(dir, 'mapi-lint.sarif');
  assert.equal(r.outputs.lint['sarif-file'], sarif);
  assert.deepEqual(sarifKeys(sarif), expected);
  const byName = new Map(r.steps.map((s) => [s.name, s]));
  const upload = r.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.ok(upload && !upload.skipped);
  assert.deepEqual(upload.with, { sarif_file: sarif, category: 'mapi-lint' });
  assert.equal(byName.get('Fail on findings')?.skipped, true, 'fail-on-findings is off by default');
});

test('the action fails the job on findings when asked, after the upload, and on a usage error before it', { timeout: 300_000 }, () => {
  ensureBundle();
  const { dir } = checkout('checkout-fail');
  const r = runAction(dir, { paths: 'store', 'fail-on-findings': 'true', 'sarif-file': 'reports/mapi-lint.sarif', category: 'providers' });
  assert.equal(r.failed, true);
  const last = r.steps[r.steps.length - 1];
  assert.equal(last.name, 'Fail on findings');
  assert.equal(last.status, 1);
  assert.match(last.stdout ?? '', /^::error title=mapi-lint::/m);
  const upload = r.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
  assert.deepEqual(upload?.with, { sarif_file: path.join(dir, 'reports/mapi-lint.sarif'), category: 'providers' });
  assert.ok(fs.existsSync(path.join(dir, 'reports/mapi-lint.sarif')));

  const bad = runAction(dir, { paths: 'store', args: '--no-such-option' });
  assert.equal(bad.failed, true);
  const lint = bad.steps[bad.steps.length - 1];
  assert.equal(lint.name, 'Run mapi-lint');
  assert.equal(lint.status, 2);
  assert.match(lint.stderr ?? '', /unknown option --no-such-option/);
  assert.equal(bad.outputs.lint['exit-code'], '2');
});

test("the action installs the package it is given (here the packed tarball) into the runner's temp folder and lints with it", { skip: SLOW_SKIP, timeout: 600_000 }, () => {
  const tarball = packTarball(fs.mkdtempSync(path.join(tmp, 'pack-'))).file;
  const { dir, expected } = checkout('checkout-package');
  const r = runAction(dir, { paths: 'store', package: tarball });
  assert.equal(r.failed, false, JSON.stringify(r.steps, null, 1));
  assert.match(r.outputs.install.bin, /runner-temp-[^/\\]+[/\\]mapi-lint-action[/\\]node_modules[/\\]mapi-lint[/\\]bin[/\\]mapi-lint\.js$/);
  assert.equal(r.outputs.lint['exit-code'], '1');
  assert.deepEqual(sarifKeys(r.outputs.lint['sarif-file']), expected);
});

const hooks = parseYaml(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8'));

test('.pre-commit-hooks.yaml defines the mapi-lint hook on C and C++ files, run on the whole repository', () => {
  assert.ok(Array.isArray(hooks) && hooks.length === 1, 'one hook');
  const hook = obj(hooks[0], 'the hook');
  assert.equal(hook.id, 'mapi-lint');
  str(hook.name, 'name');
  str(hook.description, 'description');
  assert.equal(hook.language, 'node');
  const bin = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
  assert.ok(str(hook.entry, 'entry') in bin, 'the entry is the package’s bin');
  assert.deepEqual(hook.types_or, ['c', 'c++']);
  // A provider is analysed whole: the commit's files alone would miss its headers and the file defining Release.
  assert.equal(hook.pass_filenames, false);
  assert.deepEqual(hook.args, ['.']);
  assert.equal(hook.require_serial, true);
});

const preCommit = spawnSync('pre-commit', ['--version'], { encoding: 'utf8' });
const PRE_COMMIT_SKIP = SLOW_SKIP || (preCommit.status === 0 ? false : 'pre-commit is not installed (Debian: apt-get install -y pre-commit)');

test('pre-commit try-repo runs the hook: the commit is refused with the findings, and passes once they are fixed', { skip: PRE_COMMIT_SKIP, timeout: 900_000 }, (t) => {
  t.diagnostic(preCommit.stdout.trim());
  // try-repo takes a repository: a snapshot of this working tree (tracked and new files, as they are now).
  const snapshot = path.join(tmp, 'hook-repo');
  const listed = spawnSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: REPO, encoding: 'utf8' });
  assert.equal(listed.status, 0, listed.stderr);
  for (const f of listed.stdout.split('\0').filter(Boolean)) {
    const from = path.join(REPO, f);
    if (!fs.existsSync(from) || fs.statSync(from).isDirectory()) continue; // deleted in the working tree, or a submodule
    fs.mkdirSync(path.dirname(path.join(snapshot, f)), { recursive: true });
    fs.copyFileSync(from, path.join(snapshot, f));
  }
  const gitEnv = cleanEnv({ GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', PRE_COMMIT_HOME: path.join(tmp, 'pre-commit-home') });
  const git = (cwd: string, ...args: string[]) => {
    const r = spawnSync('git', args, { cwd, env: gitEnv, encoding: 'utf8' });
    assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  };
  git(snapshot, 'init', '-q');
  git(snapshot, 'add', '-A');
  git(snapshot, 'commit', '-qm', 'snapshot');

  const { dir: user, expected } = checkout('pre-commit-user');
  git(user, 'add', '-A');
  const tryRepo = () => run('pre-commit', ['try-repo', snapshot, 'mapi-lint', '--all-files', '--verbose'], { cwd: user, env: gitEnv, timeout: 600_000 });
  const refused = tryRepo();
  assert.equal(refused.status, 1, describeRun(refused));
  assert.match(refused.stdout, /^mapi-lint\.+Failed$/m);
  for (const e of expected) {
    const [file, rule] = e.split(' ');
    assert.ok(refused.stdout.includes(`${file}:`) && refused.stdout.includes(rule), `the output names ${e}`);
  }
  // The fixed goldens of the same files: the hook passes.
  for (const f of STORE_FILES) fs.copyFileSync(f.replace(/(\.c(pp)?)$/, '.fixed$1'), path.join(user, 'store', path.basename(f)));
  git(user, 'add', '-A');
  const passed = tryRepo();
  assert.equal(passed.status, 0, describeRun(passed));
  assert.match(passed.stdout, /^mapi-lint\.+Passed$/m);
});
