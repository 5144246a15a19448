// Splitting one lint into groups of stores that can be analysed apart (the CLI's worker threads each take some
// groups), and the checks that say the split changed nothing. Pure: paths, names and texts in, groups out.
//
// A group is a set of first-round files (seeds); its closure is what the relevance rounds pull in from them.
// The analysis of a group equals its part of the whole analysis when nothing outside its closure, but inside
// another group's, could change a lookup the group makes. The model looks names up across files (classes,
// free functions, constants, typedefs, macros, out-of-line methods: the nearest definition wins) and, for C
// providers, takes the free functions of a store's directory. So two groups depend on each other when:
//   - a file of one mentions a name that a file only in the other defines, and that definition is at least as
//     near to the mentioning file as the group's own ones (or the group has none); or
//   - a file only in one sits in the same directory as a file of the other.
// Groups that depend on each other are merged and analysed again, until no two do.
import type { FileFacts } from './model/facts';
import { dirOf, sharedDirDepth } from './model/model';
import { NOT_PROBED, type FileProbe } from './probe';

/** Names a file defines that another file can look up by name. */
export function definedNames(facts: FileFacts): string[] {
  const names = new Set<string>();
  for (const c of facts.classes) names.add(c.name);
  for (const f of facts.functions) names.add(f.scope ?? f.name);
  for (const k of facts.typedefs.keys()) names.add(k);
  for (const k of facts.constants.keys()) names.add(k);
  for (const k of facts.defines.keys()) names.add(k);
  for (const k of facts.macros) names.add(k);
  return [...names];
}

function parts(file: string): string[] {
  return file.split(/[\\/]/);
}

/** The split of first-round files by provider: the directory above them all, and per provider key its seeds. */
export interface ProviderSplit {
  /** The directory that holds every seed, with its trailing separator ('' when they share none). */
  common: string;
  /** Largest first (by the number of seeds), ties by key. */
  groups: { key: string; seeds: string[] }[];
}

/**
 * Seeds grouped by provider: by the first path component below the directory that holds them all (seeds
 * directly in that directory form one group, key '').
 */
export function providerGroups(seeds: readonly string[]): ProviderSplit {
  if (!seeds.length) return { common: '', groups: [] };
  const split = seeds.map(parts);
  let depth = split[0].length - 1; // directory components shared by all
  for (const p of split) {
    let i = 0;
    while (i < depth && i < p.length - 1 && p[i] === split[0][i]) i++;
    depth = i;
  }
  const common = depth ? seeds[0].slice(0, split[0].slice(0, depth).join('/').length + 1) : '';
  const groups = new Map<string, string[]>();
  for (const s of seeds) {
    const key = providerKey(common, s) ?? '';
    const g = groups.get(key);
    if (g) g.push(s);
    else groups.set(key, [s]);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return { common, groups: sorted.map(([key, seeds]) => ({ key, seeds })) };
}

/** The provider a file belongs to under `common`: its first path component there ('' directly in it; undefined outside it). */
export function providerKey(common: string, file: string): string | undefined {
  if (!file.startsWith(common)) return undefined;
  const rest = file.slice(common.length);
  const m = /[\\/]/.exec(rest);
  return m ? rest.slice(0, m.index) : '';
}

/**
 * Whether a group (of providers `keys`) analyses the store declared in `file`: a store is analysed by the group
 * of its own provider; one in a directory that no group stands for, by every group that pulls it in.
 */
export function ownsStore(common: string, keys: readonly string[], allKeys: ReadonlySet<string>, file: string): boolean {
  const k = providerKey(common, file);
  return k === undefined || !allKeys.has(k) || keys.includes(k);
}

/** How near a definition in `def` is to a file `from`, in the order `nearest()` prefers: same file, then depth of the shared directory. */
function nearness(from: string, def: string): number {
  return from === def ? Number.MAX_SAFE_INTEGER : sharedDirDepth(from, def);
}

const IDENT = /[A-Za-z_][A-Za-z0-9_]*/g;

/**
 * The files outside a group's closure whose definitions could change a lookup from inside it. `defs` gives,
 * for each name defined in any group's closure, the files that define it; `text` the text of a closure file.
 */
export function nameConflicts(closure: readonly string[], defs: ReadonlyMap<string, readonly string[]>, text: (file: string) => string | undefined): string[] {
  const inside = new Set(closure);
  const out = new Set<string>();
  for (const file of closure) {
    const t = text(file);
    if (t === undefined) continue;
    const seen = new Set<string>();
    for (const m of t.matchAll(IDENT)) {
      const w = m[0];
      if (seen.has(w)) continue;
      seen.add(w);
      const files = defs.get(w);
      if (!files) continue;
      let own = -1;
      for (const d of files) if (inside.has(d)) own = Math.max(own, nearness(file, d));
      for (const d of files) if (!inside.has(d) && nearness(file, d) >= own) out.add(d);
    }
  }
  return [...out];
}

/**
 * Pairs of groups (indexes) where the second holds a file in a directory the first's C stores live in, and the
 * first does not hold it: the C model reads all the free functions of a store's directory (those of its struct,
 * StoreLogoff and Release), so that file could change the first group's answer. `storeDirs[g]`: those directories
 * for the stores group g simulates.
 */
export function directoryConflicts(closures: readonly (readonly string[])[], storeDirs: readonly (readonly string[])[]): [number, number][] {
  const wanted = new Map<string, number[]>(); // dir -> groups whose C stores live there
  storeDirs.forEach((dirs, g) => {
    for (const d of new Set(dirs)) (wanted.get(d) ?? wanted.set(d, []).get(d)!).push(g);
  });
  if (!wanted.size) return [];
  const holders = new Map<string, number[]>(); // file in such a dir -> groups that hold it
  closures.forEach((files, g) => {
    for (const f of files) if (wanted.has(dirOf(f))) (holders.get(f) ?? holders.set(f, []).get(f)!).push(g);
  });
  const pairs = new Map<string, [number, number]>();
  for (const [f, hs] of holders) {
    for (const g of wanted.get(dirOf(f))!) {
      if (hs.includes(g)) continue;
      for (const h of hs) pairs.set(`${g},${h}`, [g, h]);
    }
  }
  return [...pairs.values()];
}

/** Union-find over group indexes. */
export class Merges {
  private readonly parent: number[];
  constructor(n: number) {
    this.parent = Array.from({ length: n }, (_, i) => i);
  }
  find(i: number): number {
    while (this.parent[i] !== i) i = this.parent[i] = this.parent[this.parent[i]];
    return i;
  }
  union(a: number, b: number): boolean {
    const x = this.find(a);
    const y = this.find(b);
    if (x === y) return false;
    this.parent[Math.max(x, y)] = Math.min(x, y);
    return true;
  }
  /** The sets of more than one group. */
  merged(): number[][] {
    const sets = new Map<number, number[]>();
    for (let i = 0; i < this.parent.length; i++) {
      const r = this.find(i);
      const s = sets.get(r);
      if (s) s.push(i);
      else sets.set(r, [i]);
    }
    return [...sets.values()].filter((s) => s.length > 1);
  }
}

/**
 * Groups that will pull in each other's files, merged before any is analysed (from the probes alone): a class,
 * struct or typedef name that a group's first-round files declare or define members of (`Name::`, `class Name`,
 * `} Name`), or a C store's `Prefix_`, that files of another provider can be pulled in by. Without this, providers
 * that share class names (copies of one template) would each pull in all the others and be analysed over and
 * over before the check merged them. Returns the sets of group indexes to merge.
 */
export function premerge(split: ProviderSplit, probes: ReadonlyMap<string, FileProbe>): number[][] {
  const groupOfKey = new Map<string, number>();
  split.groups.forEach((g, i) => groupOfKey.set(g.key, i));
  // name -> the groups whose provider directory holds a file that can be pulled in by it
  const holders = new Map<string, Set<number>>();
  for (const [file, probe] of probes) {
    const k = providerKey(split.common, file);
    const g = k === undefined ? undefined : groupOfKey.get(k);
    if (g === undefined) continue;
    for (const n of probe.names) {
      let s = holders.get(n);
      if (!s) holders.set(n, (s = new Set()));
      s.add(g);
    }
  }
  const merges = new Merges(split.groups.length);
  split.groups.forEach((g, i) => {
    for (const seed of g.seeds) {
      const probe = probes.get(seed);
      if (!probe) continue;
      // (Namespaces such as std, boost or detail are written in lower case; type names rarely are.)
      const pulled = [...probe.names.filter((n) => !n.endsWith('_') && n.length > 2 && !NOT_PROBED.test(n) && n !== n.toLowerCase()), ...(probe.logoffPrefixes ?? [])];
      for (const n of pulled) for (const h of holders.get(n) ?? []) if (h !== i) merges.union(i, h);
    }
  });
  return merges.merged();
}
