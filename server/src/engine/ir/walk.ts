// Walking the IR.
import type { Expr, Stmt } from './types';

/**
 * The expressions of a block in the order walkStmt visits them, computed on the block's first walk. The IR is
 * never changed once lowered, and the analysis scans the same function bodies many times (once per protocol
 * object and question): a scan of a cached block is a loop over an array.
 */
const visitOrder = new WeakMap<Stmt, readonly Expr[]>();

/** Visits every expression of a statement tree; the visitor returns false to stop. */
export function walkStmt(s: Stmt, visit: (e: Expr) => boolean): void {
  if (s.k !== 'block') {
    traverse(s, visit);
    return;
  }
  let order = visitOrder.get(s);
  if (!order) {
    const list: Expr[] = [];
    traverse(s, (e) => {
      list.push(e);
      return true;
    });
    visitOrder.set(s, (order = list));
  }
  for (let i = 0; i < order.length; i++) if (!visit(order[i])) return;
}

function traverse(s: Stmt, visit: (e: Expr) => boolean): void {
  const stack: (Stmt | Expr)[] = [s];
  while (stack.length) {
    const x = stack.pop()!;
    if ('e0' in x) {
      stack.push(x.e0);
      continue;
    }
    switch (x.k) {
      case 'block':
        stack.push(...x.body);
        break;
      case 'decl':
        for (const v of x.vars) {
          if (v.init) stack.push(v.init);
          if (v.ctorArgs) stack.push(...v.ctorArgs);
        }
        break;
      case 'if':
        if (x.init) stack.push(x.init);
        if (x.condDecl?.init) stack.push(x.condDecl.init);
        stack.push(x.cond, x.then);
        if (x.else) stack.push(x.else);
        break;
      case 'while':
        stack.push(x.cond, x.body);
        break;
      case 'do':
        stack.push(x.body, x.cond);
        break;
      case 'for':
        if (x.init) stack.push(x.init);
        if (x.cond) stack.push(x.cond);
        if (x.update) stack.push(x.update);
        stack.push(x.body);
        break;
      case 'range':
        stack.push(x.range, x.body);
        break;
      case 'switch':
        stack.push(x.cond, x.body);
        break;
      case 'case':
        if (x.value) stack.push(x.value);
        stack.push(...x.body);
        break;
      case 'return':
        if (x.value) stack.push(x.value);
        break;
      case 'label':
        if (x.body) stack.push(x.body);
        break;
      case 'try':
        stack.push(x.body, ...x.handlers);
        break;
      default:
        if (isExpr(x)) {
          if (!visit(x)) return;
          pushChildren(x, stack);
        }
    }
  }
}

/** Statement kinds; everything else, `unknown` included, is visited as an expression. */
const STMT_KINDS: ReadonlySet<string> = new Set(['block', 'expr', 'decl', 'if', 'while', 'do', 'for', 'range', 'switch', 'case', 'return', 'break', 'continue', 'goto', 'label', 'try', 'throw', 'empty']);

function isExpr(x: Stmt | Expr): x is Expr {
  return !STMT_KINDS.has(x.k);
}

function pushChildren(e: Expr, stack: (Stmt | Expr)[]): void {
  switch (e.k) {
    case 'field':
      stack.push(e.obj);
      break;
    case 'index':
      stack.push(e.obj, e.index);
      break;
    case 'call':
      stack.push(e.fn, ...e.args);
      break;
    case 'unary':
    case 'update':
      stack.push(e.arg);
      break;
    case 'binary':
    case 'assign':
    case 'comma':
      stack.push(e.l, e.r);
      break;
    case 'cond':
      stack.push(e.c, e.t, e.f);
      break;
    case 'cast':
      stack.push(e.arg);
      break;
    case 'new':
      stack.push(...e.args);
      break;
    case 'delete':
      stack.push(e.arg);
      break;
    case 'init':
      stack.push(...e.items);
      break;
    case 'lambda':
      if (e.fn.body) stack.push(e.fn.body);
      break;
    default:
      break;
  }
}

