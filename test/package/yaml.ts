// A reader for the YAML subset of this repository's own files (action.yml, .pre-commit-hooks.yaml), so that
// their tests need no YAML package: block mappings and sequences (`- key: v` items included), plain and quoted
// scalars, flow sequences of scalars, `|` literal blocks, comments. Anything else (anchors, tags, flow
// mappings, multi-line plain scalars, `>` folding) throws: a file that needs it needs a real parser.
export type Yaml = string | number | boolean | null | Yaml[] | { [key: string]: Yaml };

interface Line {
  indent: number;
  text: string;
  no: number;
}

export function parseYaml(src: string): Yaml {
  const raw = src.replace(/\r\n/g, '\n').split('\n');
  const lines: Line[] = raw.map((l, i) => ({ indent: l.length - l.trimStart().length, text: l.trim(), no: i + 1 }));
  let pos = 0;

  const structural = (l: Line): boolean => l.text !== '' && !l.text.startsWith('#');
  const skip = (): void => {
    while (pos < lines.length && !structural(lines[pos])) pos++;
  };
  const fail = (l: Line, msg: string): never => {
    throw new Error(`line ${l.no}: ${msg}: ${raw[l.no - 1]}`);
  };

  function stripComment(s: string): string {
    let q: string | undefined;
    for (let i = 0; i < s.length; i++) {
      const c = s[i];
      if (q) {
        if (c === q) q = undefined;
      } else if (c === "'" || c === '"') q = c;
      else if (c === '#' && (i === 0 || /\s/.test(s[i - 1]))) return s.slice(0, i).trimEnd();
    }
    return s;
  }

  function scalar(s: string, l: Line): Yaml {
    s = stripComment(s).trim();
    if (s.startsWith("'")) {
      if (!s.endsWith("'") || s.length < 2) fail(l, 'unterminated quote');
      return s.slice(1, -1).replace(/''/g, "'");
    }
    if (s.startsWith('"')) {
      if (!s.endsWith('"') || s.length < 2) fail(l, 'unterminated quote');
      return JSON.parse(s) as string;
    }
    if (s.startsWith('[')) {
      if (!s.endsWith(']')) fail(l, 'a flow sequence must end on its line');
      const inner = s.slice(1, -1).trim();
      return inner === '' ? [] : inner.split(',').map((x) => scalar(x, l));
    }
    if (/^[{&*!>]/.test(s)) fail(l, 'unsupported YAML');
    if (s === 'true') return true;
    if (s === 'false') return false;
    if (s === 'null' || s === '~' || s === '') return null;
    if (/^-?\d+(\.\d+)?$/.test(s)) return Number(s);
    return s;
  }

  function literal(parentIndent: number, chomp: boolean): string {
    const body: string[] = [];
    let indent = -1;
    while (pos < lines.length) {
      const l = lines[pos];
      if (l.text !== '' && l.indent <= parentIndent) break;
      if (l.text !== '' && indent < 0) indent = l.indent;
      body.push(l.text === '' ? '' : raw[l.no - 1].slice(indent));
      pos++;
    }
    while (body.length && body[body.length - 1] === '') body.pop();
    return body.join('\n') + (chomp ? '' : '\n');
  }

  /** The value after `key:` or `- ` when it continues on the next lines (or is a literal block). */
  function valueAfter(rest: string, l: Line, indent: number): Yaml {
    const r = stripComment(rest).trim();
    if (r === '|' || r === '|-') return literal(indent, r === '|-');
    if (r !== '') return scalar(rest, l);
    skip();
    if (pos >= lines.length) return null;
    const next = lines[pos];
    if (next.indent > indent) return node(next.indent);
    // `key:` followed by a sequence at the same indentation.
    if (next.indent === indent && (next.text === '-' || next.text.startsWith('- '))) return sequence(indent);
    return null;
  }

  function node(indent: number): Yaml {
    skip();
    const l = lines[pos];
    return l.text === '-' || l.text.startsWith('- ') ? sequence(indent) : mapping(indent);
  }

  function mapping(indent: number): Yaml {
    const out: { [key: string]: Yaml } = {};
    for (skip(); pos < lines.length; skip()) {
      const l = lines[pos];
      if (l.indent < indent) break;
      if (l.indent > indent) fail(l, 'unexpected indentation');
      if (l.text.startsWith('- ')) break;
      const m = /^('[^']*'|"[^"]*"|[^'"#:][^:#]*?)\s*:(?:\s+(.*))?$/.exec(l.text);
      if (!m) fail(l, 'expected `key: value`');
      const key = String(scalar(m![1], l));
      if (key in out) fail(l, `duplicate key ${key}`);
      pos++;
      out[key] = valueAfter(m![2] ?? '', l, indent);
    }
    return out;
  }

  function sequence(indent: number): Yaml {
    const out: Yaml[] = [];
    for (skip(); pos < lines.length; skip()) {
      const l = lines[pos];
      if (l.indent !== indent || !(l.text === '-' || l.text.startsWith('- '))) {
        if (l.indent > indent) fail(l, 'unexpected indentation');
        break;
      }
      const rest = l.text === '-' ? '' : l.text.slice(2).trimStart();
      if (/^('[^']*'|"[^"]*"|[^'"[#:][^:#]*?)\s*:(\s|$)/.test(rest)) {
        // `- key: value`: a mapping whose first line is this one, the item's keys indented to `key`.
        lines[pos] = { indent: indent + (l.text.length - rest.length), text: rest, no: l.no };
        out.push(mapping(lines[pos].indent));
      } else {
        pos++;
        out.push(valueAfter(rest, l, indent));
      }
    }
    return out;
  }

  skip();
  if (pos >= lines.length) return null;
  const top = node(lines[pos].indent);
  skip();
  if (pos < lines.length) fail(lines[pos], 'unexpected content');
  return top;
}
