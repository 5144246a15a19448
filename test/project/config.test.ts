import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import Ajv from 'ajv';
import { AJV_OPTIONS, ConfigError, ConfigResolver, EDITOR_KEYWORDS, MAX_CONFIG_BYTES, parseConfig } from '../../server/src/project/config';
import { nodeFs, type FsLike } from '../../server/src/project/fs';
import { configSchema, schemaText } from '../../server/src/project/schema';
import { RULE_CATALOG } from '../../server/src/engine';
import { REPO_ROOT, runInProcess, tmpDir, writeTree } from '../cli/helpers';

function configError(text: string): ConfigError {
  try {
    parseConfig(text, '/p/.mapilintrc.json');
  } catch (e) {
    assert.ok(e instanceof ConfigError, String(e));
    assert.match(e.message, /^\/p\/\.mapilintrc\.json/, 'the message names the file');
    assert.ok(!e.message.includes('\n'), 'one line');
    return e;
  }
  assert.fail(`no error for ${text}`);
}

test('a valid config parses, with comments and trailing commas (JSONC)', () => {
  const c = parseConfig(
    `// the team's settings
    {
      /* levels */
      "rules": { "logoff-flags-not-forwarded": "off", "support-release-missing": "warning", },
      "ignore": ["vendor/", "**/gen_*.c",],
      "defines": { "HAVE_ABORT": true, "MAPI_VERSION": "2" },
      "maxFileSize": 1048576,
    }`,
    '/p/.mapilintrc.json',
  );
  assert.deepEqual(c.rules, { 'logoff-flags-not-forwarded': 'off', 'support-release-missing': 'warning' });
  assert.deepEqual(c.ignore, ['vendor/', '**/gen_*.c']);
  assert.deepEqual(c.defines, { HAVE_ABORT: true, MAPI_VERSION: '2' });
  assert.equal(c.maxFileSize, 1048576);
  assert.equal(c.dir, '/p');
  const empty = parseConfig('{}', '/p/.mapilintrc.json');
  assert.deepEqual(empty.rules, {});
  assert.equal(empty.defines, undefined);
  assert.equal(empty.maxFileSize, undefined);
  assert.deepEqual(parseConfig('\uFEFF{ "$schema": "./s.json" }', '/p/.mapilintrc.json').rules, {}, 'a BOM and a $schema key are fine');
});

test('invalid JSON says line and column', () => {
  const e = configError('{\n  "rules": {\n    "support-release-missing": "off"\n  \n}');
  assert.equal(e.line, 5);
  assert.equal(e.column, 2);
  assert.match(e.message, /:5:2: invalid configuration: invalid JSON: expected ',' or '}' but found end of file/);
  assert.match(configError('{ "rules": {} ').message, /:1:15: .*end of file/);
  assert.match(configError('').message, /:1:1: .*empty/);
  assert.match(configError('// only a comment\n').message, /empty/);
  assert.match(configError('{"rules": {}, "rules": {}}').message, /:1:15: .*duplicate property "rules"/);
  assert.match(configError('{} x').message, /:1:4: .*unexpected character "x"/);
  assert.match(configError('{ "a" 1 }').message, /:1:7: .*expected ':'/);
  assert.match(configError('{ /* open').message, /unterminated comment/);
  assert.match(configError('{ "rules": "x\ny" }').message, /:1:12: .*unterminated string/);
});

test('unknown keys are rejected, with a hint for a misspelt setting', () => {
  const e = configError('{\n  "rulez": {}\n}');
  assert.match(e.message, /:2:3: .*unknown property "rulez" \(did you mean "rules"\?\) \(allowed: "rules", "ignore", "defines", "maxFileSize"\)/);
  assert.match(configError('{ "maxFilesize": 3 }').message, /did you mean "maxFileSize"/);
  assert.doesNotMatch(configError('{ "colour": 3 }').message, /did you mean/);
  assert.match(configError('[]').message, /top level must be an object, not an array/);
  assert.match(configError('3').message, /top level must be an object, not 3/);
});

test('unknown rule ids are rejected, listing the known ones', () => {
  const e = configError('{ "rules": { "support-release-mising": "off" } }');
  assert.match(e.message, /:1:14: .*unknown rule "support-release-mising"/);
  assert.match(e.message, /did you mean "support-release-missing"/);
  for (const r of RULE_CATALOG) assert.ok(e.message.includes(r.id), r.id);
  assert.match(configError('{ "rules": { "__proto__": { "support-release-missing": "off" } } }').message, /unknown rule "__proto__"/);
});

test('wrong values are rejected at the value', () => {
  assert.match(configError('{ "rules": [] }').message, /:1:12: .*"rules" must be an object mapping rule ids to settings, not an array/);
  assert.match(configError('{ "rules": { "support-release-missing": "warn" } }').message, /:1:41: .*must be "off", "warning" or "error", not "warn" \(did you mean "warning"\?\)/);
  assert.match(configError('{ "rules": { "support-release-missing": 2 } }').message, /not 2$/);
  assert.match(configError('{ "rules": { "support-release-missing": "Error" } }').message, /lower case/);
  assert.match(configError('{ "ignore": "vendor" }').message, /"ignore" must be an array of glob strings, not "vendor"/);
  assert.match(configError('{ "ignore": [1] }').message, /:1:14: .*each entry of "ignore" must be a glob string, not 1$/);
  assert.match(configError('{ "ignore": [" "] }').message, /empty/);
  assert.match(configError('{ "ignore": ["!a"] }').message, /negated globs \("!a"\)/);
  assert.match(configError('{ "ignore": ["./"] }').message, /invalid glob "\.\/": it names the config directory itself/);
  assert.match(configError(`{ "ignore": ["ok", "${'{a,'.repeat(20)}"] }`).message, /:1:20: .*invalid glob .*nested deeper than 16/);
  assert.match(configError('{ "defines": [] }').message, /"defines" must be an object/);
  assert.match(configError('{ "defines": { "1X": "1" } }').message, /:1:16: .*"1X" in "defines" is not a macro name/);
  assert.match(configError('{ "defines": { "X": false } }').message, /:1:21: .*macro "X" .* must be a string or true .*not false/);
  assert.match(configError('{ "defines": { "X": 1 } }').message, /macro "X" .*not 1$/);
  assert.match(configError('{ "maxFileSize": 0 }').message, /:1:18: .*"maxFileSize" must be a whole number of bytes greater than 0, not 0/);
  assert.match(configError('{ "maxFileSize": 1.5 }').message, /not 1\.5/);
  assert.match(configError('{ "maxFileSize": "16MB" }').message, /not "16MB"/);
});

test('the first problem in the file is the one reported', () => {
  const e = configError('{\n  "ignore": [1],\n  "rules": { "nope": "off" }\n}');
  assert.equal(e.line, 2);
  assert.match(e.message, /each entry of "ignore"/);
});

test('what a message quotes from the file is shortened: one short line whatever the file holds', () => {
  const long = 'x'.repeat(200_000);
  const e = configError(`{ "rules": { "${long}": "off" } }`);
  assert.ok(e.message.length < 1000, `${e.message.length} characters`);
  assert.ok(configError(`{ "${long}": 1 }`).message.length < 500);
});

test('limits: nesting deeper than 64 is refused at the 65th level, without recursion (100,000 nested arrays)', () => {
  const text = `{ "ignore": ${'['.repeat(100_000)}${']'.repeat(100_000)} }`;
  const e = configError(text);
  assert.match(e.message, /:1:\d+: invalid configuration: nested deeper than 64 levels$/);
  assert.equal(e.column, 12 + 63 + 1, 'at the bracket that opens level 65 (the object is level 1)');
  const ok = `${'['.repeat(63)}${']'.repeat(63)}`;
  assert.match(configError(`{ "ignore": ${ok} }`).message, /each entry of "ignore" must be a glob string/, '64 levels parse (and then fail validation)');
});

test('limits: a configuration over 1 MB is refused unread, in one line; the CLI prints one short line', () => {
  const root = tmpDir();
  const big = `{ "ignore": [${Array.from({ length: 120_000 }, (_, i) => `"d${i}/"`).join(',')}] }`;
  assert.ok(big.length > MAX_CONFIG_BYTES);
  writeTree(root, { '.mapilintrc.json': big, 'a.cpp': 'int a;\n' });
  let reads = 0;
  const counting: FsLike = { ...nodeFs, readFileSync: (p) => (reads++, nodeFs.readFileSync(p)) };
  assert.throws(
    () => new ConfigResolver(counting).configForDir(root),
    (e: unknown) => e instanceof ConfigError && /larger than 1 MB \(\d+ bytes\); it is not read$/.test(e.message) && e.line === undefined,
  );
  assert.equal(reads, 0, 'never read');
  assert.throws(() => parseConfig(big, '/p/.mapilintrc.json'), /larger than 1 MB/);
  const r = runInProcess(['a.cpp'], root);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /^mapi-lint: error: \.mapilintrc\.json: invalid configuration: the file is larger than 1 MB/);
  assert.ok(r.stderr.length < 500, `${r.stderr.length} bytes on stderr`);
});

test('the CLI on 100,000 nested arrays: exit 2, one line with file:line:column, no stack trace', () => {
  const root = tmpDir();
  writeTree(root, { '.mapilintrc.json': `${'['.repeat(100_000)}${']'.repeat(100_000)}`, 'a.cpp': 'int a;\n' });
  const r = runInProcess(['a.cpp'], root);
  assert.equal(r.code, 2);
  assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr.slice(0, 500));
  assert.match(r.stderr, /^mapi-lint: error: \.mapilintrc\.json:1:65: invalid configuration: nested deeper than 64 levels\n$/);
});

test('a configuration that is not a regular file is never read', { skip: spawnSync('mkfifo', ['--version']).error ? 'no mkfifo' : false }, () => {
  const root = tmpDir();
  assert.equal(spawnSync('mkfifo', [path.join(root, '.mapilintrc.json')]).status, 0);
  assert.throws(() => new ConfigResolver(nodeFs).configForDir(root), /cannot read it: not a regular file/);
  const dev = tmpDir();
  fs.symlinkSync('/dev/zero', path.join(dev, '.mapilintrc.json'));
  assert.throws(() => new ConfigResolver(nodeFs).configForDir(dev), /not a regular file/);
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
  assert.equal(r.configForFile(path.join(root, 'a/sub/deep/y.cpp'))?.maxFileSize, undefined, 'no merging with the outer file');
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

test('a hostile ignore glob in a workspace config is answered with bounded work', () => {
  const root = tmpDir();
  writeTree(root, { '.mapilintrc.json': JSON.stringify({ ignore: [`${'{a,a}'.repeat(32)}b`] }) });
  const r = new ConfigResolver(nodeFs);
  // With a backtracking matcher this call does not return for hours; the automaton's work is linear (glob.test.ts counts it).
  assert.equal(r.isIgnored(path.join(root, 'a'.repeat(200)), false), false);
  assert.equal(r.isIgnored(path.join(root, `${'a'.repeat(32)}b`), false), true);
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

test('the JSON schema: the checked-in file is the one built from the rule catalog, and VS Code is given it', () => {
  const file = path.join(REPO_ROOT, 'server/schema/mapilintrc.schema.json');
  const onDisk = fs.readFileSync(file, 'utf8');
  const schema = JSON.parse(onDisk) as { properties: { rules: { properties: Record<string, { enum: string[] }> } } };
  assert.deepEqual(Object.keys(schema.properties.rules.properties).sort(), RULE_CATALOG.map((r) => r.id).sort(), 'rule ids of the schema = RULE_CATALOG');
  for (const r of Object.values(schema.properties.rules.properties)) assert.deepEqual(r.enum, ['off', 'warning', 'error']);
  assert.equal(
    onDisk,
    schemaText(),
    'server/schema/mapilintrc.schema.json is out of date; regenerate it: npx tsc -p . && node -e "require(\'fs\').writeFileSync(\'server/schema/mapilintrc.schema.json\', require(\'./out/server/src/project/schema\').schemaText())"',
  );
  assert.deepEqual(JSON.parse(onDisk), configSchema());
  const ajv = new Ajv({ ...AJV_OPTIONS, validateSchema: true });
  ajv.addVocabulary(EDITOR_KEYWORDS);
  assert.equal(ajv.validateSchema(configSchema()), true, JSON.stringify(ajv.errors));
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { contributes: { jsonValidation?: { fileMatch: string | string[]; url: string }[] } };
  const entry = pkg.contributes.jsonValidation?.find((j) => [j.fileMatch].flat().includes('.mapilintrc.json'));
  assert.ok(entry, 'contributes.jsonValidation has .mapilintrc.json');
  assert.equal(path.resolve(REPO_ROOT, entry.url), file);
});
