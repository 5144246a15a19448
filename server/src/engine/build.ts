// Building the files of an analysis into units: each file preprocessed with the macros of the analysed
// headers it includes (resolved by path, relative to the includer first, then by the end of the path), a
// header read as C when only C files include it, every file parsed and lowered once per text version.
import type { MacroTable } from './pre/macros';
import type { Lang } from './pre/preprocess';
import { buildUnit, guessHeaderLang, langOfPath, type FileUnit } from './unit';

export interface BuildInput {
  path: string;
  text: string;
}

export interface BuildOptions {
  /** `defines` of the configuration for a file (name → value; '' for defined as empty). */
  definesFor?: (path: string) => ReadonlyMap<string, string> | undefined;
  /** Values of undetermined macros in the configuration analysed. */
  configured?: (name: string) => string | undefined;
  /** Units of an earlier build, reused when their text, language and inputs are the same. */
  previous?: ReadonlyMap<string, FileUnit>;
  /** A header's language from the files that include it outside these inputs (the workspace's other files). */
  headerLang?: (path: string) => Lang | undefined;
}

const INCLUDE = /^[ \t]*#[ \t]*(?:include|include_next|import)[ \t]*[<"]([^>"\n]+)[>"]/gm;
const DEFINE = /^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm;

export function normalizePath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '..' && parts.length && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

function dirOf(p: string): string {
  const i = Math.max(p.lastIndexOf('/'), p.lastIndexOf('\\'));
  return i < 0 ? '' : p.slice(0, i);
}

export class IncludeResolver {
  private readonly byNorm = new Map<string, string>();
  private readonly bySuffix = new Map<string, string[]>();

  constructor(paths: readonly string[]) {
    for (const p of paths) {
      const n = normalizePath(p);
      this.byNorm.set(n, p);
      const segs = n.split('/');
      for (let i = 0; i < segs.length; i++) {
        const suffix = segs.slice(i).join('/').toLowerCase();
        const list = this.bySuffix.get(suffix);
        if (list) list.push(p);
        else this.bySuffix.set(suffix, [p]);
      }
    }
  }

  /** The analysed file an `#include` names, or undefined. */
  resolve(spec: string, from: string, angled: boolean): string | undefined {
    const s = spec.replace(/\\/g, '/');
    if (!angled) {
      const rel = this.byNorm.get(normalizePath(`${dirOf(from).replace(/\\/g, '/')}/${s}`));
      if (rel) return rel;
    }
    const list = this.bySuffix.get(normalizePath(s).toLowerCase());
    if (!list?.length) return undefined;
    if (list.length === 1) return list[0];
    // Several files end that way: the one nearest the includer.
    const d = normalizePath(dirOf(from));
    let best = list[0];
    let score = -1;
    for (const p of list) {
      const pd = normalizePath(dirOf(p));
      let k = 0;
      while (k < d.length && k < pd.length && d[k] === pd[k]) k++;
      if (k > score) {
        score = k;
        best = p;
      }
    }
    return best;
  }
}

export function buildUnits(inputs: readonly BuildInput[], opts: BuildOptions = {}): Map<string, FileUnit> {
  const texts = new Map(inputs.map((i) => [i.path, i.text]));
  const resolver = new IncludeResolver(inputs.map((i) => i.path));
  const defined = new Set<string>();
  const includes = new Map<string, { spec: string; angled: boolean }[]>();
  for (const { path, text } of inputs) {
    for (const m of text.matchAll(DEFINE)) defined.add(m[1]);
    const list: { spec: string; angled: boolean }[] = [];
    for (const m of text.matchAll(INCLUDE)) list.push({ spec: m[1], angled: m[0].includes('<') });
    includes.set(path, list);
  }
  // A header's language: C when C files include it (directly or through other headers) and no C++ file does.
  const langs = new Map<string, Lang>();
  const seedLang = (p: string): Lang | undefined => langOfPath(p);
  const reach = (root: string, lang: Lang): void => {
    const stack = [root];
    const seen = new Set<string>();
    while (stack.length) {
      const p = stack.pop()!;
      if (seen.has(p)) continue;
      seen.add(p);
      for (const inc of includes.get(p) ?? []) {
        const h = resolver.resolve(inc.spec, p, inc.angled);
        if (!h || seedLang(h)) continue;
        const cur = langs.get(h);
        if (cur === 'cpp') continue;
        langs.set(h, lang === 'cpp' ? 'cpp' : cur ?? 'c');
        stack.push(h);
      }
    }
  };
  for (const { path } of inputs) {
    const l = seedLang(path);
    if (l === 'cpp') reach(path, 'cpp');
  }
  for (const { path } of inputs) {
    const l = seedLang(path);
    if (l === 'c') reach(path, 'c');
  }
  const langOf = (p: string): Lang => seedLang(p) ?? langs.get(p) ?? opts.headerLang?.(p) ?? guessHeaderLang(texts.get(p) ?? '');

  const units = new Map<string, FileUnit>();
  const building = new Set<string>();
  const build = (path: string): FileUnit => {
    const done = units.get(path);
    if (done) return done;
    building.add(path);
    const text = texts.get(path)!;
    const lang = langOf(path);
    const include = (spec: string, angled: boolean): MacroTable | undefined => {
      const h = resolver.resolve(spec, path, angled);
      if (!h || building.has(h)) return undefined;
      return build(h).pre.exports;
    };
    const prev = opts.previous?.get(path);
    const unit = buildUnit(path, text, { lang, defines: opts.definesFor?.(path), include, definedSomewhere: (n) => defined.has(n), configured: opts.configured }, prev);
    building.delete(path);
    units.set(path, unit);
    return unit;
  };
  for (const { path } of inputs) build(path);
  return units;
}
