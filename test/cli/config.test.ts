import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, ConfigResolver, parseConfig } from '../../server/src/cli/config';
import { nodeFs, type FsLike } from '../../server/src/cli/fs';
import { RULE_CATALOG } from '../../server/src/engine-old/rules/catalog';
import { runInProcess, tmpDir, writeTree } from './helpers';

function configError(text: string): ConfigError {
  try {
    parseConfig(text, '/p/.mapilintrc.json');
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.match(e.message, /^\/p\/\.mapilintrc\.json/, 'the message names the file');
    return e;
  }
  assert.fail(`no error for ${text}`);
}

test('a valid config parses', () => {
  const c = parseConfig('{ "rules": { "logoff-flags-not-forwarded": "off", "support-release-missing": "warning" }, "ignore": ["vendor/", "**/gen_*.c"] }', '/p/.mapilintrc.json');
  assert.deepEqual(c.rules, { 'logoff-flags-not-forwarded': 'off', 'support-release-missing': 'warning' });
  assert.deepEqual(c.ignore, ['vendor/', '**/gen_*.c']);
  assert.equal(c.dir, '/p');
  assert.deepEqual(parseConfig('{}', '/p/.mapilintrc.json').rules, {});
});

test('invalid JSON says line and column', () => {
  const e = configError('{\n  "rules": {\n    "support-release-missing": "off",\n  }\n}');
  assert.equal(e.line, 4);
  assert.equal(e.column, 3);
  assert.match(e.message, /:4:3: invalid configuration: invalid JSON/);
  assert.match(configError('{ "rules": {} ').message, /:1:15: .*end of file/);
  assert.match(configError('').message, /empty/);
  assert.match(configError('// hi\n{}').message, /:1:1: .*comments are not allowed/);
  assert.match(configError('{"rules": {}, "rules": {}}').message, /duplicate property "rules"/);
  assert.match(configError('{} x').message, /after the end/);
});

test('unknown keys are rejected', () => {
  const e = configError('{\n  "rulez": {}\n}');
  assert.match(e.message, /:2:3: .*unknown property "rulez" \(allowed: "rules", "ignore"\)/);
  assert.match(configError('[]').message, /top level must be an object/);
});

test('unknown rule ids are rejected, listing the known ones', () => {
  const e = configError('{ "rules": { "support-release-mising": "off" } }');
  assert.match(e.message, /unknown rule "support-release-mising"/);
  assert.match(e.message, /did you mean "support-release-missing"/);
  for (const r of RULE_CATALOG) assert.ok(e.message.includes(r.id), r.id);
});

test('wrong values are rejected', () => {
  assert.match(configError('{ "rules": [] }').message, /"rules" must be an object/);
  assert.match(configError('{ "rules": { "support-release-missing": "warn" } }').message, /must be "off", "warning" or "error", not "warn" \(did you mean "warning"\?\)/);
  assert.match(configError('{ "rules": { "support-release-missing": 2 } }').message, /not a number/);
  assert.match(configError('{ "rules": { "support-release-missing": "Error" } }').message, /lower case/);
  assert.match(configError('{ "ignore": "vendor" }').message, /"ignore" must be an array/);
  assert.match(configError('{ "ignore": [1] }').message, /must be a glob string, not a number/);
  assert.match(configError('{ "ignore": [""] }').message, /empty/);
  assert.match(configError('{ "ignore": ["!a"] }').message, /negated/);
  assert.match(configError('{ "ignore": ["./"] }').message, /invalid glob/);
});

test('discovery: the nearest config wins, searched upwards; results are cached per directory', () => {
  const root = tmpDir();
  writeTree(root, {
    '.mapilintrc.json': '{ "rules": { "support-release-missing": "warning" } }',
    'a/b/c/x.cpp': '',
    'a/sub/.mapilintrc.json': '{ "rules": { "support-release-missing": "off" } }',
    'a/sub/deep/y.cpp': '',
  });
  let reads = 0;
  const counting: FsLike = { ...nodeFs, readFileSync: (p) => (reads++, nodeFs.readFileSync(p)) };
  const r = new ConfigResolver(counting);
  assert.equal(r.configForFile(path.join(root, 'a/b/c/x.cpp'))?.file, path.join(root, '.mapilintrc.json'));
  assert.equal(r.configForFile(path.join(root, 'a/sub/deep/y.cpp'))?.rules['support-release-missing'], 'off');
  const before = reads;
  r.configForFile(path.join(root, 'a/b/c/x.cpp'));
  r.configForDir(path.join(root, 'a/b'));
  assert.equal(reads, before, 'no file read again');
  const none = tmpDir();
  assert.equal(new ConfigResolver(nodeFs).configForDir(none), undefined);
});

test('ignore globs are relative to the config directory', () => {
  const root = tmpDir();
  writeTree(root, { '.mapilintrc.json': '{ "ignore": ["vendor/", "**/gen_*.c", "src/only.c", "x/*.{h,hpp}"] }' });
  const r = new ConfigResolver(nodeFs);
  const ig = (rel: string, dir = false) => r.isIgnored(path.join(root, rel), dir);
  assert.ok(ig('vendor', true));
  assert.ok(!ig('vendor', false));
  assert.ok(ig('vendor/lib/a.c'), 'under an ignored directory');
  assert.ok(ig('deep/er/gen_x.c'));
  assert.ok(ig('gen_x.c'));
  assert.ok(ig('src/only.c'));
  assert.ok(!ig('other/src/only.c'), 'anchored at the config directory');
  assert.ok(ig('x/a.hpp'));
  assert.ok(!ig('x/a.c'));
  assert.ok(!ig('src/vendor.c'));
});

test('the CLI exits 2 on a config error, naming the file, and still checks the other files', () => {
  const root = tmpDir();
  writeTree(root, {
    'bad/.mapilintrc.json': '{ "rules": { "nope": "off" } }',
    'bad/a.cpp': 'int a;\n',
    'good/b.cpp': 'int b;\n',
  });
  const r = runInProcess(['--format', 'json', 'bad', 'good'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad\/\.mapilintrc\.json:1:14: invalid configuration: unknown rule "nope"/);
  assert.equal((r.stderr.match(/unknown rule/g) ?? []).length, 1, 'reported once');
  const json = JSON.parse(r.stdout) as { files: { path: string }[] };
  assert.deepEqual(json.files.map((f) => f.path), ['good/b.cpp']);
});

test('an unreadable config is a config error', () => {
  const root = tmpDir();
  fs.mkdirSync(path.join(root, '.mapilintrc.json'), { recursive: true });
  writeTree(root, { 'a.cpp': '' });
  const r = runInProcess(['a.cpp'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /\.mapilintrc\.json: invalid configuration: cannot read it/);
});
