// Unit tests of the server's pure helpers (decoding, globs, suppression edits, trace rendering).
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { decodeSource } from '../../server/src/lsp/decode';
import { compileGlobs } from '../../server/src/lsp/glob';
import { disableRuleEdit, detectEol } from '../../server/src/lsp/suppress';
import { filterReport, renderReport } from '../../server/src/lsp/simulate';
import { parseConfigText } from '../../server/src/lsp/config';
import type { SimulationReport } from '../../server/src/engine/api';

describe('decodeSource', () => {
  test('UTF-8 with and without BOM', () => {
    assert.deepEqual(decodeSource(Buffer.from('\uFEFFint é;', 'utf8')), { kind: 'text', text: 'int é;', encoding: 'utf-8-bom' });
    assert.deepEqual(decodeSource(Buffer.from('int é;', 'utf8')), { kind: 'text', text: 'int é;', encoding: 'utf-8' });
  });
  test('UTF-16 LE and BE with BOM', () => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('int x; // ü', 'utf16le')]);
    assert.deepEqual(decodeSource(le), { kind: 'text', text: 'int x; // ü', encoding: 'utf-16le' });
    const be = Buffer.from(le.subarray(2)).swap16();
    assert.deepEqual(decodeSource(Buffer.concat([Buffer.from([0xfe, 0xff]), be])), { kind: 'text', text: 'int x; // ü', encoding: 'utf-16be' });
  });
  test('invalid UTF-8 falls back to windows-1252', () => {
    const r = decodeSource(Buffer.from([0x2f, 0x2f, 0x20, 0x80, 0xe9, 0x93, 0x94, 0x0a]));
    assert.deepEqual(r, { kind: 'text', text: '// \u20ac\u00e9\u201c\u201d\n', encoding: 'windows-1252' });
  });
  test('NUL bytes mean binary', () => {
    assert.deepEqual(decodeSource(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x00, 0x01])), { kind: 'binary' });
  });
});

describe('compileGlobs', () => {
  const m = compileGlobs(['third_party', 'gen/**', '*.gen.h', '/root-only.cpp', 'a/{b,c}/*.cpp', 'x?.h']);
  const cases: [string, boolean][] = [
    ['third_party/a.cpp', true],
    ['src/third_party/deep/a.cpp', true],
    ['gen/a.cpp', true],
    ['gen/x/y.cpp', true],
    ['src/gen/a.cpp', false],
    ['foo.gen.h', true],
    ['src/foo.gen.h', true],
    ['root-only.cpp', true],
    ['src/root-only.cpp', false],
    ['a/b/z.cpp', true],
    ['a/d/z.cpp', false],
    ['x1.h', true],
    ['x12.h', false],
    ['src/main.cpp', false],
    ['../outside.cpp', false],
  ];
  for (const [p, want] of cases) test(`${p} -> ${want}`, () => assert.equal(m(p), want));
  test('**/ prefix', () => {
    const g = compileGlobs(['**/build/**']);
    assert.equal(g('build/a.c'), true);
    assert.equal(g('x/build/a.c'), true);
    assert.equal(g('x/builder/a.c'), false);
  });
});

describe('disableRuleEdit', () => {
  test('detectEol', () => {
    assert.equal(detectEol('a\r\nb'), '\r\n');
    assert.equal(detectEol('a\nb\r\n'), '\n');
    assert.equal(detectEol('abc'), '\n');
  });
  test('first line of the document', () => {
    assert.deepEqual(disableRuleEdit('  x();', 0, 'r1'), {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      newText: '  // mapi-lint-disable-next-line r1\n',
    });
  });
  test('keeps a reason after --', () => {
    const text = 'a\n\t// mapi-lint-disable-next-line r1 -- known\n\tx();\n';
    assert.deepEqual(disableRuleEdit(text, 2, 'r2'), {
      range: { start: { line: 1, character: 0 }, end: { line: 1, character: '\t// mapi-lint-disable-next-line r1 -- known'.length } },
      newText: '\t// mapi-lint-disable-next-line r1, r2 -- known',
    });
  });
  test('out of range line', () => assert.equal(disableRuleEdit('a\n', 5, 'r'), undefined));
});

describe('config parsing', () => {
  test('valid file', () => {
    const c = parseConfigText('/w/.mapilintrc.json', '{"rules":{"logoff-flags-not-forwarded":"off"},"ignore":["gen/**"]}');
    assert.deepEqual(c.problems, []);
    assert.deepEqual(c.rules, { 'logoff-flags-not-forwarded': 'off' });
    assert.equal(c.isIgnored('gen/a.cpp'), true);
  });
  test('broken JSON is fatal', () => {
    const c = parseConfigText('/w/.mapilintrc.json', '{');
    assert.equal(c.fatal, true);
    assert.equal(c.problems.length, 1);
  });
});

describe('simulation rendering', () => {
  const loc = (file: string, line: number) => ({ file, range: { startLine: line, startCol: 2, endLine: line, endCol: 9 } });
  const report: SimulationReport = {
    stores: [
      {
        name: 'CMsgStore',
        loc: loc('/w/store.h', 3),
        style: 'cpp-class',
        release: loc('/w/store.cpp', 20),
        storeLogoff: loc('/w/store.cpp', 5),
        scenarios: [
          {
            id: 'orderly',
            title: 'StoreLogoff(LOGOFF_ORDERLY), then Release',
            paths: [
              {
                steps: [
                  { kind: 'scenario', message: 'client calls StoreLogoff(LOGOFF_ORDERLY)' },
                  { kind: 'call', message: 'StoreLogoffTransports flags=LOGOFF_ORDERLY', loc: loc('/w/store.cpp', 7) },
                  { kind: 'destroy', message: 'delete this', loc: loc('/w/store.cpp', 24) },
                ],
                violations: [{ ruleId: 'support-release-missing', step: -1, message: 'support object never released' }],
              },
            ],
          },
          { id: 'abrupt', title: 'Release only', paths: [{ steps: [], violations: [] }] },
        ],
      },
      { name: 'Other', loc: loc('/w/other.h', 1), style: 'c-vtable', scenarios: [] },
    ],
  };
  test('filter by document and position', () => {
    assert.deepEqual(filterReport(report, '/w/store.cpp').stores.map((s) => s.name), ['CMsgStore']);
    assert.deepEqual(filterReport(report, '/w/store.cpp', { line: 21, character: 0 }).stores.map((s) => s.name), ['CMsgStore']);
    assert.deepEqual(filterReport(report, '/w/other.h').stores.map((s) => s.name), ['Other']);
    assert.deepEqual(filterReport(report, '/w/none.cpp').stores, []);
  });
  test('text with numbered steps, file:line and rule ids; links point at the locations', () => {
    const { text, links } = renderReport(filterReport(report, '/w/store.cpp'), {
      title: 'T',
      displayPath: (f) => f.replace('/w/', ''),
      toUri: (f) => `file://${f}`,
    });
    const lines = text.split('\n');
    assert.ok(text.includes('FAIL: 1 of 2 scenarios fail'));
    assert.ok(text.includes('-- Scenario orderly: StoreLogoff(LOGOFF_ORDERLY), then Release [FAIL]'));
    assert.ok(text.includes('   2. [call] StoreLogoffTransports flags=LOGOFF_ORDERLY  @ store.cpp:8'));
    assert.ok(text.includes('!! support-release-missing (at the end): support object never released'));
    assert.ok(text.includes('-- Scenario abrupt: Release only [PASS]'));
    for (const l of links) {
      const s = lines[l.line]!.slice(l.startCol, l.endCol);
      assert.match(s, /^store\.(h|cpp):\d+$/);
      assert.equal(Number(s.split(':')[1]) - 1, l.targetLine);
    }
    assert.equal(links.length, 5);
  });
});

describe('grammars and manifest', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const fs = require('node:fs') as typeof import('node:fs');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const path = require('node:path') as typeof import('node:path');
  const root = path.resolve(__dirname, '../../..');
  const read = (rel: string) => JSON.parse(fs.readFileSync(path.join(root, rel), 'utf8'));

  function regexes(node: unknown, out: string[] = []): string[] {
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        if ((k === 'match' || k === 'begin' || k === 'end') && typeof v === 'string') out.push(v);
        else regexes(v, out);
      }
    }
    return out;
  }

  test('every grammar regex compiles', () => {
    for (const g of ['syntaxes/mapi-trace.tmLanguage.json', 'syntaxes/mapi-lint-suppression.injection.tmLanguage.json']) {
      for (const r of regexes(read(g))) assert.doesNotThrow(() => new RegExp(r), `${g}: ${r}`);
    }
  });

  test('the trace grammar recognises the rendered lines', () => {
    const g = read('syntaxes/mapi-trace.tmLanguage.json');
    const re = (name: string) => new RegExp(g.repository[name].match);
    assert.match('   12. [call] StoreLogoffTransports flags=LOGOFF_ABORT  @ src/store.cpp:52', re('step'));
    assert.match('      !! support-release-missing (at the end): never released', re('violation'));
    assert.match('-- Scenario orderly: StoreLogoff then Release [FAIL] (2 paths, 1 failing)', re('scenario-header'));
    assert.match('== Store CMsgStore (cpp-class) at store.h:4', re('store-header'));
    assert.equal(re('step').exec('   2. [call] x  @ store.cpp:8')![6], 'store.cpp:8');
  });

  test('package.json lists every rule of the catalog in mapiLint.rules', async () => {
    const { RULE_CATALOG } = await import('../../server/src/engine/rules/catalog');
    const pkg = read('package.json');
    const props = Object.keys(pkg.contributes.configuration.properties['mapiLint.rules'].properties).sort();
    assert.deepEqual(props, RULE_CATALOG.map((r) => r.id).sort());
  });

  test('the manifest points at files that exist', () => {
    const pkg = read('package.json');
    for (const g of pkg.contributes.grammars) assert.ok(fs.existsSync(path.join(root, g.path)), g.path);
    for (const l of pkg.contributes.languages) assert.ok(fs.existsSync(path.join(root, l.configuration)), l.configuration);
    assert.equal(pkg.main, './dist/client.js');
    assert.deepEqual(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  });
});
