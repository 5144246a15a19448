// The bundled sample providers (samples/) as the compiled harness builds them,
// and the findings planted in them.
//
// The samples are written against the real MAPI headers, so they are built in
// the harness's full-interface shape (include/mapidefs.h). Each one is linked
// with the adapter files listed here (test/harness/samples/), which stand in
// for the parts their README and comments say are "not part of this sample";
// nothing is added to the samples themselves, so the line numbers the README
// and test/samples.test.ts pin stay put.
//
// The expectations are the README's list (`As a list`), the same list
// test/samples.test.ts checks the CLI's report against, and the scenario column
// of its table.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { BuildOptions, COMPILED, HARNESS, ROOT, RULE_IDS } from './run';

export const SAMPLES = path.join(ROOT, 'samples');
export const SAMPLE_ADAPTERS = path.join(HARNESS, 'samples');

interface SampleBuildSpec {
  dir: string; // under samples/
  options: BuildOptions;
  adapters: string[]; // under test/harness/samples/
}

export const SAMPLE_BUILDS: readonly SampleBuildSpec[] = [
  // C++: its own entry point (MSProviderInit -> IMSProvider::Logon -> the store
  // and an IMSLogon); the adapter is msfldstub.cpp's folder methods.
  { dir: 'provider', options: { fullInterfaces: true, entry: 'MSProviderInit' }, adapters: ['provider-folder-stubs.cpp'] },
  // C: a store without a provider (HrNewIMS is called from a Logon that is not
  // in the sample); the adapter is that Logon, as FixtureLogon, and msprops.c.
  { dir: 'provider-c', options: { fullInterfaces: true }, adapters: ['provider-c-logon.c'] },
];

export interface PlantedFinding {
  /** The README list line: `provider-c/msstore.c:112 support-use-after-release`. */
  key: string;
  provider: string; // first path segment: the sample directory
  file: string; // relative to samples/
  line: number;
  rule: string;
  /** The runner scenario the README's table names for it (`extra reference (two Releases)` -> `extra-reference`). */
  scenario: string;
}

export interface SampleProvider {
  id: string; // the sample directory, e.g. `provider-c`
  dir: string; // absolute
  /** The sample's own files to compile (base names, sorted). */
  ownSources: string[];
  /** Absolute paths of the adapter files. */
  adapters: string[];
  options: BuildOptions;
  /** The rule ids the README plants in this sample. */
  expected: Set<string>;
}

/** Sample directories that hold something to compile (each must have a build). */
export function sampleDirsWithSources(): string[] {
  return fs
    .readdirSync(SAMPLES, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.readdirSync(path.join(SAMPLES, e.name)).some((f) => COMPILED.test(f)))
    .map((e) => e.name)
    .sort();
}

/** The README's `As a list` block and the scenario column of its findings table. */
export function plantedFindings(): PlantedFinding[] {
  const readme = fs.readFileSync(path.join(SAMPLES, 'README.md'), 'utf8').replace(/\r\n/g, '\n');
  const listAt = readme.indexOf('As a list');
  if (listAt < 0) throw new Error('samples/README.md: no "As a list" block');
  const block = /```\n([^`]*)```/.exec(readme.slice(listAt));
  if (!block) throw new Error('samples/README.md: the "As a list" block has no fenced list');
  const scenarios = new Map<string, string>();
  for (const row of readme.split('\n')) {
    // | `provider/msstore.cpp` | 39 | `storelogoff-transports-first` | warning | orderly | what |
    const cells = row.split('|').map((c) => c.trim());
    if (cells.length < 7 || !/^`[^`]+`$/.test(cells[1]) || !/^\d+$/.test(cells[2])) continue;
    const key = `${cells[1].slice(1, -1)}:${cells[2]} ${cells[3].replace(/`/g, '')}`;
    scenarios.set(key, cells[5].replace(/\(.*\)/, '').trim().replace(/\s+/g, '-'));
  }
  return block[1]
    .trim()
    .split('\n')
    .map((key) => {
      const m = /^(([^/\s]+)\/[^:\s]+):(\d+) (\S+)$/.exec(key.trim());
      if (!m) throw new Error(`samples/README.md: unreadable list line ${JSON.stringify(key)}`);
      const scenario = scenarios.get(key.trim());
      if (!scenario) throw new Error(`samples/README.md: ${key} is listed but has no row (scenario) in the table`);
      return { key: key.trim(), provider: m[2], file: m[1], line: Number(m[3]), rule: m[4], scenario };
    });
}

/** Every sample with a build, its sources and the rules planted in it. */
export function collectSamples(findings: PlantedFinding[] = plantedFindings()): SampleProvider[] {
  return SAMPLE_BUILDS.map((b) => {
    const dir = path.join(SAMPLES, b.dir);
    return {
      id: b.dir,
      dir,
      ownSources: fs
        .readdirSync(dir)
        .filter((f) => COMPILED.test(f))
        .sort(),
      adapters: b.adapters.map((a) => path.join(SAMPLE_ADAPTERS, a)),
      options: b.options,
      // The store runner judges the store rules; a family rule's planted finding is confirmed by reading.
      expected: new Set(findings.filter((f) => f.provider === b.dir && (RULE_IDS as readonly string[]).includes(f.rule)).map((f) => f.rule)),
    };
  });
}
