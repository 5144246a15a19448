// Finding the code a fix edits: the function that holds a place, the statement there with the block around
// it, and the user's own text of a statement (a fix never edits what a macro produced).
import type { Expr, Stmt } from '../ir/types';
import { walkStmt } from '../ir/walk';
import type { FnDef, Program } from '../model/program';
import type { Loc } from '../types';
import type { FileUnit } from '../unit';

/** The preprocessed offset of a place in the user's text (undefined when a macro produced it). */
export function preOffset(unit: FileUnit, loc: Loc): number | undefined {
  const orig = unit.lines.offset(loc.range.startLine, loc.range.startCol);
  let out = unit.pre.map.toOutput(orig);
  if (out === undefined) return undefined;
  // A macro's expansion may start with the space that separates it from what comes before.
  const text = unit.parsed.text;
  while (out < text.length && (text[out] === ' ' || text[out] === '\t')) out++;
  return out;
}

/** The function whose body holds the place. */
export function functionAt(program: Program, loc: Loc): FnDef | undefined {
  const unit = program.units.find((u) => u.path === loc.file);
  if (!unit) return undefined;
  const off = preOffset(unit, loc);
  if (off === undefined) return undefined;
  let best: FnDef | undefined;
  for (const f of program.allFunctions) {
    if (f.unit !== unit || !f.ir.body || f.ir.isLambda) continue;
    if (off >= f.ir.body.s && off <= f.ir.body.e && (!best || f.ir.body.s >= best.ir.body!.s)) best = f;
  }
  return best;
}

export interface StmtAt {
  stmt: Stmt;
  /** The block that holds it and its index there (undefined for a brace-less body). */
  block?: Stmt & { k: 'block' };
  index: number;
  /** Statements around it, outermost first (the function body first). */
  ancestors: Stmt[];
}

/** The innermost statement of a block list that contains a preprocessed offset. */
export function statementAt(body: Stmt & { k: 'block' }, off: number): StmtAt | undefined {
  let found: StmtAt | undefined;
  const visit = (s: Stmt, block: (Stmt & { k: 'block' }) | undefined, index: number, ancestors: Stmt[]): void => {
    if (off < s.s || off > s.e) return;
    if (s.k !== 'block') found = { stmt: s, block, index, ancestors };
    const inner = [...ancestors, s];
    for (const { child, blk, i } of children(s)) visit(child, blk, i, inner);
  };
  body.body.forEach((s, i) => visit(s, body, i, [body]));
  return found;
}

function children(s: Stmt): { child: Stmt; blk?: Stmt & { k: 'block' }; i: number }[] {
  switch (s.k) {
    case 'block':
      return s.body.map((c, i) => ({ child: c, blk: s, i }));
    case 'if':
      return [{ child: s.then, i: 0 }, ...(s.else ? [{ child: s.else, i: 0 }] : [])].map((x) => (x.child.k === 'block' ? { child: x.child, i: 0 } : x));
    case 'while':
    case 'do':
    case 'for':
    case 'range':
    case 'switch':
      return [{ child: s.body, i: 0 }];
    case 'case':
      return s.body.map((c, i) => ({ child: c, i }));
    case 'label':
      return s.body ? [{ child: s.body, i: 0 }] : [];
    case 'try':
      return [{ child: s.body, i: 0 }];
    default:
      return [];
  }
}

/** The user's own text range of [s, e) of the preprocessed text, or undefined if a macro made any of it. */
export function userRange(unit: FileUnit, s: number, e: number): { start: number; end: number } | undefined {
  return unit.pre.map.verbatim(s, e);
}

/** Every call in a function body, with the callee's name. */
export function callsIn(body: Stmt, pred: (e: Expr & { k: 'call' }, name: string | undefined) => boolean): (Expr & { k: 'call' })[] {
  const out: (Expr & { k: 'call' })[] = [];
  walkStmt(body, (e) => {
    if (e.k === 'call') {
      const f = e.fn;
      const name = f.k === 'id' || f.k === 'qid' || f.k === 'field' || f.k === 'tmpl' ? f.name : undefined;
      if (pred(e, name)) out.push(e);
    }
    return true;
  });
  return out;
}

/** The top-level statements of a function body and their kinds, for placing an insertion. */
export function topStatements(fn: FnDef): Stmt[] {
  return fn.ir.body?.body ?? [];
}
