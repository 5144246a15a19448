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
        return logoffTransportsMissing(ctx, finding);
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
const STATEMENT_PARENTS = new Set(['compound_statement', 'case_statement', 'labeled_statement']);

/** The statement that holds `n`: the ancestor that sits in a block, after a label, or as a brace-less body. */
function statementOf(n: SyntaxNode | undefined | null): SyntaxNode | undefined {
  for (let cur = n; cur && cur.parent; cur = cur.parent) {
    if (cur.type === 'comment' || cur.type === 'statement_identifier') continue;
    if (STATEMENT_PARENTS.has(cur.parent.type) || isBracelessBody(cur)) return cur;
  }
  return undefined;
}

/** `if (x) delete this;`: a statement that is the whole body of an if, else or loop. */
function isBracelessBody(n: SyntaxNode): boolean {
  const p = n.parent;
  if (!p || n.type === 'compound_statement' || n.type === 'condition_clause' || n.type === 'parenthesized_expression') return false;
  if (p.type === 'else_clause') return true;
  if (p.type === 'if_statement') return p.childForFieldName('consequence')?.id === n.id;
  if (p.type === 'while_statement' || p.type === 'for_statement' || p.type === 'for_range_loop' || p.type === 'do_statement') return p.childForFieldName('body')?.id === n.id;
  return false;
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
  if (isBracelessBody(stmt)) return bracedWith(file, text, stmt, block, '');
  return insertAt(file, text, lineStart, block);
}

/**
 * Put new lines next to a brace-less body (`if (cRef == 0)\n    delete this;`): the body becomes a block, in the
 * file's brace style, so that the new lines stay under the same condition.
 */
function bracedWith(file: string, text: string, stmt: SyntaxNode, before: string, after: string): TextEdit {
  const style = detectStyle(text);
  const lineStart = text.lastIndexOf('\n', stmt.startIndex - 1) + 1;
  if (text.slice(lineStart, stmt.startIndex).trim()) throw new Error('body shares its line with its condition');
  const owner = stmt.parent!.type === 'else_clause' ? stmt.parent!.parent! : stmt.parent!;
  const outer = indentAt(text, owner.startIndex);
  const inner = indentAt(text, stmt.startIndex);
  const end = withTrailingComment(text, stmt.endIndex);
  const body = `${before}${inner}${text.slice(stmt.startIndex, end)}${style.eol}${after}`;
  if (style.braceOwnLine) return replaceSpan(file, text, lineStart, end, `${outer}{${style.eol}${body}${outer}}`);
  // K&R: the brace goes at the end of the condition line.
  const condEnd = text.lastIndexOf('\n', lineStart - 2) < 0 ? 0 : lineStart - (text[lineStart - 2] === '\r' ? 2 : 1);
  return replaceSpan(file, text, condEnd, end, ` {${style.eol}${body}${outer}}`);
}

/** Insert whole lines after the line that ends `stmt`. */
function linesAfter(file: string, text: string, stmt: SyntaxNode, block: string): TextEdit {
  if (isBracelessBody(stmt)) return bracedWith(file, text, stmt, '', block);
  const nl = text.indexOf('\n', stmt.endIndex);
  return insertAt(file, text, nl < 0 ? text.length : nl + 1, block);
}

/** The end of a statement, extended over a comment that follows it on the same line (it travels with it). */
function withTrailingComment(text: string, end: number): number {
  const eol = text.indexOf('\n', end);
  const lineEnd = eol < 0 ? text.length : text[eol - 1] === '\r' ? eol - 1 : eol;
  const rest = text.slice(end, lineEnd);
  return /^\s*(\/\/|\/\*.*\*\/\s*$)/.test(rest) ? lineEnd : end;
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
    if (found) return false;
    if (n.type === 'call_expression') {
      // std::atomic<bool>: `if (m_fDone.exchange(true)) return S_OK;` or `m_fDone.store(true);`
      const callee = n.childForFieldName('function');
      const field = callee?.type === 'field_expression' ? callee.childForFieldName('field')?.text : undefined;
      const recv = callee?.childForFieldName('argument')?.text;
      const arg = n.childForFieldName('arguments')?.namedChild(0)?.text.trim();
      if ((field === 'exchange' || field === 'store') && recv && ctx.store.fields.has(recv) && /^(true|TRUE|1)$/.test(arg ?? '')) {
        found = { test: `!${recv}`, set: `${recv}.store(${arg});`, field: recv };
      }
      return true;
    }
    if (n.type !== 'assignment_expression') return true;
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
  const ctors = ctx.model.methods.get(ctx.model.keyOf(cls))?.get(cls.name) ?? [];
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
  // The support member is set to NULL (or detached) on the final path without being released first.
  for (const fn of shutdownFunctions(ctx)) {
    const text = ctx.text(fn.file);
    if (!text) continue;
    const style = detectStyle(text);
    walk(fn.body, (n) => {
      if (n.type === 'assignment_expression' && n.childForFieldName('operator')?.text === '=' && /^(NULL|nullptr|0)$/.test(n.childForFieldName('right')?.text.trim() ?? '')) {
        const left = n.childForFieldName('left');
        const name = left?.type === 'field_expression' ? left.childForFieldName('field')?.text : left?.text;
        const m = ctx.store.supportMembers.find((x) => !x.smart && name === x.field.name.slice(x.field.name.lastIndexOf('.') + 1));
        const stmt = statementOf(n);
        if (m && left && stmt) out.push({ title: `Release the support object (${left.text}) before clearing it`, edits: [linesBefore(fn.file, text, stmt, `${indentAt(text, stmt.startIndex)}${releaseCall(style, left.text, ctx.store.style === 'c-vtable')}${style.eol}`)] });
      }
      if (n.type === 'call_expression') {
        const callee = n.childForFieldName('function');
        const field = callee?.type === 'field_expression' ? callee.childForFieldName('field') : undefined;
        const recv = callee?.childForFieldName('argument');
        if (field && recv && /^(release|Detach)$/.test(field.text) && ctx.store.supportMembers.some((x) => x.smart && recv.text.endsWith(x.field.name))) {
          out.push({ title: `Release the support object: ${recv.text}.${field.text}() gives it away without releasing it`, edits: [replaceSpan(fn.file, text, field.startIndex, field.endIndex, field.text === 'release' ? 'reset' : 'Release')] });
        }
      }
      return true;
    });
  }
  // In the destructor, where a C++ class releases what it holds.
  if (ctx.store.style === 'cpp-class') {
    const cls = ctx.store.lineage[0];
    const dtor = ctx.model.methods.get(ctx.model.keyOf(cls))?.get(`~${cls.name}`)?.[0];
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

/** The functions the final release runs: Release, FinalRelease and the destructors of the store's classes. */
function shutdownFunctions(ctx: FixContext): FunctionFact[] {
  const out: FunctionFact[] = [];
  if (ctx.store.release) out.push(ctx.store.release);
  if (ctx.store.style === 'cpp-class') {
    const fin = ctx.model.findMethod(ctx.store.lineage, 'FinalRelease', 0);
    if (fin) out.push(fin);
    for (const c of ctx.store.lineage) out.push(...(ctx.model.methods.get(ctx.model.keyOf(c))?.get(`~${c.name}`) ?? []));
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
  // The final release calls it, with other flags: give it LOGOFF_ABORT.
  const wrong = wrongFlagsInFinalRelease(ctx, f);
  if (wrong) out.push(wrong);
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

/** The call node of a trace step (the call_expression at its location). */
function callAt(ctx: FixContext, loc: Loc): SyntaxNode | undefined {
  for (let n = nodeAt(ctx, loc); n; n = n.parent ?? undefined) if (n.type === 'call_expression') return n;
  return undefined;
}

/** `ULONG ul = LOGOFF_ORDERLY; ...->StoreLogoffTransports(&ul)` in the final release: the value becomes LOGOFF_ABORT. */
function wrongFlagsInFinalRelease(ctx: FixContext, f: Finding): Candidate | undefined {
  const finalEntry = f.trace.map((s) => s.kind === 'scenario' && /the last reference/.test(s.message)).lastIndexOf(true);
  const step = f.trace.slice(Math.max(0, finalEntry)).find((s) => s.kind === 'call' && /StoreLogoffTransports\((?!LOGOFF_ABORT)/.test(s.message) && s.loc);
  const call = step?.loc && callAt(ctx, step.loc);
  const fn = step?.loc && functionAt(ctx, step.loc);
  const text = step?.loc && ctx.text(step.loc.file);
  if (!call || !fn || !text || !step?.loc) return undefined;
  const args = call.childForFieldName('arguments')?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  const arg = args[args.length - 1];
  const m = arg && /^&\s*(\w+)$/.exec(arg.text);
  if (!m) return undefined;
  // The local's initialiser, or the last plain assignment to it before the call.
  let value: SyntaxNode | undefined;
  walk(fn.body, (n) => {
    if (n.startIndex > call.startIndex) return false;
    if (n.type === 'init_declarator' && n.childForFieldName('declarator')?.text === m[1]) value = n.childForFieldName('value') ?? value;
    if (n.type === 'assignment_expression' && n.childForFieldName('operator')?.text === '=' && n.childForFieldName('left')?.text === m[1]) value = n.childForFieldName('right') ?? value;
    return true;
  });
  if (!value || !/^[\sA-Z_|()0-9x]+$/.test(value.text)) return undefined;
  return { title: `Call StoreLogoffTransports with LOGOFF_ABORT in the final release`, edits: [replaceSpan(step.loc.file, text, value.startIndex, value.endIndex, 'LOGOFF_ABORT')] };
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
    for (const ctor of ctx.model.methods.get(ctx.model.keyOf(cls))?.get(cls.name) ?? []) {
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
    if (second.type === 'return_statement' && fn) {
      // `return ...StoreLogoffTransports(...)`: return early when it already ran, and record it before it runs.
      const done = flag.test.replace(/^!\((.*)\)$/, '$1').replace(/^!/, '');
      const lines = `${indent}if (${done})${style.eol}${indent}${style.unit}${earlyReturn(fn, text)}${style.eol}${indent}${flag.set}${style.eol}`;
      return linesBefore(f.loc.file, text, second, lines);
    }
    const end = withTrailingComment(text, second.endIndex);
    const body = text.slice(second.startIndex, end).split(/\r?\n/).map((l, i) => (i === 0 ? l : l.replace(new RegExp(`^${indent}`), '')));
    const block = ifBlock(style, indent, flag.test, [...body, ...(second.text.includes(flag.set.replace(/;$/, '')) ? [] : [flag.set])]).replace(new RegExp(`${style.eol}$`), '');
    return replaceSpan(f.loc.file, text, second.startIndex - indent.length, end, block);
  };
  const out: Candidate[] = [];
  // A guard that tests a member nobody sets: set it where the call is made.
  for (const member of guardMembersNeverSet(ctx, f)) {
    const ref = memberRef(ctx, fn, member);
    if (!ref) continue;
    const line = `${indent}${ref} = TRUE;${style.eol}`;
    out.push({ title: `Set ${member}, which guards the call, when StoreLogoffTransports runs`, edits: [second.type === 'return_statement' ? linesBefore(f.loc.file, text, second, line) : linesAfter(f.loc.file, text, second, line)] });
  }
  // Deferred design (StoreLogoff saves the flags for the final release) that also calls eagerly: leave the call to the release.
  const eager = deferredFlagsInit(ctx) ? storeLogoffTransportsStatement(ctx) : undefined;
  if (eager && ctx.store.storeLogoff) {
    const sl = ctx.store.storeLogoff;
    const sText = ctx.text(sl.file)!;
    const ok = /\bhrSuccess\b/.test(sText) ? 'hrSuccess' : 'S_OK';
    const expr = eager.type === 'return_statement' ? eager.namedChildren.find((c) => c.type !== 'comment') : undefined;
    if (expr) out.push({ title: 'Leave StoreLogoffTransports to the final release, which calls it with the saved flags', edits: [replaceSpan(sl.file, sText, expr.startIndex, expr.endIndex, ok)] });
  }
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
  // Both calls are the same statement (a shared helper): the guard alone records and checks.
  if (added) out.push({ title: `Record StoreLogoffTransports in ${added.flag.field} and call it only once`, edits: [...added.edits, guard(added.flag)] });
  return out;
}

/** `return S_OK;` in the style of the function's return type. */
function earlyReturn(fn: FunctionFact, text: string): string {
  const type = fn.body.parent?.childForFieldName('type')?.text ?? '';
  if (type === 'void') return 'return;';
  if (/HRESULT|SCODE/.test(type) || /^\s*HRESULT/.test(text.slice(fn.body.parent?.startIndex ?? 0, fn.body.startIndex))) return /\bhrSuccess\b/.test(text) ? 'return hrSuccess;' : 'return S_OK;';
  return 'return 0;';
}

/** Members that a condition on the path tests but that no shutdown code ever sets to non-zero. */
function guardMembersNeverSet(ctx: FixContext, f: Finding): string[] {
  const tested = new Set<string>();
  for (const step of f.trace) {
    if (step.kind !== 'branch' || !/ is false$/.test(step.message)) continue;
    for (const word of step.message.match(/\b[A-Za-z_]\w*\b/g) ?? []) if (ctx.store.fields.has(word)) tested.add(word);
  }
  const set = new Set<string>();
  const fns = [...ctx.model.methods.values()].flatMap((m) => [...m.values()].flat()).concat([...ctx.model.freeFunctions.values()].flat());
  for (const fn of fns) {
    walk(fn.body, (n) => {
      if (n.type === 'assignment_expression') {
        const left = n.childForFieldName('left');
        const name = left?.type === 'field_expression' ? left.childForFieldName('field')?.text : left?.text;
        const right = n.childForFieldName('right')?.text.trim();
        if (name && !/^(FALSE|false|0|NULL)$/.test(right ?? '')) set.add(name);
      }
      return true;
    });
  }
  return [...tested].filter((m) => !set.has(m) && !ctx.store.supportMembers.some((s) => s.field.name === m));
}

function logoffTransportsMissing(ctx: FixContext, f: Finding): Candidate[] {
  const sl = ctx.store.storeLogoff;
  const field = rawSupportField(ctx);
  const text = sl && ctx.text(sl.file);
  if (!sl || !field || !text) return [];
  const param = sl.params[ctx.store.style === 'c-vtable' ? 1 : 0]?.name;
  const ref = memberRef(ctx, sl, field);
  if (!param || !ref) return [];
  const style = detectStyle(text);
  const call = `${transportsCall(style, ref, param, ctx.store.style === 'c-vtable')};`;
  const out: Candidate[] = [];
  // StoreLogoff returns early (read-only store, already logged off...) past its StoreLogoffTransports call:
  // call it before that return too.
  const early = f.trace.find((s) => s.kind === 'return' && s.loc && s.loc.file === sl.file && inside(sl, s.loc));
  const ret = early?.loc ? statementOf(nodeAt(ctx, early.loc)) : undefined;
  const later = storeLogoffTransportsStatement(ctx);
  if (ret && later && ret.startIndex < later.startIndex) {
    const indent = indentAt(text, ret.startIndex);
    try {
      out.push({ title: `Call StoreLogoffTransports(${param}) before StoreLogoff returns early`, edits: [linesBefore(sl.file, text, ret, `${indent}${call}${style.eol}`)] });
    } catch {
      // a return sharing its line with its condition
    }
  }
  const first = sl.body.namedChildren.find((c) => c.type !== 'comment');
  if (first) out.push({ title: `Call StoreLogoffTransports(${param}) in StoreLogoff`, edits: [linesBefore(sl.file, text, first, `${indentAt(text, first.startIndex)}${call}${style.eol}`)] });
  return out;
}

function inside(fn: FunctionFact, loc: Loc): boolean {
  const s = fn.body.startPosition;
  const e = fn.body.endPosition;
  return loc.range.startLine >= s.row && loc.range.startLine <= e.row;
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
    const flagsArg = args[detectStyle(text).vtblCalls || /lpVtbl/.test(call?.text ?? '') ? 1 : 0] ?? args[args.length - 1];
    if (flagsArg) out.push({ title: `Pass the caller's flags (${param}) to StoreLogoffTransports`, edits: [replaceSpan(sl.file, text, flagsArg.startIndex, flagsArg.endIndex, param)] });
  }
  // Deferred design that saves a constant (`m_logoff.ulFlags = LOGOFF_ORDERLY`) where the caller's flags belong.
  walk(sl.body, (n) => {
    if (n.type !== 'assignment_expression' || n.childForFieldName('operator')?.text !== '=') return true;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right || !/^[\sA-Z_|()0-9x]+$/.test(right.text) || !/LOGOFF_/.test(right.text)) return true;
    out.push({ title: `Save the caller's flags (*${param}) instead of ${right.text.trim()}`, edits: [replaceSpan(sl.file, text, right.startIndex, right.endIndex, `*${param}`)] });
    return true;
  });
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
    out.push({ title: `Save the caller's flags in ${member}`, edits: [linesBefore(sl.file, text, first, `${indent}${ref} = *${param};${detectStyle(text).eol}`)] });
  }
  return out;
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
  const releaseLoc = stepLoc(f, 'release');
  if (!releaseLoc) return [];
  const text = ctx.text(releaseLoc.file);
  const rel = statementOf(nodeAt(ctx, releaseLoc));
  if (!text || !rel) return [];
  const out: Candidate[] = [];
  const style = detectStyle(text);
  // 1. Null the member after releasing it, so that the guarded release or use that follows sees NULL.
  const relFn = functionAt(ctx, releaseLoc);
  const released = releasedMember(ctx, rel);
  const next = rel.nextNamedSibling;
  const nulledAlready = !!next && /=\s*(NULL|nullptr|0)\s*;$/.test(next.text);
  if (released && !nulledAlready) {
    const ref = memberRef(ctx, relFn, released);
    if (ref) out.push({ title: `Set ${ref} to ${nullLiteral(ctx, text)} after releasing it`, edits: [linesAfter(releaseLoc.file, text, rel, `${indentAt(text, rel.startIndex)}${ref} = ${nullLiteral(ctx, text)};${style.eol}`)] });
  }
  if (releaseLoc.file !== f.loc.file) return out;
  // The release statement, with the `p = NULL;` that follows it.
  const lineStart = text.lastIndexOf('\n', rel.startIndex - 1) + 1;
  if (text.slice(lineStart, rel.startIndex).trim() || isBracelessBody(rel)) return out;
  let spanEnd = lineEndAfter(text, rel.endIndex);
  if (next && nulledAlready && text.slice(spanEnd, next.startIndex).trim() === '') spanEnd = lineEndAfter(text, next.endIndex);
  const moved = text.slice(lineStart, spanEnd);
  const moveTo = (anchor: SyntaxNode, where: 'after' | 'before', title: string): void => {
    const indent = indentAt(text, anchor.startIndex);
    const block = moved.split(/(?<=\n)/).map((l) => l.replace(/^[ \t]*/, indent)).join('');
    try {
      const ins = where === 'after' ? linesAfter(f.loc.file, text, anchor, block) : linesBefore(f.loc.file, text, anchor, block);
      const insStart = offsetAt(text, ins.range.startLine, ins.range.startCol);
      if (insStart >= lineStart && insStart <= spanEnd) return;
      out.push({ title, edits: [replaceSpan(f.loc.file, text, lineStart, spanEnd, ''), ins] });
    } catch {
      // a body sharing its line with its condition: no candidate
    }
  };
  const use = statementOf(nodeAt(ctx, f.loc));
  if (use && use.id !== rel.id) {
    // 2. After the statement, in the release's own block, that holds the late use.
    let holder: SyntaxNode | undefined;
    for (let cur: SyntaxNode | null = use; cur; cur = cur.parent) if (cur.parent?.id === rel.parent?.id) holder = cur;
    if (holder && holder.startIndex > rel.startIndex) moveTo(holder, 'after', 'Release the support object after its last use');
    // 3. Right after the late use (which puts it in the final branch when the use is there).
    if (!(use.startIndex >= rel.startIndex && use.endIndex <= rel.endIndex)) moveTo(use, 'after', 'Release the support object after its last use');
  }
  // 4. Released on every Release instead of the last: move it to where the store is destroyed.
  const destroy = f.trace.map((s, i) => ({ s, i })).reverse().find((x) => x.s.kind === 'destroy' && x.s.loc)?.s.loc;
  const dstmt = destroy && destroy.file === f.loc.file ? statementOf(nodeAt(ctx, destroy)) : destroyStatementOfRelease(ctx, f.loc.file);
  if (dstmt && dstmt.id !== rel.id) moveTo(dstmt, 'before', 'Release the support object only with the last reference');
  return out;
}

/** `delete this;` (or freeing the C struct) in the store's own Release, when it is in `file`. */
function destroyStatementOfRelease(ctx: FixContext, file: string): SyntaxNode | undefined {
  const rel = ctx.store.release;
  if (!rel || rel.file !== file) return undefined;
  const self = ctx.store.style === 'c-vtable' ? rel.params[0]?.name : undefined;
  let found: SyntaxNode | undefined;
  walk(rel.body, (n) => {
    if (found) return false;
    if (n.type === 'delete_expression' && /\bthis\b/.test(n.text)) found = n;
    if (self && n.type === 'call_expression' && /free|destroy|delete/i.test(n.childForFieldName('function')?.text ?? '')) {
      if (n.childForFieldName('arguments')?.namedChildren.some((a) => a.text.replace(/\(.*?\)\s*/, '') === self || a.text === self)) found = n;
    }
    return true;
  });
  return found ? statementOf(found) : undefined;
}

function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The member a release statement releases: `UlRelease(m_psup)`, `m_psup->Release()`, `pims->psup->lpVtbl->Release(...)`. */
function releasedMember(ctx: FixContext, stmt: SyntaxNode): string | undefined {
  const names = ctx.store.supportMembers.map((m) => m.field.name);
  return names.find((n) => new RegExp(`\\b${n}\\b`).test(stmt.text));
}
