// What the simulation of one store looked up by name in the provider model, and what it got. The workspace keeps
// a store's result while its own files are unchanged *and* these lookups still give the same answers: an edit
// to a helper function, a #define or a constant in another file makes the store be simulated again.
import type { FunctionFact } from '../model/facts';
import { locKey } from '../model/loc';
import type { ProviderModel, StoreModel } from '../model/model';

export type Dep =
  | { k: 'constant'; name: string; file: string | undefined; v: number | undefined }
  | { k: 'define'; name: string; text: string | undefined }
  | { k: 'macro'; name: string; has: boolean }
  | { k: 'free'; name: string; file: string | undefined; at: string | undefined }
  | { k: 'dir'; dir: string; at: string }
  | { k: 'points'; type: string; yes: boolean };

const fnKey = (f: FunctionFact | undefined): string | undefined => (f ? locKey(f.loc) : undefined);

/** The model's by-name lookups, recorded. */
export class Lookups {
  readonly deps: Dep[] = [];
  private readonly seen = new Set<string>();
  /** Files whose definitions answered a lookup: their versions belong to the cached result's fingerprint. */
  readonly files = new Set<string>();

  constructor(private readonly model: ProviderModel) {}

  private note(key: string, dep: Dep): void {
    if (this.seen.has(key)) return;
    this.seen.add(key);
    this.deps.push(dep);
  }

  constantNear(name: string, file: string | undefined): number | undefined {
    const v = this.model.constantNear(name, file);
    this.note(`c\0${name}\0${file}`, { k: 'constant', name, file, v });
    return v;
  }

  define(name: string): string | undefined {
    const text = this.model.defines.get(name);
    this.note(`d\0${name}`, { k: 'define', name, text });
    return text;
  }

  hasMacro(name: string): boolean {
    const has = this.model.macros.has(name);
    this.note(`m\0${name}`, { k: 'macro', name, has });
    return has;
  }

  freeNear(name: string, file: string | undefined): FunctionFact | undefined {
    const fn = this.model.freeNear(name, file);
    if (fn) this.files.add(fn.file);
    this.note(`f\0${name}\0${file}`, { k: 'free', name, file, at: fnKey(fn) });
    return fn;
  }

  functionsIn(dir: string): readonly FunctionFact[] {
    const fns = this.model.functionsIn(dir);
    for (const f of fns) this.files.add(f.file);
    this.note(`i\0${dir}`, { k: 'dir', dir, at: fns.map((f) => fnKey(f)).join('|') });
    return fns;
  }

  pointsToStore(type: string, store: StoreModel): boolean {
    const yes = this.model.pointsToStore(type, store);
    this.note(`p\0${type}`, { k: 'points', type, yes });
    return yes;
  }
}

/** Whether every recorded lookup gives the same answer in `model` (for the same store). */
export function lookupsHold(deps: readonly Dep[], model: ProviderModel, store: StoreModel): boolean {
  for (const d of deps) {
    switch (d.k) {
      case 'constant':
        if (model.constantNear(d.name, d.file) !== d.v) return false;
        break;
      case 'define':
        if (model.defines.get(d.name) !== d.text) return false;
        break;
      case 'macro':
        if (model.macros.has(d.name) !== d.has) return false;
        break;
      case 'free':
        if (fnKey(model.freeNear(d.name, d.file)) !== d.at) return false;
        break;
      case 'dir':
        if (model.functionsIn(d.dir).map((f) => fnKey(f)).join('|') !== d.at) return false;
        break;
      case 'points':
        if (model.pointsToStore(d.type, store) !== d.yes) return false;
        break;
    }
  }
  return true;
}
