#!/usr/bin/env node
// The real-provider check: lints local checkouts of public MAPI providers with the CLI and compares what it
// reports with scripts/real-providers.expected.json (per provider: the findings as file, class, rule and count,
// and which classes are left "not decided" for which rules). Not part of `npm test`: no third-party source is in
// this repository and CI has no network.
//
//   node scripts/real-providers.mjs [--json] ID=PATH ...
//   node scripts/real-providers.mjs PATH ...        (ID: the checkout's `git rev-parse HEAD`)
//
// ID names an entry of the expectations file (a commit, or a name such as `mapi-sdk-smpms`). Exit 0 when every
// checkout matches, 1 when one differs, 2 on a usage error.
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, '..');
const BIN = path.join(REPO, 'bin', 'mapi-lint.js');
const EXPECTED = path.join(HERE, 'real-providers.expected.json');

const args = process.argv.slice(2);
const asJson = args.includes('--json');
const targets = args.filter((a) => a !== '--json');
if (!targets.length) {
  process.stderr.write('usage: node scripts/real-providers.mjs [--json] [ID=]PATH ...\n');
  process.exit(2);
}
const expectations = JSON.parse(fs.readFileSync(EXPECTED, 'utf8')).providers;

function idOf(target) {
  const eq = target.indexOf('=');
  if (eq > 0 && !fs.existsSync(target)) return { id: target.slice(0, eq), dir: path.resolve(target.slice(eq + 1)) };
  const dir = path.resolve(target);
  try {
    return { id: execFileSync('git', ['-C', dir, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).trim(), dir };
  } catch {
    return { id: undefined, dir };
  }
}

function entryFor(id) {
  if (!id) return undefined;
  return expectations.find((e) => e.id === id || (id.length >= 8 && e.id.startsWith(id)) || (e.id.length >= 8 && id.startsWith(e.id)));
}

/** `rule class file` → count, from the CLI's JSON report. */
function summarise(report, dir) {
  const findings = new Map();
  for (const f of report.findings) {
    const rel = path.relative(dir, path.resolve(REPO, f.file)).split(path.sep).join('/');
    const key = `${f.ruleId} ${f.store ?? '-'} ${rel}`;
    findings.set(key, (findings.get(key) ?? 0) + 1);
  }
  const undecided = new Map();
  for (const n of report.notes) {
    if (n.kind !== 'not-decided' && n.kind !== 'analysis-capped') continue;
    // "CMsgStore: not decided for …" names its object; a note about the build configurations names none.
    const cls = /^([A-Za-z_][\w:]*): /.exec(n.message)?.[1];
    if (!cls || !(n.rules ?? []).length) continue;
    const set = undecided.get(cls) ?? new Set();
    for (const r of n.rules ?? []) set.add(r);
    undecided.set(cls, set);
  }
  return { findings, undecided };
}

let failed = false;
const results = [];
for (const t of targets) {
  const { id, dir } = idOf(t);
  const entry = entryFor(id);
  if (!entry) {
    process.stderr.write(`${t}: no expectations for ${id ?? 'this checkout (not a git checkout: pass ID=PATH)'}\n`);
    failed = true;
    continue;
  }
  const started = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [BIN, '--format', 'json', dir], { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 28 });
  const ms = Number((process.hrtime.bigint() - started) / 1_000_000n);
  if (r.status !== 0 && r.status !== 1) {
    process.stderr.write(`${entry.name}: mapi-lint exited ${r.status}\n${r.stderr.slice(0, 2000)}\n`);
    failed = true;
    continue;
  }
  const report = JSON.parse(r.stdout);
  const got = summarise(report, dir);
  const want = new Map(entry.findings.map((f) => [`${f.rule} ${f.class} ${f.file}`, f.count]));
  const diffs = [];
  for (const [k, n] of want) if (got.findings.get(k) !== n) diffs.push(`expected ${n} × ${k}, got ${got.findings.get(k) ?? 0}`);
  for (const [k, n] of got.findings) if (!want.has(k)) diffs.push(`unexpected ${n} × ${k}`);
  const wantUndecided = new Map(Object.entries(entry.notDecided ?? {}).map(([c, rules]) => [c, [...rules].sort().join(',')]));
  for (const [c, rules] of got.undecided) {
    const w = wantUndecided.get(c);
    const g = [...rules].sort().join(',');
    if (w !== g) diffs.push(`${c}: not decided for [${g}], expected [${w ?? ''}]`);
  }
  for (const [c, w] of wantUndecided) if (!got.undecided.has(c)) diffs.push(`${c}: decided, expected not decided for [${w}]`);
  if (diffs.length) failed = true;
  const v = report.summary.verdicts;
  results.push({ name: entry.name, id: entry.id, ok: !diffs.length, ms, files: report.summary.files, verdicts: v, diffs });
  if (!asJson) {
    process.stdout.write(`${diffs.length ? 'FAIL' : 'ok  '} ${entry.name} (${entry.id.slice(0, 12)}): ${report.summary.files} files, ${v.objects} objects, verdicts ${v.defect} defect / ${v.notDecided} not decided / ${v.clean} clean, ${report.findings.length} findings, ${(ms / 1000).toFixed(1)} s\n`);
    for (const [k, n] of got.findings) process.stdout.write(`       ${n} × ${k}\n`);
    for (const d of diffs) process.stdout.write(`       ! ${d}\n`);
  }
}
if (asJson) process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
process.exit(failed ? 1 : 0);
