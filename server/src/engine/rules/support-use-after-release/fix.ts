// The fix of support-use-after-release. Released in a Release that is not the last: the release moves to
// the final branch, before the store is destroyed. Used after the release: the release (with the statement
// that forgets the pointer) moves after the use, in the block the release is in. Released twice: the first
// release forgets the pointer, and the second happens only while there is one.
import type { FixCandidate, FixProvider } from '../../fix/fix';
import { insertAt, replaceSpan } from '../../fix/style';
import { StoreFix } from '../store/fix';
import { statementAt } from '../../fix/locate';

export const supportUseAfterReleaseFix: FixProvider = {
  candidates(ctx) {
    const f = new StoreFix(ctx);
    const m = f.support();
    if (!m) return [];
    const out: FixCandidate[] = [];
    const ev = ctx.events;
    const hitIndex = lastIndex(ev, (e) => !!e.loc && e.loc.file === ctx.loc.file && e.loc.range.startLine === ctx.loc.range.startLine && /^support-/.test(e.kind));
    if (hitIndex < 0) return out;
    const hit = ev[hitIndex];
    const second = f.stmtAt(hit.loc);
    if (!second) return out;
    const onLine = ev.filter((e) => e.loc && e.loc.file === ctx.loc.file && e.loc.range.startLine === ctx.loc.range.startLine);
    if (onLine.some((e) => e.kind === 'support-release' && e.data?.entry === 'Release' && e.data?.final === false)) {
      // Premature: the release goes right before `delete this` of the same function (inside its branch).
      const del = deleteThisStmt(f, second.fn);
      if (!del || !second.fn.ir.body) return out;
      const moved = f.withNulling(second.fn.unit, second.at, m.name, second.fn);
      const delAt = statementAt(second.fn.ir.body, del.s);
      if (!moved || !delAt) return out;
      const u = second.fn.unit;
      const lines = moved.text.split(/\r?\n/).map((x) => x.trim()).filter(Boolean);
      const ins = f.insertBefore(u, del, StoreFix.stmts(lines), delAt);
      if (ins) out.push({ title: 'Release the support object only in the last Release', edits: [ins, replaceSpan(u.path, u.text, moved.start, moved.end, '')] });
      return out;
    }
    const firstIndex = lastIndex(ev.slice(0, hitIndex), (e) => e.kind === 'support-release' && !!e.loc);
    const first = f.stmtAt(ev[firstIndex]?.loc);
    if (!first) return out;
    if (hit.kind !== 'support-release' && first.fn === second.fn && first.at.block) {
      // The use, lifted to the release's block, must come after it there.
      const blk = first.at.block;
      const use = [...second.at.ancestors, second.at.stmt].find((s) => blk.body.includes(s));
      const moved = f.withNulling(first.fn.unit, first.at, m.name, first.fn);
      const after = use ? f.lines(first.fn.unit, use) : undefined;
      if (use && moved && after && blk.body.indexOf(use) > first.at.index && !StoreFix.crossesLock(blk.body, first.at.index, blk.body.indexOf(use))) {
        const u = first.fn.unit;
        out.push({ title: 'Release the support object after its last use', edits: [insertAt(u.path, u.text, after.end, reindent(moved.text, u.text, after.start)), replaceSpan(u.path, u.text, moved.start, moved.end, '')] });
      }
    }
    const r1 = f.ref(first.fn, m.name);
    const r2 = f.ref(second.fn, m.name);
    if (!r1 || !r2 || m.holder) return out;
    const nullIt = f.insertAfter(first.fn.unit, first.at.stmt, StoreFix.stmts([`${r1} = ${f.nullLit(first.fn.unit)};`]));
    if (hit.kind === 'support-release' && nullIt) {
      out.push({ title: `Forget the support object (${m.name} = NULL) after releasing it`, edits: [nullIt] });
      const guard = first.at.stmt !== second.at.stmt ? f.wrap(second.fn.unit, second.at.stmt, r2, []) : undefined;
      if (guard) out.push({ title: 'Release the support object only once', edits: [nullIt, guard] });
    }
    return out;
  },
};

function lastIndex<T>(a: readonly T[], pred: (x: T) => boolean): number {
  for (let i = a.length - 1; i >= 0; i--) if (pred(a[i])) return i;
  return -1;
}

function deleteThisStmt(f: StoreFix, fn: import('../../model/program').FnDef) {
  let found: import('../../ir/types').Stmt | undefined;
  const visit = (s: import('../../ir/types').Stmt): void => {
    if (found) return;
    if (s.k === 'expr' && s.e0.k === 'delete' && s.e0.arg.k === 'this') found = s;
    if (s.k === 'block') s.body.forEach(visit);
    if (s.k === 'if') {
      visit(s.then);
      if (s.else) visit(s.else);
    }
  };
  if (fn.ir.body) visit(fn.ir.body);
  void f;
  return found;
}

/** Lines moved to another place take the indentation of the line they go before. */
function reindent(lines: string, text: string, at: number): string {
  const target = /^[ \t]*/.exec(text.slice(text.lastIndexOf('\n', at - 1) + 1))![0];
  const own = /^[ \t]*/.exec(lines)![0];
  return lines
    .split(/(?<=\n)/)
    .map((l) => (l.startsWith(own) ? target + l.slice(own.length) : l))
    .join('');
}
