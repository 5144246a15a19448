// The shared trace text (engine/trace-text.ts): the layout, and link positions that point at the
// `file:line` written for each location, in a test style and in the CLI's and the trace view's styles.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { renderTraceText, type Loc, type SimulationReport, type TraceStyle, type TraceText } from '../server/src/engine';
import { SIMULATE_TRACE_STYLE } from '../server/src/cli/format/simulation';
import { TRACE_VIEW_STYLE } from '../server/src/lsp/simulate';

const loc = (file: string, line: number, col = 2): Loc => ({ file, range: { startLine: line, startCol: col, endLine: line, endCol: col + 5 } });
const display = (file: string): string => file.replace('/w/', '');

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
          title: 'orderly: StoreLogoff, then Release',
          capped: 'maxPaths (2) reached',
          paths: [
            { steps: [{ kind: 'scenario', message: 'client calls Release' }], violations: [] },
            {
              steps: [
                { kind: 'scenario', message: 'client calls StoreLogoff' },
                { kind: 'call', message: 'StoreLogoffTransports', loc: loc('/w/store.cpp', 7) },
                { kind: 'destroy', message: 'delete this', loc: loc('/w/store.cpp', 24) },
              ],
              violations: [
                { ruleId: 'logoff-transports-twice', step: 1, message: 'twice' },
                { ruleId: 'support-release-missing', step: -1, message: 'never released' },
                { ruleId: 'logoff-abort-missing', step: 3, message: 'past the last step' },
              ],
            },
          ],
        },
        { id: 'abrupt', title: 'Release only', paths: [] },
      ],
    },
    { name: 'Other', loc: loc('/elsewhere/other.h', 0), style: 'c-vtable', scenarios: [] },
  ],
};

/** Every location of the report, in the order the layout writes them (paths in their order). */
function locsOf(r: SimulationReport): Loc[] {
  const out: Loc[] = [];
  for (const s of r.stores) {
    out.push(s.loc);
    if (s.release) out.push(s.release);
    if (s.storeLogoff) out.push(s.storeLogoff);
    for (const sc of s.scenarios) for (const p of sc.paths) for (const st of p.steps) if (st.loc) out.push(st.loc);
  }
  return out;
}

/** Each link covers exactly the `file:line` of its location, and links follow the text's order. */
function assertLinksPointAtTheirText(t: TraceText): void {
  let prev = { line: -1, endCol: 0 };
  for (const l of t.links) {
    const line = t.lines[l.line];
    assert.ok(line !== undefined, `link line ${l.line} exists`);
    assert.equal(line.slice(l.startCol, l.endCol), `${display(l.loc.file)}:${l.loc.range.startLine + 1}`);
    assert.ok(l.line > prev.line || (l.line === prev.line && l.startCol >= prev.endCol), 'links in text order');
    prev = l;
  }
}

const TEST_STYLE: TraceStyle = {
  noStore: ['(none)'],
  storeGap: 'after',
  storeMarker: '# ',
  memberIndent: ' ~ ',
  membersOnOneLine: true,
  storeVerdict: (s) => `${s.scenarios.length} scenarios`,
  scenarioMarker: '## ',
  scenarioSuffix: (sc) => ` <${sc.paths.length}>`,
  pathIndent: ' | ',
  capped: (r) => `capped ${r}`,
  noPath: 'nothing',
  failingPathsFirst: true,
  pathHeading: (p, i, n) => `path ${i + 1}/${n} ${p.violations.length}`,
  stepIndent: ' > ',
  stepKind: 'column',
  stepLoc: { before: ' {', after: '}' },
  violation: (v, atEnd) => `${atEnd ? 'END ' : ''}${v.ruleId}`,
};

test('the layout: header, stores, members on one line, scenarios, failing paths first, steps and violations', () => {
  const t = renderTraceText(report, { style: TEST_STYLE, header: ['HEAD'], displayPath: display });
  assert.deepEqual(t.lines, [
    'HEAD',
    '# Store CMsgStore (cpp-class) at store.h:4',
    ' ~ Release at store.cpp:21, StoreLogoff at store.cpp:6',
    ' ~ 2 scenarios',
    '',
    '## Scenario orderly: StoreLogoff, then Release <2>',
    ' | capped maxPaths (2) reached',
    ' | path 2/2 3',
    ' > 1. scenario  client calls StoreLogoff',
    ' > 2. call      StoreLogoffTransports {store.cpp:8}',
    ' >    logoff-transports-twice',
    ' > 3. destroy   delete this {store.cpp:25}',
    ' >    END support-release-missing',
    ' >    END logoff-abort-missing',
    ' | path 1/2 0',
    ' > 1. scenario  client calls Release',
    '',
    '## Scenario abrupt: Release only <0>',
    ' | nothing',
    '',
    '# Store Other (c-vtable) at /elsewhere/other.h:1',
    ' ~ 0 scenarios',
    '',
  ]);
  assertLinksPointAtTheirText(t);
  assert.deepEqual(
    t.links.map((l) => [l.line, l.startCol, l.endCol]),
    [
      [1, 33, 42],
      [2, 14, 26],
      [2, 43, 54],
      [9, 39, 50],
      [11, 29, 41],
      [20, 28, 48],
    ],
  );
  assert.deepEqual(t.links.map((l) => l.loc), locsOf(report));
});

test('members on a line each, gap before stores, `[kind]` steps, paths in their order', () => {
  const style: TraceStyle = { ...TEST_STYLE, membersOnOneLine: false, storeGap: 'before', stepKind: 'brackets', failingPathsFirst: false };
  const t = renderTraceText({ stores: [report.stores[0]!] }, { style, displayPath: display });
  assert.deepEqual(t.lines.slice(0, 5), ['', '# Store CMsgStore (cpp-class) at store.h:4', ' ~ Release at store.cpp:21', ' ~ StoreLogoff at store.cpp:6', ' ~ 2 scenarios']);
  assert.ok(t.lines.includes(' > 2. [call] StoreLogoffTransports {store.cpp:8}'));
  assert.ok(t.lines.indexOf(' | path 1/2 0') < t.lines.indexOf(' | path 2/2 3'));
  assert.equal(t.lines.at(-1), ' | nothing', 'no blank line after the last store');
  assertLinksPointAtTheirText(t);
  assert.deepEqual(t.links.map((l) => l.loc), locsOf({ stores: [report.stores[0]!] }));
});

test('no store: the header and the style\'s lines, no link', () => {
  assert.deepEqual(renderTraceText({ stores: [] }, { style: TEST_STYLE, header: ['H'], displayPath: display }), { lines: ['H', '(none)'], links: [] });
});

test('step numbers and the violation column are as wide as the largest step number', () => {
  const steps = Array.from({ length: 10 }, (_, i) => ({ kind: i === 9 ? ('use-after-release' as const) : ('call' as const), message: `m${i}`, loc: loc('/w/a.cpp', i) }));
  const t = renderTraceText(
    { stores: [{ name: 'S', loc: loc('/w/a.h', 0), style: 'c-vtable', scenarios: [{ id: 's', title: 't', paths: [{ steps, violations: [{ ruleId: 'r-x', step: 9, message: 'm' }] }] }] }] },
    { style: TEST_STYLE, displayPath: display },
  );
  assert.ok(t.lines.includes(' >  1. call               m0 {a.cpp:1}'));
  assert.ok(t.lines.includes(' > 10. use-after-release  m9 {a.cpp:10}'));
  assert.ok(t.lines.includes(' >     r-x'));
  assertLinksPointAtTheirText(t);
  assert.equal(t.links.length, 11);
});

test('the CLI and trace-view styles: every location written once, where its link says', () => {
  for (const style of [SIMULATE_TRACE_STYLE, TRACE_VIEW_STYLE]) {
    const t = renderTraceText(report, { style, header: ['# T'], displayPath: display });
    assertLinksPointAtTheirText(t);
    const sorted = (ls: Loc[]) => ls.map((l) => `${l.file}:${l.range.startLine}`).sort();
    assert.deepEqual(sorted(t.links.map((l) => l.loc)), sorted(locsOf(report)));
  }
  const cli = renderTraceText(report, { style: SIMULATE_TRACE_STYLE, displayPath: display });
  assert.equal(cli.lines[1], '  Release at store.cpp:21, StoreLogoff at store.cpp:6');
  assert.ok(cli.lines.includes('         ** at the end: breaks support-release-missing: never released'));
  const view = renderTraceText(report, { style: TRACE_VIEW_STYLE, displayPath: display });
  assert.ok(view.lines.includes('-- Scenario orderly: StoreLogoff, then Release [FAIL] (2 paths, 1 failing)'));
  assert.ok(view.lines.includes('   2. [call] StoreLogoffTransports  @ store.cpp:8'));
  assert.ok(view.lines.includes('   FAIL: 1 of 2 scenarios fail'));
});
