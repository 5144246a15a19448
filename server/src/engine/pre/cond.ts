// `#if` / `#elif` conditions: `defined`, macro expansion, then integer arithmetic as the C preprocessor
// does it. Macros that no analysed source, configuration or model defines are *undetermined*: the build
// may set them (-D flags). Their value comes from the configuration being analysed (see preprocess.ts);
// every undetermined name a condition consults is reported so that other configurations can be tried.
import { expandTokens, type ExpandLimits, type ExpandStats, type PTok } from './expand';
import type { MacroTable } from './macros';

export interface CondEnv {
  table: MacroTable;
  /** Whether a macro not in the table is undetermined (rather than known to be undefined). */
  undetermined(name: string): boolean;
  /** The value an undetermined macro has in the configuration analysed: undefined = not defined. */
  configured(name: string): string | undefined;
  /** Undetermined names consulted so far. */
  consulted: Set<string>;
  stats: ExpandStats;
  limits: ExpandLimits;
}

/** Evaluates a condition; a malformed one is false (a compiler would reject it). */
export function evalCondition(toks: readonly PTok[], env: CondEnv): boolean {
  // `defined X` and `defined(X)` are resolved before expansion.
  const pre: PTok[] = [];
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.kind === 'id' && t.text === 'defined') {
      let name: PTok | undefined;
      if (toks[i + 1]?.text === '(' && toks[i + 3]?.text === ')') {
        name = toks[i + 2];
        i += 3;
      } else {
        name = toks[i + 1];
        i += 1;
      }
      pre.push({ kind: 'num', text: name && isDefined(name.text, env) ? '1' : '0', spaceBefore: true });
      continue;
    }
    pre.push(t);
  }
  const expanded = expandTokens(pre, env.table, env.stats, env.limits);
  const values = expanded.map((t): PTok => {
    if (t.kind !== 'id') return t;
    if (t.text === 'true') return { ...t, kind: 'num', text: '1' };
    if (env.undetermined(t.text)) {
      env.consulted.add(t.text);
      const v = env.configured(t.text);
      return { ...t, kind: 'num', text: v === undefined ? '0' : /^\s*$/.test(v) || v === 'true' ? '1' : v };
    }
    return { ...t, kind: 'num', text: '0' }; // an identifier left after expansion is 0
  });
  try {
    const p = new Parser(values);
    const v = p.expr(0);
    return v !== 0;
  } catch {
    return false;
  }
}

function isDefined(name: string, env: CondEnv): boolean {
  if (env.table.has(name)) return true;
  if (env.undetermined(name)) {
    env.consulted.add(name);
    return env.configured(name) !== undefined;
  }
  return false;
}

const BINARY: Record<string, number> = {
  '*': 10, '/': 10, '%': 10,
  '+': 9, '-': 9,
  '<<': 8, '>>': 8,
  '<': 7, '>': 7, '<=': 7, '>=': 7,
  '==': 6, '!=': 6,
  '&': 5, '^': 4, '|': 3, '&&': 2, '||': 1,
};

class Parser {
  private i = 0;
  constructor(private readonly toks: readonly PTok[]) {}

  private peek(): string | undefined {
    return this.toks[this.i]?.text;
  }

  expr(minPrec: number): number {
    let left = this.unary();
    for (;;) {
      const op = this.peek();
      if (op === '?' && minPrec <= 0) {
        this.i++;
        const a = this.expr(0);
        if (this.peek() !== ':') throw new Error('expected :');
        this.i++;
        const b = this.expr(0);
        left = left !== 0 ? a : b;
        continue;
      }
      if (op === ',' && minPrec <= 0) {
        this.i++;
        left = this.expr(1);
        continue;
      }
      const prec = op !== undefined ? BINARY[op] : undefined;
      if (prec === undefined || prec < minPrec || prec === 0) return left;
      this.i++;
      const right = this.expr(prec + 1);
      left = apply(op!, left, right);
    }
  }

  private unary(): number {
    const t = this.toks[this.i];
    if (!t) throw new Error('unexpected end');
    if (t.text === '!' || t.text === '-' || t.text === '+' || t.text === '~') {
      this.i++;
      const v = this.unary();
      return t.text === '!' ? (v ? 0 : 1) : t.text === '-' ? -v : t.text === '~' ? ~v : v;
    }
    if (t.text === '(') {
      this.i++;
      const v = this.expr(0);
      if (this.peek() !== ')') throw new Error('expected )');
      this.i++;
      return v;
    }
    this.i++;
    if (t.kind === 'num') return parseIntLiteral(t.text);
    if (t.kind === 'chr') return charValue(t.text);
    throw new Error(`unexpected ${t.text}`);
  }
}

function apply(op: string, a: number, b: number): number {
  switch (op) {
    case '*': return a * b;
    case '/': if (b === 0) throw new Error('division by zero'); return Math.trunc(a / b);
    case '%': if (b === 0) throw new Error('division by zero'); return a % b;
    case '+': return a + b;
    case '-': return a - b;
    case '<<': return a * 2 ** b;
    case '>>': return Math.floor(a / 2 ** b);
    case '<': return a < b ? 1 : 0;
    case '>': return a > b ? 1 : 0;
    case '<=': return a <= b ? 1 : 0;
    case '>=': return a >= b ? 1 : 0;
    case '==': return a === b ? 1 : 0;
    case '!=': return a !== b ? 1 : 0;
    case '&': return Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) & BigInt(Math.trunc(b))));
    case '^': return Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) ^ BigInt(Math.trunc(b))));
    case '|': return Number(BigInt.asIntN(64, BigInt(Math.trunc(a)) | BigInt(Math.trunc(b))));
    case '&&': return a && b ? 1 : 0;
    case '||': return a || b ? 1 : 0;
    default: throw new Error(op);
  }
}

/** An integer literal of C (decimal, octal, hex, binary, with suffixes and digit separators). */
export function parseIntLiteral(text: string): number {
  const neg = /^-\s*/.exec(text);
  if (neg) return -parseIntLiteral(text.slice(neg[0].length));
  const t = text.replace(/'/g, '').replace(/[uUlL]+$/, '');
  if (/^0[xX][0-9a-fA-F]+$/.test(t)) return Number.parseInt(t.slice(2), 16);
  if (/^0[bB][01]+$/.test(t)) return Number.parseInt(t.slice(2), 2);
  if (/^0[0-7]*$/.test(t)) return t.length > 1 ? Number.parseInt(t.slice(1), 8) : 0;
  if (/^\d+$/.test(t)) return Number.parseInt(t, 10);
  throw new Error(`not an integer: ${text}`);
}

function charValue(text: string): number {
  const body = text.replace(/^[LuU8]*'/, '').replace(/'$/, '');
  if (body.startsWith('\\')) {
    const esc: Record<string, number> = { n: 10, t: 9, r: 13, '0': 0, '\\': 92, "'": 39, '"': 34, a: 7, b: 8, f: 12, v: 11 };
    const c = body[1];
    if (c === 'x') return Number.parseInt(body.slice(2), 16);
    if (/[0-7]/.test(c)) return Number.parseInt(body.slice(1), 8);
    return esc[c] ?? c.charCodeAt(0);
  }
  return body.charCodeAt(0) || 0;
}
