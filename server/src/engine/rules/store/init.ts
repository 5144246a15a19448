// Changing the value a member of the store starts with: in every constructor (its initializer list, an
// assignment in its body, or the default member initializer), or where C code creates the struct.
import { walkStmt } from '../../ir/walk';
import type { TextEdit } from '../../fix/fix';
import { replaceSpan } from '../../fix/style';
import { userRange } from '../../fix/locate';
import { StoreFix } from './fix';

export function initialValueEdit(f: StoreFix, member: string, value: string): TextEdit[] | undefined {
  const program = f.ctx.program;
  const edits: TextEdit[] = [];
  if (f.cpp) {
    const cls = f.ctx.object.cls!;
    const owner = program.fieldsOf(cls).get(member)?.owner ?? cls;
    const ctors = (owner.methods.get(owner.name) ?? []).filter((d) => d.ir.isCtor && d.ir.body && !d.ir.isDefaulted);
    const field = owner.ir.fields.find((x) => x.name === member);
    if (!ctors.length) {
      if (!field) return undefined;
      if (field.init) {
        const r = userRange(owner.unit, field.init.s, field.init.e);
        return r ? [replaceSpan(owner.unit.path, owner.unit.text, r.start, r.end, value)] : undefined;
      }
      return undefined;
    }
    for (const c of ctors) {
      const init = c.ir.ctorInits.find((i) => i.name === member);
      if (init) {
        const a = init.args[0];
        const r = a ? userRange(c.unit, a.s, a.e) : undefined;
        if (!r) return undefined;
        edits.push(replaceSpan(c.unit.path, c.unit.text, r.start, r.end, value));
        continue;
      }
      let assigned = false;
      walkStmt(c.ir.body!, (e) => {
        if (!assigned && e.k === 'assign' && e.op === '=' && f.memberName(e.l, c) === member) {
          const r = userRange(c.unit, e.r.s, e.r.e);
          if (r) {
            edits.push(replaceSpan(c.unit.path, c.unit.text, r.start, r.end, value));
            assigned = true;
          }
        }
        return !assigned;
      });
      if (assigned) continue;
      const e = f.atBodyStartEdit(c, [`${member} = ${value};`]);
      if (!e) return undefined;
      edits.push(e);
    }
    return edits;
  }
  const v = f.vtableAssignment();
  if (!v) return undefined;
  let done = false;
  walkStmt(v.fn.ir.body!, (e) => {
    if (!done && e.k === 'assign' && e.op === '=' && e.l.k === 'field' && e.l.name === member) {
      const r = userRange(v.fn.unit, e.r.s, e.r.e);
      if (r) {
        edits.push(replaceSpan(v.fn.unit.path, v.fn.unit.text, r.start, r.end, value));
        done = true;
      }
    }
    return !done;
  });
  if (done) return edits;
  const e = f.insertAfter(v.fn.unit, v.at.stmt, StoreFix.stmts([`${v.target}->${member} = ${value};`]));
  return e ? [e] : undefined;
}
