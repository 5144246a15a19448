// A strict JSON parser that keeps the offset of every value, so that config errors can say
// "line 3, column 14" for syntax errors (JSON.parse's messages do not always carry a position)
// and for values that parse but are wrong.

export type JsonNode =
  | { kind: 'object'; offset: number; entries: { key: string; keyOffset: number; value: JsonNode }[] }
  | { kind: 'array'; offset: number; items: JsonNode[] }
  | { kind: 'string'; offset: number; value: string }
  | { kind: 'number'; offset: number; value: number }
  | { kind: 'boolean'; offset: number; value: boolean }
  | { kind: 'null'; offset: number };

export class JsonSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export function parseJson(text: string): JsonNode {
  const p = new JsonParser(text);
  p.ws();
  if (p.pos >= text.length) throw new JsonSyntaxError('the file is empty (expected a JSON object)', p.pos);
  const v = p.value();
  p.ws();
  if (p.pos < text.length) throw new JsonSyntaxError(`unexpected ${p.describe()} after the end of the JSON value`, p.pos);
  return v;
}

/** 1-based line and column (UTF-16 units) of `offset` in `text`. */
export function lineCol(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

export function jsonKindName(n: JsonNode): string {
  return n.kind === 'object' ? 'an object' : n.kind === 'array' ? 'an array' : n.kind === 'null' ? 'null' : `a ${n.kind}`;
}

class JsonParser {
  pos = 0;
  constructor(private readonly s: string) {}

  ws(): void {
    while (this.pos < this.s.length) {
      const c = this.s[this.pos];
      if (c === ' ' || c === '\t' || c === '\n' || c === '\r') this.pos++;
      else if (this.pos === 0 && c === '\uFEFF') this.pos++;
      else break;
    }
  }

  describe(): string {
    if (this.pos >= this.s.length) return 'end of file';
    const c = this.s[this.pos];
    if (c === '/' && (this.s[this.pos + 1] === '/' || this.s[this.pos + 1] === '*')) return 'comment (comments are not allowed in .mapilintrc.json)';
    return `character ${JSON.stringify(c)}`;
  }

  fail(expected: string): never {
    throw new JsonSyntaxError(`expected ${expected} but found ${this.describe()}`, this.pos);
  }

  value(): JsonNode {
    const c = this.s[this.pos];
    const offset = this.pos;
    if (c === '{') return this.object();
    if (c === '[') return this.array();
    if (c === '"') return { kind: 'string', offset, value: this.string() };
    if (c === '-' || (c >= '0' && c <= '9')) return this.number();
    for (const [word, node] of [
      ['true', { kind: 'boolean', offset, value: true }],
      ['false', { kind: 'boolean', offset, value: false }],
      ['null', { kind: 'null', offset }],
    ] as const) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return node;
      }
    }
    return this.fail('a value');
  }

  object(): JsonNode {
    const offset = this.pos;
    this.pos++;
    const entries: { key: string; keyOffset: number; value: JsonNode }[] = [];
    this.ws();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return { kind: 'object', offset, entries };
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] !== '"') this.fail(entries.length ? 'a property name in double quotes (trailing commas are not allowed)' : "a property name in double quotes or '}'");
      const keyOffset = this.pos;
      const key = this.string();
      if (entries.some((e) => e.key === key)) throw new JsonSyntaxError(`duplicate property ${JSON.stringify(key)}`, keyOffset);
      this.ws();
      if (this.s[this.pos] !== ':') this.fail("':'");
      this.pos++;
      this.ws();
      entries.push({ key, keyOffset, value: this.value() });
      this.ws();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.s[this.pos] === '}') {
        this.pos++;
        return { kind: 'object', offset, entries };
      }
      this.fail("',' or '}'");
    }
  }

  array(): JsonNode {
    const offset = this.pos;
    this.pos++;
    const items: JsonNode[] = [];
    this.ws();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return { kind: 'array', offset, items };
    }
    for (;;) {
      this.ws();
      if (this.s[this.pos] === ']') this.fail('a value (trailing commas are not allowed)');
      items.push(this.value());
      this.ws();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      if (this.s[this.pos] === ']') {
        this.pos++;
        return { kind: 'array', offset, items };
      }
      this.fail("',' or ']'");
    }
  }

  string(): string {
    const start = this.pos;
    this.pos++;
    let out = '';
    for (;;) {
      if (this.pos >= this.s.length) throw new JsonSyntaxError('unterminated string', start);
      const c = this.s[this.pos];
      if (c === '"') {
        this.pos++;
        return out;
      }
      if (c === '\\') {
        const e = this.s[this.pos + 1];
        const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
        if (e !== undefined && e in simple) {
          out += simple[e];
          this.pos += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.s.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(parseInt(this.s.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
          continue;
        }
        throw new JsonSyntaxError('invalid escape in string', this.pos);
      }
      if (c.charCodeAt(0) < 0x20) throw new JsonSyntaxError('control character (such as a line break) inside a string', this.pos);
      out += c;
      this.pos++;
    }
  }

  number(): JsonNode {
    const offset = this.pos;
    const m = /^-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/.exec(this.s.slice(this.pos));
    if (!m) this.fail('a number');
    this.pos += m[0].length;
    return { kind: 'number', offset, value: Number(m[0]) };
  }
}
