// Unit tests of the server's pure helpers (suppression edits, trace rendering) and of the manifest/grammars.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { disableRuleEdit } from '../../server/src/lsp/suppress';
import { detectStyle } from '../../server/src/engine';

const detectEol = (text: string): string => detectStyle(text, 'cpp').eol;
import { filterReport, renderReport } from '../../server/src/lsp/simulate';
import type { SimulationReport } from '../../server/src/engine';

describe('disableRuleEdit', () => {
  test('detectEol', () => {
    assert.equal(detectEol('a\r\nb'), '\r\n');
    assert.equal(detectEol('a\nb\r\n'), '\n');
    assert.equal(detectEol('a\nb\r\nc\r\n'), '\r\n');
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

  test('the manifest points at files that exist', () => {
    const pkg = read('package.json');
    for (const g of pkg.contributes.grammars) assert.ok(fs.existsSync(path.join(root, g.path)), g.path);
    for (const l of pkg.contributes.languages) assert.ok(fs.existsSync(path.join(root, l.configuration)), l.configuration);
    assert.equal(pkg.main, './dist/client.js');
    assert.deepEqual(pkg.capabilities.virtualWorkspaces.supported, false);
    assert.equal(pkg.capabilities.untrustedWorkspaces.supported, true);
  });
});
