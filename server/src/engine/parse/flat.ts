// The syntax tree copied out of tree-sitter in one cursor walk into plain arrays. Reading a node's type,
// offsets or children through the native binding costs a call across into C++ each time; the lowering
// (lower.ts) reads every node several times, so it reads these arrays instead.
import type { Tree } from './treesitter';

export const NONE = -1;

export class FlatTree {
  count = 0;
  type: Uint16Array;
  start: Int32Array;
  end: Int32Array;
  field: Uint16Array;
  first: Int32Array;
  next: Int32Array;
  /** 1: named, 2: ERROR node, 4: MISSING node. */
  flags: Uint8Array;

  constructor(
    readonly text: string,
    readonly typeNames: string[],
    readonly fieldNames: string[],
    capacity: number,
  ) {
    this.type = new Uint16Array(capacity);
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.field = new Uint16Array(capacity);
    this.first = new Int32Array(capacity);
    this.next = new Int32Array(capacity);
    this.flags = new Uint8Array(capacity);
  }

  grow(): void {
    const cap = this.type.length * 2;
    const g = <T extends Uint16Array | Int32Array | Uint8Array>(a: T, ctor: new (n: number) => T): T => {
      const b = new ctor(cap);
      b.set(a);
      return b;
    };
    this.type = g(this.type, Uint16Array);
    this.start = g(this.start, Int32Array);
    this.end = g(this.end, Int32Array);
    this.field = g(this.field, Uint16Array);
    this.first = g(this.first, Int32Array);
    this.next = g(this.next, Int32Array);
    this.flags = g(this.flags, Uint8Array);
  }

  typeOf(n: number): string {
    return this.typeNames[this.type[n]];
  }

  fieldOf(n: number): string | undefined {
    return this.field[n] ? this.fieldNames[this.field[n]] : undefined;
  }

  textOf(n: number): string {
    return this.text.slice(this.start[n], this.end[n]);
  }

  isNamed(n: number): boolean {
    return (this.flags[n] & 1) !== 0;
  }

  isError(n: number): boolean {
    return (this.flags[n] & 6) !== 0;
  }

  /** The first child in field `name`. */
  child(n: number, name: string): number {
    for (let c = this.first[n]; c !== NONE; c = this.next[c]) if (this.field[c] && this.fieldNames[this.field[c]] === name) return c;
    return NONE;
  }

  /** Every child in field `name`. */
  children(n: number, name: string): number[] {
    const out: number[] = [];
    for (let c = this.first[n]; c !== NONE; c = this.next[c]) if (this.field[c] && this.fieldNames[this.field[c]] === name) out.push(c);
    return out;
  }

  /** Named children that are not comments. */
  named(n: number): number[] {
    const out: number[] = [];
    for (let c = this.first[n]; c !== NONE; c = this.next[c]) if (this.flags[c] & 1 && this.typeNames[this.type[c]] !== 'comment') out.push(c);
    return out;
  }

  /** Every child, anonymous ones included. */
  all(n: number): number[] {
    const out: number[] = [];
    for (let c = this.first[n]; c !== NONE; c = this.next[c]) out.push(c);
    return out;
  }

  /** Whether any node of the subtree is an ERROR or MISSING node. */
  hasError(n: number): boolean {
    const stack = [n];
    while (stack.length) {
      const x = stack.pop()!;
      if (this.flags[x] & 6) return true;
      for (let c = this.first[x]; c !== NONE; c = this.next[c]) stack.push(c);
    }
    return false;
  }
}

/**
 * Node type and field names by id, per grammar (ids differ between grammars), and each type's flags: a node
 * type id is tree-sitter's public symbol, and whether a node is named is a property of its symbol (an alias's
 * or its own), so it is read once per type; so is being an ERROR node. Only MISSING is per node, and a
 * MISSING node is always empty: it is asked of empty nodes only.
 */
const caches = new Map<string, { types: string[]; fields: string[]; typeFlags: number[] }>();

export function flatten(tree: Tree, text: string, grammar: string): FlatTree {
  let cache = caches.get(grammar);
  if (!cache) caches.set(grammar, (cache = { types: [], fields: [''], typeFlags: [] }));
  const typeNameCache = cache.types;
  const fieldNameCache = cache.fields;
  const typeFlags = cache.typeFlags;
  const flat = new FlatTree(text, typeNameCache, fieldNameCache, Math.max(64, (text.length >> 2) + 16));
  const cursor = tree.walk();
  const parents: number[] = [];
  const lastChild: number[] = [];
  for (;;) {
    if (flat.count >= flat.type.length) flat.grow();
    const i = flat.count++;
    const tid = cursor.nodeTypeId;
    let fl = typeFlags[tid];
    if (fl === undefined) {
      if (typeNameCache[tid] === undefined) typeNameCache[tid] = cursor.nodeType;
      typeFlags[tid] = fl = (cursor.nodeIsNamed ? 1 : 0) | (typeNameCache[tid] === 'ERROR' ? 2 : 0);
    }
    flat.type[i] = tid;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    flat.start[i] = start;
    flat.end[i] = end;
    const fid = cursor.currentFieldId;
    if (fid) {
      if (fieldNameCache[fid] === undefined) fieldNameCache[fid] = cursor.currentFieldName;
      flat.field[i] = fid;
    }
    flat.flags[i] = start === end && cursor.nodeIsMissing ? fl | 4 : fl;
    flat.first[i] = NONE;
    flat.next[i] = NONE;
    const parent = parents.length ? parents[parents.length - 1] : NONE;
    if (parent !== NONE) {
      const last = lastChild[lastChild.length - 1];
      if (last === NONE) flat.first[parent] = i;
      else flat.next[last] = i;
      lastChild[lastChild.length - 1] = i;
    }
    if (cursor.gotoFirstChild()) {
      parents.push(i);
      lastChild.push(NONE);
      continue;
    }
    // Climb until a next sibling exists; its parent's last child is updated by the loop above.
    let moved = cursor.gotoNextSibling();
    while (!moved) {
      if (!cursor.gotoParent()) return flat;
      parents.pop();
      lastChild.pop();
      moved = cursor.gotoNextSibling();
    }
  }
}
