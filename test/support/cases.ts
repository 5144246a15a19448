// The labelled fixture corpus (test/fixtures/cases/<group>/<valid|invalid>/<case>): reading cases and their
// `// expect: <rule-id>[, <rule-id>]` markers (`/* expect: … */` in C, which has no `//` comments before C99).
// Shared by the rule tests and the fix tests.
import * as fs from 'node:fs';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../../..');
export const CASES_DIR = path.join(REPO, 'test', 'fixtures', 'cases');
/** The provider-family corpus (address book, transport and message store logons), laid out the same way. */
export const FAMILY_DIR = path.join(REPO, 'test', 'fixtures', 'family');
const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp|hxx)$/;

export interface Case {
  group: string;
  kind: 'valid' | 'invalid';
  name: string;
  /** Absolute path of the case (a file or a directory). */
  dir: string;
  files: { path: string; text: string }[];
  /** Expected findings: `relative/file:line rule-id` (line 1-based). */
  expected: string[];
}

export function listCases(root: string = CASES_DIR): Case[] {
  const out: Case[] = [];
  if (!fs.existsSync(root)) return out;
  for (const group of fs.readdirSync(root).sort()) {
    if (!fs.statSync(path.join(root, group)).isDirectory()) continue;
    for (const kind of ['valid', 'invalid'] as const) {
      const kdir = path.join(root, group, kind);
      if (!fs.existsSync(kdir)) continue;
      for (const name of fs.readdirSync(kdir).sort()) {
        const p = path.join(kdir, name);
        const stat = fs.statSync(p);
        let files: string[];
        if (stat.isDirectory()) files = fs.readdirSync(p).filter((f) => SOURCE.test(f) && !/\.fixed\./.test(f)).map((f) => path.join(p, f));
        else if (SOURCE.test(name) && !/\.fixed\./.test(name)) files = [p];
        else continue;
        const loaded = files.sort().map((f) => ({ path: f, text: fs.readFileSync(f, 'utf8') }));
        out.push({ group, kind, name, dir: p, files: loaded, expected: expectations(loaded) });
      }
    }
  }
  return out;
}

export function expectations(files: { path: string; text: string }[]): string[] {
  const out: string[] = [];
  for (const f of files) {
    f.text.split(/\r?\n/).forEach((line, i) => {
      const m = /(?:\/\/|\/\*)\s*expect:\s*([a-z-]+(?:\s*,\s*[a-z-]+)*)/.exec(line);
      if (!m) return;
      for (const id of m[1].split(',').map((s) => s.trim())) out.push(`${path.basename(f.path)}:${i + 1} ${id}`);
    });
  }
  return out.sort();
}
