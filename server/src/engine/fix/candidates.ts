// Candidate fixes, one generator per rule. A candidate is only a proposal: the workspace applies it in
// memory, re-parses and re-simulates, and keeps it only if the finding is gone and nothing new appeared.
import type { SyntaxNode } from '../parse/parser';
import type { FunctionFact } from '../model/facts';
import type { ProviderModel, StoreModel } from '../model/model';
import { walk } from '../sim/interp';
import type { Finding, Loc } from '../types';
import { detectStyle, ifBlock, indentAt, insertAt, offsetAt, replaceSpan, type Style, type TextEdit } from './style';

export interface Candidate {
  title: string;
  edits: TextEdit[];
}

export interface FixContext {
  model: ProviderModel;
  store: StoreModel;
  text(file: string): string | undefined;
  root(file: string): SyntaxNode | undefined;
}

const NEW_FLAG = { cpp: 'm_fLogoffTransportsDone', c: 'fLogoffTransportsDone' };

export function candidatesFor(ctx: FixContext, finding: Finding): Candidate[] {
  try {
    switch (finding.ruleId) {
      case 'support-release-missing':
        return supportReleaseMissing(ctx, finding);
      case 'logoff-abort-missing':
        return logoffAbortMissing(ctx, finding);
      case 'logoff-transports-twice':
        return logoffTransportsTwice(ctx, finding);
      case 'logoff-transports-missing':
        return logoffTransportsMissing(ctx);
      case 'logoff-flags-not-forwarded':
        return logoffFlagsNotForwarded(ctx, finding);
      case 'storelogoff-transports-first':
        return storelogoffTransportsFirst(ctx, finding);
      case 'support-use-after-release':
        return supportUseAfterRelease(ctx, finding);
      default:
        return [];
    }
  } catch {
    return []; // a generator that trips over odd code offers nothing rather than something wrong
  }
}

// ---- shared helpers -----------------------------------------------------------------------------------

function nodeAt(ctx: FixContext, loc: Loc): SyntaxNode | undefined {
  return ctx.root(loc.file)?.descendantForPosition({ row: loc.range.startLine, column: loc.range.startCol });
}

/** The statement that holds `n`: the ancestor whose parent is a block (or a case). */
function statementOf(n: SyntaxNode | undefined | null): SyntaxNode | undefined {
  for (let cur = n; cur && cur.parent; cur = cur.parent) {
    const p = cur.parent.type;
    if ((p === 'compound_statement' || p === 'case_statement') && cur.type !== 'comment') return cur;
  }
  return undefined;
}

function functionAt(ctx: FixContext, loc: Loc): FunctionFact | undefined {
  const all: FunctionFact[] = [];
  for (const m of ctx.model.methods.values()) for (const defs of m.values()) all.push(...defs);
  for (const defs of ctx.model.freeFunctions.values()) all.push(...defs);
  return all.find((f) => {
    if (f.file !== loc.file) return false;
    const s = f.body.startPosition;
    const e = f.body.endPosition;
    const l = loc.range.startLine;
    return (l > s.row || (l === s.row && loc.range.startCol >= s.column)) && (l < e.row || (l === e.row && loc.range.startCol <= e.column));
  });
}

/** How code inside `fn` names a member of the store: `m_psup` in C++, `pims->psup` in C. */
function memberRef(ctx: FixContext, fn: FunctionFact | undefined, field: string): string | undefined {
  if (ctx.store.style === 'cpp-class') return field;
  const self = fn?.params.find((p) => ctx.model.pointsToStore(p.pointer ? `${p.type}*` : p.type, ctx.store));
  return self ? `${self.name}->${field}` : undefined;
}

function rawSupportField(ctx: FixContext): string | undefined {
  return ctx.store.supportMembers.find((m) => !m.smart)?.field.name ?? ctx.store.supportMembers[0]?.field.name;
}

function releaseCall(style: Style, expr: string, c = false): string {
  if (style.ulRelease) return `UlRelease(${expr});`;
  if (c && style.interfaceMacros) return `IMAPISupport_Release(${expr});`;
  if (c || style.vtblCalls) return `${expr}->lpVtbl->Release(${expr});`;
  return `${expr}->Release();`;
}

/** The call in the file's idiom; C has no member functions, so a C store always calls through the vtable. */
function transportsCall(style: Style, expr: string, arg: string, c = false): string {
  if (c && style.interfaceMacros) return `IMAPISupport_StoreLogoffTransports(${expr}, ${arg})`;
  if (c || style.vtblCalls) return `${expr}->lpVtbl->StoreLogoffTransports(${expr}, ${arg})`;
  return `${expr}->StoreLogoffTransports(${arg})`;
}

function nullLiteral(ctx: FixContext, text: string): string {
  return ctx.store.style === 'cpp-class' && /\bnullptr\b/.test(text) && !/\bNULL\b/.test(text) ? 'nullptr' : 'NULL';
}

/** Insert whole lines before the line that holds `stmt`. */
function linesBefore(file: string, text: string, stmt: SyntaxNode, block: string): TextEdit {
  const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  return insertAt(file, text, lineStart, block);
}

/** Insert whole lines after the line that ends `stmt`. */
function linesAfter(file: string, text: string, stmt: SyntaxNode, block: string): TextEdit {
  const nl = text.indexOf('\n', stmt.endIndex);
  return insertAt(file, text, nl < 0 ? text.length : nl + 1, block);
}

function stepLoc(f: Finding, kind: string, after = 0): Loc | undefined {
  return f.trace.slice(after).find((s) => s.kind === kind && s.loc)?.loc;
}

/** A member that records "StoreLogoffTransports was called": set in StoreLogoff (or its helpers) to a constant. */
interface DoneFlag {
  test: string; // condition that is true when NOT done yet
  set: string; // statement that marks it done
  field: string;
}

function findDoneFlag(ctx: FixContext, fn: FunctionFact | undefined): DoneFlag | undefined {
  const sl = ctx.store.storeLogoff;
  if (!sl) return undefined;
  let found: DoneFlag | undefined;
  walk(sl.body, (n) => {
    if (found || n.type !== 'assignment_expression') return !found;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const op = n.childForFieldName('operator')?.text;
    if (!left || !right) return true;
    const field = left.type === 'field_expression' ? left.childForFieldName('field')?.text : left.text;
    if (!field || !ctx.store.fields.has(field) || ctx.store.supportMembers.some((m) => m.field.name === field)) return true;
    const ref = memberRef(ctx, fn, field);
    if (!ref) return true;
    if (op === '=' && /^(TRUE|true|1)$/.test(right.text.trim())) found = { test: `!${ref}`, set: `${ref} = ${right.text.trim()};`, field };
    else if (op === '|=' && /^[A-Z_][A-Z0-9_]*$/.test(right.text.trim())) found = { test: `!(${ref} & ${right.text.trim()})`, set: `${ref} |= ${right.text.trim()};`, field };
    return true;
  });
  return found;
}

/** Add a BOOL member that records the call: declared in the class, initialised in every constructor. */
function addDoneFlag(ctx: FixContext): { flag: DoneFlag; edits: TextEdit[] } | undefined {
  if (ctx.store.style !== 'cpp-class') return undefined;
  const name = NEW_FLAG.cpp;
  if (ctx.store.fields.has(name)) return undefined;
  const cls = ctx.store.lineage[0];
  const text = ctx.text(cls.file);
  const support = ctx.store.supportMembers.find((m) => m.owner === cls.name);
  if (!text || !support) return undefined;
  const style = detectStyle(text);
  const edits: TextEdit[] = [];
  const declLine = text.lastIndexOf('\n', offsetAt(text, support.field.loc.range.startLine, 0) + text.slice(offsetAt(text, support.field.loc.range.startLine, 0)).indexOf('\n'));
  const declIndent = indentAt(text, offsetAt(text, support.field.loc.range.startLine, 0));
  const ctors = ctx.model.methods.get(cls.name)?.get(cls.name) ?? [];
  const inClassInit = ctors.length === 0;
  edits.push(insertAt(cls.file, text, declLine + 1, `${declIndent}BOOL ${name}${inClassInit ? ' = FALSE' : ''};${style.eol}`));
  for (const ctor of ctors) {
    const ctext = ctx.text(ctor.file);
    if (!ctext) return undefined;
    const cstyle = detectStyle(ctext);
    const list = ctor.body.parent?.namedChildren.find((c) => c.type === 'field_initializer_list');
    if (list) {
      edits.push(insertAt(ctor.file, ctext, list.endIndex, `, ${name}(FALSE)`));
    } else {
      const open = ctor.body.startIndex + 1;
      const first = ctor.body.namedChildren[0];
      const indent = first ? indentAt(ctext, first.startIndex) : indentAt(ctext, ctor.body.startIndex) + cstyle.unit;
      if (first && first.startPosition.row === ctor.body.startPosition.row) return undefined; // one-line body: leave it
      const nl = ctext.indexOf('\n', open);
      edits.push(insertAt(ctor.file, ctext, nl + 1, `${indent}${name} = FALSE;${cstyle.eol}`));
    }
  }
  return { flag: { test: `!${name}`, set: `${name} = TRUE;`, field: name }, edits };
}

/** Statement in StoreLogoff that calls StoreLogoffTransports. */
function storeLogoffTransportsStatement(ctx: FixContext): SyntaxNode | undefined {
  const sl = ctx.store.storeLogoff;
  if (!sl) return undefined;
  let call: SyntaxNode | undefined;
  walk(sl.body, (n) => {
    if (call) return false;
    if (n.type === 'call_expression' && /StoreLogoffTransports/.test(n.childForFieldName('function')?.text ?? '')) call = n;
    return true;
  });
  return call ? statementOf(call) : undefined;
}

/** Mark the flag done in StoreLogoff next to its StoreLogoffTransports call (before it when it is a return). */
function setFlagInStoreLogoff(ctx: FixContext, flag: DoneFlag): TextEdit | undefined {
  const sl = ctx.store.storeLogoff;
  const stmt = storeLogoffTransportsStatement(ctx);
  if (!sl || !stmt) return undefined;
  const text = ctx.text(sl.file)!;
  const style = detectStyle(text);
  const indent = indentAt(text, stmt.startIndex);
  const setLine = `${indent}${flag.set}${style.eol}`;
  return stmt.type === 'return_statement' ? linesBefore(sl.file, text, stmt, setLine) : linesAfter(sl.file, text, stmt, setLine);
}

// ---- rules ----------------------------------------------------------------------------------------------

function supportReleaseMissing(ctx: FixContext, f: Finding): Candidate[] {
  const field = rawSupportField(ctx);
  if (!field) return [];
  const out: Candidate[] = [];
  // Before the point where the store is destroyed on the failing path (delete this, MAPIFreeBuffer(pims)).
  const destroy = stepLoc(f, 'destroy');
  if (destroy) {
    const stmt = statementOf(nodeAt(ctx, destroy));
    const fn = functionAt(ctx, destroy);
    const text = ctx.text(destroy.file);
    const ref = memberRef(ctx, fn, field);
    if (stmt && text && ref) {
      const style = detectStyle(text);
      const indent = indentAt(text, stmt.startIndex);
      const block = ifBlock(style, indent, ref, [releaseCall(style, ref, ctx.store.style === 'c-vtable'), `${ref} = ${nullLiteral(ctx, text)};`]);
      out.push({ title: `Release the support object (${ref}) before the store is destroyed`, edits: [linesBefore(destroy.file, text, stmt, block)] });
    }
  }
  // In the destructor, where a C++ class releases what it holds.
  if (ctx.store.style === 'cpp-class') {
    const cls = ctx.store.lineage[0];
    const dtor = ctx.model.methods.get(cls.name)?.get(`~${cls.name}`)?.[0];
    const text = dtor && ctx.text(dtor.file);
    if (dtor && text) {
      const style = detectStyle(text);
      const first = dtor.body.namedChildren.find((c) => c.type !== 'comment');
      const closeLine = text.lastIndexOf('\n', dtor.body.endIndex - 1) + 1;
      const indent = first ? indentAt(text, first.startIndex) : indentAt(text, dtor.body.startIndex) + style.unit;
      if (dtor.body.startPosition.row !== dtor.body.endPosition.row) {
        const block = ifBlock(style, indent, field, [releaseCall(style, field), `${field} = ${nullLiteral(ctx, text)};`]);
        out.push({ title: `Release the support object (${field}) in the destructor`, edits: [insertAt(dtor.file, text, closeLine, block)] });
      }
    }
  }
  return out;
}

function abortBlock(ctx: FixContext, style: Style, indent: string, flag: DoneFlag, supportRef: string): string {
  return ifBlock(style, indent, flag.test, [`ULONG ulLogoffFlags = LOGOFF_ABORT;`, `${transportsCall(style, supportRef, '&ulLogoffFlags', ctx.store.style === 'c-vtable')};`, flag.set]);
}

function logoffAbortMissing(ctx: FixContext, f: Finding): Candidate[] {
  const out: Candidate[] = [];
  // Deferred design: the saved-flags member starts as LOGOFF_ABORT.
  const deferred = deferredFlagsInit(ctx);
  if (deferred) out.push(deferred);
  // Eager design: the final release calls StoreLogoffTransports(LOGOFF_ABORT) when StoreLogoff did not.
  const field = rawSupportField(ctx);
  const finalEntry = f.trace.map((s) => s.kind === 'scenario' && /the last reference/.test(s.message)).lastIndexOf(true);
  const anchor = stepLoc(f, 'release', Math.max(0, finalEntry)) ?? stepLoc(f, 'destroy', Math.max(0, finalEntry));
  if (!field || !anchor) return out;
  const stmt = statementOf(nodeAt(ctx, anchor));
  const fn = functionAt(ctx, anchor);
  const text = ctx.text(anchor.file);
  const ref = memberRef(ctx, fn, field);
  if (!stmt || !text || !ref) return out;
  const style = detectStyle(text);
  const indent = indentAt(text, stmt.startIndex);
  const existing = findDoneFlag(ctx, fn);
  if (existing) {
    out.push({ title: `Call StoreLogoffTransports(LOGOFF_ABORT) in the final release when StoreLogoff did not (${existing.field})`, edits: [linesBefore(anchor.file, text, stmt, abortBlock(ctx, style, indent, existing, ref))] });
    return out;
  }
  const added = addDoneFlag(ctx);
  if (!added) return out;
  const set = setFlagInStoreLogoff(ctx, added.flag);
  if (!set) return out;
  out.push({
    title: `Record StoreLogoffTransports in ${added.flag.field} and call it with LOGOFF_ABORT in the final release`,
    edits: [...added.edits, set, linesBefore(anchor.file, text, stmt, abortBlock(ctx, style, indent, added.flag, ref))],
  });
  return out;
}

/** Deferred design: `m_ulLogoffFlags = *lpulFlags` in StoreLogoff; its initial value becomes LOGOFF_ABORT. */
function deferredFlagsInit(ctx: FixContext): Candidate | undefined {
  const sl = ctx.store.storeLogoff;
  if (!sl) return undefined;
  const param = sl.params[ctx.store.style === 'c-vtable' ? 1 : 0]?.name;
  let saved: string | undefined;
  walk(sl.body, (n) => {
    if (saved || n.type !== 'assignment_expression') return !saved;
    const right = n.childForFieldName('right')?.text.replace(/\s+/g, '');
    const left = n.childForFieldName('left');
    if (param && right === `*${param}` && left) saved = left.type === 'field_expression' ? left.childForFieldName('field')?.text : left.text;
    return true;
  });
  if (!saved || !ctx.store.fields.has(saved)) return undefined;
  // Find where it is initialised: a constructor's member initialiser, or an assignment in the creating code.
  for (const cls of ctx.store.lineage) {
    for (const ctor of ctx.model.methods.get(cls.name)?.get(cls.name) ?? []) {
      const init = ctor.initializers.find((i) => i.field === saved);
      const text = ctx.text(ctor.file);
      if (init?.value && text) return { title: `Start ${saved} as LOGOFF_ABORT`, edits: [replaceSpan(ctor.file, text, init.value.startIndex, init.value.endIndex, 'LOGOFF_ABORT')] };
    }
  }
  for (const defs of ctx.model.freeFunctions.values()) {
    for (const fn of defs) {
      if (fn === sl || fn === ctx.store.release) continue;
      let value: SyntaxNode | undefined;
      walk(fn.body, (n) => {
        if (value || n.type !== 'assignment_expression') return !value;
        const left = n.childForFieldName('left');
        if (left?.type === 'field_expression' && left.childForFieldName('field')?.text === saved && n.childForFieldName('operator')?.text === '=') value = n.childForFieldName('right') ?? undefined;
        return true;
      });
      const text = ctx.text(fn.file);
      if (value && text) return { title: `Start ${saved} as LOGOFF_ABORT`, edits: [replaceSpan(fn.file, text, value.startIndex, value.endIndex, 'LOGOFF_ABORT')] };
    }
  }
  return undefined;
}

function logoffTransportsTwice(ctx: FixContext, f: Finding): Candidate[] {
  const second = statementOf(nodeAt(ctx, f.loc));
  const text = ctx.text(f.loc.file);
  if (!second || !text) return [];
  const fn = functionAt(ctx, f.loc);
  const style = detectStyle(text);
  const indent = indentAt(text, second.startIndex);
  const guard = (flag: DoneFlag): TextEdit => {
    const body = text.slice(second.startIndex, second.endIndex).split(/\r?\n/).map((l, i) => (i === 0 ? l : l.replace(new RegExp(`^${indent}`), '')));
    const block = ifBlock(style, indent, flag.test, [...body, ...(second.text.includes(flag.set.replace(/;$/, '')) ? [] : [flag.set])]).replace(new RegExp(`${style.eol}$`), '');
    return replaceSpan(f.loc.file, text, second.startIndex - indent.length, second.endIndex, block);
  };
  const out: Candidate[] = [];
  const existing = findDoneFlag(ctx, fn);
  if (existing) {
    out.push({ title: `Call StoreLogoffTransports only when ${existing.field} says it has not run`, edits: [guard(existing)] });
    // The flag may be set only on some paths of StoreLogoff (on success): set it next to the call instead.
    const set = setFlagInStoreLogoff(ctx, existing);
    if (set) out.push({ title: `Record the call in ${existing.field} on every path of StoreLogoff`, edits: [set] });
    return out;
  }
  const added = addDoneFlag(ctx);
  const set = added && setFlagInStoreLogoff(ctx, added.flag);
  if (added && set) out.push({ title: `Record StoreLogoffTransports in ${added.flag.field} and call it only once`, edits: [...added.edits, set, guard(added.flag)] });
  return out;
}

function logoffTransportsMissing(ctx: FixContext): Candidate[] {
  const sl = ctx.store.storeLogoff;
  const field = rawSupportField(ctx);
  const text = sl && ctx.text(sl.file);
  if (!sl || !field || !text) return [];
  const param = sl.params[ctx.store.style === 'c-vtable' ? 1 : 0]?.name;
  const ref = memberRef(ctx, sl, field);
  if (!param || !ref) return [];
  const style = detectStyle(text);
  const first = sl.body.namedChildren.find((c) => c.type !== 'comment');
  if (!first) return [];
  const indent = indentAt(text, first.startIndex);
  const flag = findDoneFlag(ctx, sl);
  const lines = [`${indent}${transportsCall(style, ref, param, ctx.store.style === 'c-vtable')};${style.eol}`];
  if (flag) {
    // The done flag is set somewhere in StoreLogoff already; call right where it is set.
    return [{ title: `Call StoreLogoffTransports(${param}) in StoreLogoff`, edits: [linesBefore(sl.file, text, first, lines.join(''))] }];
  }
  return [{ title: `Call StoreLogoffTransports(${param}) in StoreLogoff`, edits: [linesBefore(sl.file, text, first, lines.join(''))] }];
}

function logoffFlagsNotForwarded(ctx: FixContext, f: Finding): Candidate[] {
  const sl = ctx.store.storeLogoff;
  const text = sl && ctx.text(sl.file);
  if (!sl || !text) return [];
  const param = sl.params[ctx.store.style === 'c-vtable' ? 1 : 0]?.name;
  if (!param) return [];
  const out: Candidate[] = [];
  // StoreLogoff calls StoreLogoffTransports with something else: pass the caller's flags.
  const stmt = storeLogoffTransportsStatement(ctx);
  if (stmt) {
    let call: SyntaxNode | undefined;
    walk(stmt, (n) => {
      if (!call && n.type === 'call_expression' && /StoreLogoffTransports/.test(n.childForFieldName('function')?.text ?? '')) call = n;
      return !call;
    });
    const args = call?.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
    const flagsArg = args[style(ctx, text).vtblCalls || /lpVtbl/.test(call?.text ?? '') ? 1 : 0] ?? args[args.length - 1];
    if (flagsArg) out.push({ title: `Pass the caller's flags (${param}) to StoreLogoffTransports`, edits: [replaceSpan(sl.file, text, flagsArg.startIndex, flagsArg.endIndex, param)] });
  }
  // Deferred design: the final release calls it with a member that StoreLogoff never fills.
  const call = f.trace.find((s) => s.kind === 'call' && /StoreLogoffTransports/.test(s.message) && s.loc)?.loc;
  const node = call && nodeAt(ctx, call);
  let callNode = node;
  while (callNode && callNode.type !== 'call_expression') callNode = callNode.parent ?? undefined;
  const argText = callNode?.childForFieldName('arguments')?.namedChildren.map((a) => a.text.replace(/\s+/g, '')) ?? [];
  const member = [...ctx.store.fields.keys()].find((m) => argText.some((a) => a === `&${m}` || a.endsWith(`->${m}`) || a === `&this->${m}`));
  const first = sl.body.namedChildren.find((c) => c.type !== 'comment');
  const ref = member && memberRef(ctx, sl, member);
  if (!stmt && member && first && ref) {
    const indent = indentAt(text, first.startIndex);
    out.push({ title: `Save the caller's flags in ${member}`, edits: [linesBefore(sl.file, text, first, `${indent}${ref} = *${param};${style(ctx, text).eol}`)] });
  }
  return out;
}

function style(_ctx: FixContext, text: string): Style {
  return detectStyle(text);
}

function storelogoffTransportsFirst(ctx: FixContext, f: Finding): Candidate[] {
  const sl = ctx.store.storeLogoff;
  const text = sl && ctx.text(sl.file);
  const transports = storeLogoffTransportsStatement(ctx);
  const other = nodeAt(ctx, f.loc);
  if (!sl || !text || !transports || !other) return [];
  // The statement of the early call that sits in the same block as the StoreLogoffTransports statement.
  let early: SyntaxNode | undefined;
  for (let cur: SyntaxNode | null = other; cur; cur = cur.parent) {
    if (cur.parent && transports.parent && cur.parent.id === transports.parent.id) {
      early = cur;
      break;
    }
  }
  if (!early || early.startIndex >= transports.startIndex) return [];
  const st = detectStyle(text);
  const indent = indentAt(text, early.startIndex);
  const lineStart = text.lastIndexOf('\n', transports.startIndex - 1) + 1;
  const lineEnd = text.indexOf('\n', transports.endIndex);
  if (text.slice(lineStart, transports.startIndex).trim() || text.slice(transports.endIndex, lineEnd < 0 ? text.length : lineEnd).trim().replace(/^\/\/.*$/, '')) return [];
  if (transports.type === 'return_statement') {
    const expr = transports.namedChildren.find((c) => c.type !== 'comment');
    if (!expr) return [];
    return [
      {
        title: 'Call StoreLogoffTransports first in StoreLogoff',
        edits: [
          linesBefore(sl.file, text, early, `${indent}HRESULT hrLogoff = ${expr.text};${st.eol}`),
          replaceSpan(sl.file, text, expr.startIndex, expr.endIndex, 'hrLogoff'),
        ],
      },
    ];
  }
  const moved = text.slice(lineStart, lineEnd < 0 ? text.length : lineEnd + 1);
  const reindented = moved.replace(/^[ \t]*/, indent);
  return [
    {
      title: 'Call StoreLogoffTransports first in StoreLogoff',
      edits: [linesBefore(sl.file, text, early, reindented.endsWith('\n') ? reindented : reindented + st.eol), replaceSpan(sl.file, text, lineStart, lineEnd < 0 ? text.length : lineEnd + 1, '')],
    },
  ];
}

function supportUseAfterRelease(ctx: FixContext, f: Finding): Candidate[] {
  // Move the release to just after the use that came too late (which puts it in the final branch when the
  // use is there), keeping the release statement's own text.
  const releaseLoc = stepLoc(f, 'release');
  if (!releaseLoc || releaseLoc.file !== f.loc.file) return [];
  const text = ctx.text(f.loc.file);
  const rel = statementOf(nodeAt(ctx, releaseLoc));
  const use = statementOf(nodeAt(ctx, f.loc));
  if (!text || !rel || !use || rel.id === use.id) return [];
  if (use.startIndex >= rel.startIndex && use.endIndex <= rel.endIndex) return [];
  const lineStart = text.lastIndexOf('\n', rel.startIndex - 1) + 1;
  const lineEnd = text.indexOf('\n', rel.endIndex);
  if (text.slice(lineStart, rel.startIndex).trim()) return [];
  const end = lineEnd < 0 ? text.length : lineEnd + 1;
  const tail = text.slice(rel.endIndex, end);
  const moved = text.slice(lineStart, end);
  // Take the `p = NULL;` that follows the release along with it.
  let extraEnd = end;
  const next = rel.nextNamedSibling;
  if (next && /=\s*(NULL|nullptr|0)\s*;$/.test(next.text) && text.slice(end, next.startIndex).trim() === '') {
    const nl = text.indexOf('\n', next.endIndex);
    extraEnd = nl < 0 ? text.length : nl + 1;
  }
  const block = text.slice(lineStart, extraEnd);
  const indent = indentAt(text, use.startIndex);
  const reindented = block
    .split(/(?<=\n)/)
    .map((l) => l.replace(/^[ \t]*/, indent))
    .join('');
  void moved;
  void tail;
  const useEndLine = text.indexOf('\n', use.endIndex);
  const insertOffset = useEndLine < 0 ? text.length : useEndLine + 1;
  if (insertOffset > lineStart && insertOffset < extraEnd) return [];
  return [
    {
      title: 'Release the support object after its last use',
      edits: [replaceSpan(f.loc.file, text, lineStart, extraEnd, ''), insertAt(f.loc.file, text, insertOffset, reindented)],
    },
  ];
}
