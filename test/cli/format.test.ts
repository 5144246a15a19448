import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { formatText } from '../../server/src/cli/format/text';
import { formatJson, toJsonReport } from '../../server/src/cli/format/json';
import { FINGERPRINT_KEY, toSarif } from '../../server/src/cli/format/sarif';
import { escapeData, escapeProperty, formatGithub } from '../../server/src/cli/format/github';
import { formatSimulationJson, formatSimulationText } from '../../server/src/cli/format/simulation';
import { shouldColor } from '../../server/src/cli/main';
import { RULE_CATALOG, type SimulationReport } from '../../server/src/engine';
import { ruleDocUrl } from '../../server/src/project/docs';
import type { Finding } from '../../server/src/engine';
import { finding, loc, report } from './helpers';

const CWD = path.resolve('/work/proj');
const STORE = path.join(CWD, 'src', 'store.cpp');
const HEADER = path.join(CWD, 'inc', 'my store.h');
const STORE_SRC = [
  '#include "store.h"', // 0
  'STDMETHODIMP CMsgStore::StoreLogoff(ULONG FAR * lpulFlags)', // 1
  '{', // 2
  '    m_psup->StoreLogoffTransports(lpulFlags);', // 3
  '    return hrSuccess;', // 4
  '}', // 5
  'STDMETHODIMP_(ULONG) CMsgStore::Release()', // 6
  '{', // 7
  '    if (--m_cRef == 0) delete this;', // 8
  '    return m_cRef;', // 9
  '}', // 10
].join('\n');

function sample(): Finding[] {
  return [
    finding({
      loc: loc(STORE, 6, 32, 6, 39),
      store: 'CMsgStore',
      scenario: 'abrupt',
      trace: [
        { kind: 'scenario', message: 'client calls Release without StoreLogoff' },
        { kind: 'enter', message: 'CMsgStore::Release', loc: loc(STORE, 6, 0, 6, 41) },
        { kind: 'destroy', message: 'delete this', loc: loc(STORE, 8, 23, 8, 34) },
      ],
    }),
    finding({ ruleId: 'logoff-flags-not-forwarded', severity: 'warning', message: 'flags: 100%, a,b:c\nsecond line', loc: loc(HEADER, 0, 0, 0, 5) }),
    finding({ ruleId: 'logoff-transports-twice', message: 'called twice', loc: loc(STORE, 3, 4, 3, 44) }),
  ];
}

function sampleReport(findings = sample(), sources: Record<string, string> = { [STORE]: STORE_SRC, [HEADER]: 'class CMsgStore;\n' }) {
  return report(CWD, findings, sources);
}

test('text: file:line:col  severity  message  rule-id, sorted, then the summary', () => {
  const out = formatText(sampleReport(), { color: false });
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0], /^inc\/my store\.h:1:1\s+warning\s+flags: 100%, a,b:c second line\s+logoff-flags-not-forwarded$/);
  assert.match(lines[1], /^src\/store\.cpp:4:5\s+error\s+called twice\s+logoff-transports-twice$/);
  assert.match(lines[2], /^src\/store\.cpp:7:33\s+error\s+The support object is not released .*\s+support-release-missing$/);
  assert.equal(lines[3], '');
  assert.equal(lines[4], '3 problems (2 errors, 1 warning)');
  assert.ok(!out.includes('\u001b['), 'no escape codes without color');
  assert.ok(formatText(sampleReport(), { color: true }).includes('\u001b[31m'));
  assert.equal(formatText(sampleReport([]), { color: false }), '', 'nothing when clean');
  assert.match(formatText(sampleReport([sample()[1]]), { color: false }), /1 problem \(0 errors, 1 warning\)\n$/);
});

test('text and json: the verdict counts; a run with nothing found but rules left undecided says so', () => {
  const verdicts = { objects: 2, defect: 3, notDecided: 4, clean: 7 };
  const out = formatText({ ...sampleReport(), verdicts }, { color: false });
  assert.match(out, /3 problems \(2 errors, 1 warning\)\n2 provider objects checked; rule verdicts: 3 defect, 4 not decided, 7 clean\n$/);
  assert.equal(formatText({ ...sampleReport([]), verdicts: { objects: 1, defect: 0, notDecided: 0, clean: 7 } }, { color: false }), '', 'silent when all decided and clean');
  assert.equal(formatText({ ...sampleReport([]), verdicts: { objects: 1, defect: 0, notDecided: 2, clean: 5 } }, { color: false }), '1 provider object checked; rule verdicts: 0 defect, 2 not decided, 5 clean\n');
  assert.deepEqual(JSON.parse(formatJson({ ...sampleReport(), verdicts })).summary.verdicts, verdicts);
});

test('colors: only on a TTY, not into a file, never with NO_COLOR', () => {
  assert.equal(shouldColor({ stdoutIsTTY: true, env: {} }, undefined), true);
  assert.equal(shouldColor({ stdoutIsTTY: false, env: {} }, undefined), false);
  assert.equal(shouldColor({ stdoutIsTTY: true, env: { NO_COLOR: '1' } }, undefined), false);
  assert.equal(shouldColor({ stdoutIsTTY: true, env: {} }, 'out.txt'), false);
});

test('json: the documented shape, 1-based positions, relative paths, trace steps, notes, summary', () => {
  const r = sampleReport();
  const withNote = { ...r, notes: [{ file: STORE, kind: 'parse-error' as const, message: 'ERROR node', loc: loc(STORE, 2, 0) }] };
  const json = JSON.parse(formatJson(withNote));
  assert.deepEqual(json, toJsonReport(withNote));
  assert.equal(json.schemaVersion, 1);
  assert.deepEqual(json.tool, { name: 'mapi-lint', version: '9.8.7' });
  assert.deepEqual(json.files, [
    { path: 'src/store.cpp', errors: 2, warnings: 0, infos: 0 },
    { path: 'inc/my store.h', errors: 0, warnings: 1, infos: 0 },
  ]);
  assert.deepEqual(json.findings[2], {
    ruleId: 'support-release-missing',
    severity: 'error',
    message: 'The support object is not released when the last reference goes.',
    file: 'src/store.cpp',
    line: 7,
    column: 33,
    endLine: 7,
    endColumn: 40,
    store: 'CMsgStore',
    scenario: 'abrupt',
    docsUrl: ruleDocUrl('support-release-missing'),
    trace: [
      { kind: 'scenario', message: 'client calls Release without StoreLogoff', file: null, line: null, column: null, endLine: null, endColumn: null },
      { kind: 'enter', message: 'CMsgStore::Release', file: 'src/store.cpp', line: 7, column: 1, endLine: 7, endColumn: 42 },
      { kind: 'destroy', message: 'delete this', file: 'src/store.cpp', line: 9, column: 24, endLine: 9, endColumn: 35 },
    ],
  });
  assert.deepEqual(json.notes, [{ kind: 'parse-error', file: 'src/store.cpp', message: 'ERROR node', line: 3, column: 1 }]);
  assert.deepEqual(json.summary, { files: 2, problems: 3, errors: 2, warnings: 1, infos: 0, verdicts: { objects: 0, defect: 0, notDecided: 0, clean: 0 } });
});

test('sarif: everything GitHub code scanning requires', () => {
  const sarif = toSarif(sampleReport()) as any;
  assert.equal(sarif.$schema, 'https://json.schemastore.org/sarif-2.1.0.json');
  assert.equal(sarif.version, '2.1.0');
  assert.equal(sarif.runs.length, 1);
  const run = sarif.runs[0];
  assert.equal(run.columnKind, 'utf16CodeUnits');
  assert.match(run.originalUriBaseIds['%SRCROOT%'].uri, /^file:\/\/.*\/$/);
  const driver = run.tool.driver;
  assert.equal(driver.name, 'mapi-lint');
  assert.equal(driver.version, '9.8.7');
  assert.match(driver.informationUri, /^https:\/\//);
  assert.deepEqual(driver.rules.map((r: any) => r.id), RULE_CATALOG.map((r) => r.id));
  for (const [i, rule] of driver.rules.entries()) {
    const meta = RULE_CATALOG[i];
    assert.equal(rule.name, meta.id.split('-').map((w) => w[0].toUpperCase() + w.slice(1)).join(''));
    assert.equal(rule.shortDescription.text, meta.short);
    assert.equal(rule.fullDescription.text, meta.full);
    assert.ok(rule.help.text.includes(meta.full));
    assert.ok(rule.help.markdown.includes(`](${ruleDocUrl(meta.id)})`), 'help.markdown links the rule doc');
    assert.equal(rule.helpUri, ruleDocUrl(meta.id));
    // A rule that is off by default is listed, with level "none" and enabled false (SARIF 3.50.2, reportingConfiguration).
    const expected = { error: { level: 'error' }, warning: { level: 'warning' }, info: { level: 'note' }, off: { level: 'none', enabled: false } };
    assert.deepEqual(rule.defaultConfiguration, expected[meta.defaultSeverity as keyof typeof expected]);
  }
  assert.equal(run.results.length, 3);
  for (const res of run.results) {
    assert.equal(driver.rules[res.ruleIndex].id, res.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(res.level));
    assert.equal(typeof res.message.text, 'string');
    const pl = res.locations[0].physicalLocation;
    assert.equal(pl.artifactLocation.uriBaseId, '%SRCROOT%');
    assert.ok(!pl.artifactLocation.uri.startsWith('/') && !pl.artifactLocation.uri.includes('\\'), 'relative, forward slashes');
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) assert.ok(pl.region[k] >= 1, k);
    assert.match(res.partialFingerprints[FINGERPRINT_KEY], /^[0-9a-f]{32}$/);
  }
  const [header, twice, release] = run.results;
  assert.equal(header.locations[0].physicalLocation.artifactLocation.uri, 'inc/my%20store.h');
  assert.equal(header.level, 'warning');
  assert.deepEqual(twice.locations[0].physicalLocation.region, { startLine: 4, startColumn: 5, endLine: 4, endColumn: 45 });
  assert.equal(twice.relatedLocations, undefined);
  assert.deepEqual(
    release.relatedLocations.map((r: any) => [r.id, r.message.text, r.physicalLocation.artifactLocation.uri, r.physicalLocation.region.startLine]),
    [
      [1, '2. CMsgStore::Release', 'src/store.cpp', 7],
      [2, '3. delete this', 'src/store.cpp', 9],
    ],
  );
  assert.equal(release.codeFlows[0].threadFlows[0].locations.length, 2);
  assert.deepEqual(release.properties, { store: 'CMsgStore', scenario: 'abrupt' });
});

test('sarif: fingerprints survive code moving down; repeated findings on identical lines differ', () => {
  const fp = (src: string, findings: Finding[]) =>
    (toSarif(report(CWD, findings, { [STORE]: src })) as any).runs[0].results.map((r: any) => r.partialFingerprints[FINGERPRINT_KEY]);
  const f = finding({ ruleId: 'logoff-transports-twice', loc: loc(STORE, 3, 4) });
  const before = fp(STORE_SRC, [f]);
  const moved = fp(`// a new comment\n\n\n${STORE_SRC}`, [finding({ ruleId: 'logoff-transports-twice', loc: loc(STORE, 6, 8) })]);
  assert.deepEqual(moved, before);
  const otherRule = fp(STORE_SRC, [finding({ ruleId: 'support-use-after-release', loc: loc(STORE, 3, 4) })]);
  assert.notDeepEqual(otherRule, before);
  const dup = `${STORE_SRC}\n${'    m_psup->StoreLogoffTransports(lpulFlags);'}`;
  const two = fp(dup, [finding({ ruleId: 'logoff-transports-twice', loc: loc(STORE, 3, 4) }), finding({ ruleId: 'logoff-transports-twice', loc: loc(STORE, 11, 4) })]);
  assert.equal(two[0], before[0]);
  assert.notEqual(two[0], two[1]);
});

test('sarif: a file outside the working directory gets an absolute file: URI', () => {
  const outside = path.resolve('/elsewhere/x.cpp');
  const sarif = toSarif(report(CWD, [finding({ loc: loc(outside, 0, 0) })], { [outside]: 'x' })) as any;
  const al = sarif.runs[0].results[0].locations[0].physicalLocation.artifactLocation;
  assert.match(al.uri, /^file:\/\/\/.*elsewhere\/x\.cpp$/);
  assert.equal(al.uriBaseId, undefined);
});

test('github: workflow commands with the required escaping', () => {
  assert.equal(escapeData('100% a\r\nb'), '100%25 a%0D%0Ab');
  assert.equal(escapeProperty('a:b,c%d\n'), 'a%3Ab%2Cc%25d%0A');
  const out = formatGithub(sampleReport()).trimEnd().split('\n');
  assert.deepEqual(out, [
    '::warning file=inc/my store.h,line=1,col=1,endLine=1,endColumn=6,title=logoff-flags-not-forwarded::flags: 100%25, a,b:c%0Asecond line',
    '::error file=src/store.cpp,line=4,col=5,endLine=4,endColumn=45,title=logoff-transports-twice::called twice',
    '::error file=src/store.cpp,line=7,col=33,endLine=7,endColumn=40,title=support-release-missing::The support object is not released when the last reference goes.',
  ]);
  const weird = path.join(CWD, 'a,b:c.cpp');
  assert.match(formatGithub(report(CWD, [finding({ severity: 'info', loc: loc(weird, 0, 0) })], {})), /^::notice file=a%2Cb%3Ac\.cpp,/);
  assert.equal(formatGithub(sampleReport([])), '');
});

test('simulate: numbered steps with file:line, violations marked with their rule', () => {
  const sim: SimulationReport = {
    stores: [
      {
        name: 'CMsgStore',
        loc: loc(STORE, 1, 0),
        style: 'cpp-class',
        release: loc(STORE, 6, 0),
        storeLogoff: loc(STORE, 1, 0),
        scenarios: [
          {
            id: 'orderly',
            title: 'StoreLogoff(LOGOFF_ORDERLY), then the last Release',
            paths: [
              {
                steps: [
                  { kind: 'scenario', message: 'client calls StoreLogoff(LOGOFF_ORDERLY)' },
                  { kind: 'call', message: 'StoreLogoffTransports flags=LOGOFF_ORDERLY', loc: loc(STORE, 3, 4) },
                  { kind: 'call', message: 'StoreLogoffTransports flags=LOGOFF_ABORT', loc: loc(STORE, 8, 4) },
                ],
                violations: [
                  { ruleId: 'logoff-transports-twice', step: 2, message: 'second call' },
                  { ruleId: 'support-release-missing', step: -1, message: 'never released' },
                ],
              },
              { steps: [{ kind: 'return', message: 'return 0', loc: loc(STORE, 9, 4) }], violations: [] },
            ],
            capped: 'maxPaths (512) reached',
          },
        ],
      },
    ],
  };
  const text = formatSimulationText(sim, CWD);
  assert.match(text, /^Store CMsgStore \(cpp-class\) at src\/store\.cpp:2\n/);
  assert.match(text, /Scenario orderly: StoreLogoff\(LOGOFF_ORDERLY\), then the last Release/);
  assert.match(text, /exploration cut: maxPaths/);
  assert.match(text, /Path 1 of 2: 2 violations/);
  assert.match(text, / 1\. scenario  client calls StoreLogoff\(LOGOFF_ORDERLY\)\n/);
  assert.match(text, / 2\. call      StoreLogoffTransports flags=LOGOFF_ORDERLY  \(src\/store\.cpp:4\)/);
  assert.match(text, / 3\. call      StoreLogoffTransports flags=LOGOFF_ABORT  \(src\/store\.cpp:9\)\n\s+\*\* breaks logoff-transports-twice: second call/);
  assert.match(text, /\*\* at the end: breaks support-release-missing: never released/);
  assert.match(text, /Path 2 of 2: ok/);
  assert.match(text, /1 store, 1 scenario, 2 paths: 2 violations\n$/);
  assert.equal(formatSimulationText({ stores: [] }, CWD), 'No message store object found.\n');
  const json = JSON.parse(formatSimulationJson(sim, CWD));
  assert.equal(json.violations, 2);
  assert.deepEqual(json.stores[0].scenarios[0].paths[0].steps[1].location, { file: 'src/store.cpp', line: 4, column: 5, endLine: 4, endColumn: 6 });
});
