// The relevance probe: one lexer pass over a file, before any parse. It tells whether the file takes part
// in the protocol (it mentions a provider interface or the support object) and which names it defines at file
// or namespace level (classes, `Class::` members, functions, globals, typedefs, enumerators, macros), so that
// the analysis can bring in the file that defines a name the simulation looked for and did not find.
import { lex, type Tok } from './pre/lex';

export interface FileProbe {
  /** The file mentions a protocol interface or the support object in code. */
  seed: boolean;
  /** Names the file defines: `Name`, and `Class::` / `Class::member` for out-of-line members. */
  defines: string[];
}

/** The interfaces a provider implements: a class that derives from one of them makes its file a seed. */
const PROTOCOL_INTERFACES = new Set(['IMsgStore', 'IMSLogon', 'IABLogon', 'IXPLogon', 'IMSProvider', 'IABProvider', 'IXPProvider']);
/** Methods whose definition (`X::StoreLogoff`, `IMS_StoreLogoff`, a logon's `ABPLOGON_Logoff`) makes its file a seed. */
const PROTOCOL_METHODS = /(^|::|_)(StoreLogoff|TransportLogoff|Logoff)$/;

const KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'else', 'do', 'case', 'catch', 'new', 'delete', 'throw', 'decltype', 'alignof', 'static_assert', 'operator', 'defined']);

/** A file nobody needs to read: not seed and defining nothing (set when the probe was never run). */
export const NOT_PROBED: FileProbe = { seed: false, defines: [] };

export function probeText(text: string): FileProbe {
  // Macro definitions: `#define NAME`.
  const defines = new Set<string>();
  for (const m of text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) defines.add(m[1]);
  const toks = lex(text);
  let seed = false;
  // Braces that are not namespace, extern "C" or class bodies open code we do not look into.
  const stack: ('ns' | 'cls' | 'code')[] = [];
  const depthCode = (): boolean => stack.some((s) => s === 'code');
  let pendingNs = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.text === '#' && t.lineStart) {
      // Skip the directive line.
      while (i + 1 < toks.length && !toks[i + 1].lineStart) i++;
      continue;
    }
    if (t.text === '{') {
      if (pendingNs) stack.push('ns');
      else stack.push(classBrace(toks, i) ? 'cls' : 'code');
      pendingNs = false;
      continue;
    }
    if (t.text === '}') {
      stack.pop();
      continue;
    }
    if (t.text === 'namespace' || (t.text === 'extern' && toks[i + 1]?.kind === 'str')) {
      pendingNs = true;
      continue;
    }
    if (t.text === ';') pendingNs = false;
    if (depthCode()) continue;
    if (t.kind !== 'id') continue;
    const next = toks[i + 1];
    // Class heads: the names between the keyword and `{` or `:`.
    if ((t.text === 'class' || t.text === 'struct' || t.text === 'union' || t.text === 'enum') && toks[i - 1]?.text !== 'friend') {
      for (let j = i + 1; j < toks.length && j < i + 12; j++) {
        const x = toks[j];
        if (x.text === '{' || x.text === ':' || x.text === ';' || x.text === '<' || x.text === '(') {
          if ((x.text === '{' || x.text === ':' || x.text === '<') && toks[j - 1]?.kind === 'id') defines.add(toks[j - 1].text);
          // A base list naming a provider interface (directly or as a template argument).
          if (x.text === ':' && !seed) {
            for (let k = j + 1; k < toks.length && k < j + 80 && toks[k].text !== '{' && toks[k].text !== ';'; k++) if (PROTOCOL_INTERFACES.has(toks[k].text)) seed = true;
          }
          break;
        }
        if (x.kind === 'id' && toks[j + 1]?.text !== '::') defines.add(x.text);
      }
      continue;
    }
    // `Name::member` at file level: a member defined out of line.
    if (next?.text === '::' && (toks[i + 2]?.kind === 'id' || toks[i + 2]?.text === '~') && toks[i - 1]?.text !== '::') {
      let j = i;
      const parts = [t.text];
      while (toks[j + 1]?.text === '::' && toks[j + 2]?.kind === 'id') {
        parts.push(toks[j + 2].text);
        j += 2;
      }
      if (toks[j + 1]?.text === '::' && toks[j + 2]?.text === '~' && toks[j + 3]?.kind === 'id') {
        parts.push(`~${toks[j + 3].text}`);
        j += 3;
      }
      if (isDefinitionAt(toks, j + 1)) {
        for (let k = 0; k + 1 < parts.length; k++) {
          defines.add(`${parts[k]}::`);
          defines.add(`${parts[k]}::${parts[k + 1]}`);
        }
      }
      i = j;
      continue;
    }
    if (KEYWORDS.has(t.text)) continue;
    // A function defined here: `name(…) {`.
    if (next?.text === '(' && toks[i - 1]?.text !== '::' && toks[i - 1]?.text !== '.' && toks[i - 1]?.text !== '->' && isDefinitionAt(toks, i + 1)) {
      defines.add(t.text);
      continue;
    }
    // A global with an initializer, a typedef's names, an alias.
    if ((next?.text === '=' || (next?.text === '[' && /=/.test(lookAhead(toks, i + 1, 8)))) && toks[i - 1] && (toks[i - 1].kind === 'id' || toks[i - 1].text === '*')) defines.add(t.text);
    if (t.text === 'typedef') {
      let depth = 0;
      for (let j = i + 1; j < toks.length; j++) {
        const x = toks[j];
        if (x.text === '{' || x.text === '(') depth++;
        else if (x.text === '}' || x.text === ')') depth--;
        if (depth < 0) break;
        if ((x.text === ';' || x.text === ',') && depth === 0 && toks[j - 1]?.kind === 'id') defines.add(toks[j - 1].text);
        if (x.kind === 'id' && toks[j - 1]?.text === '*' && toks[j - 2]?.text === '(' ) defines.add(x.text);
        if (x.text === ';' && depth === 0) break;
      }
    }
    if (t.text === 'using' && toks[i + 1]?.kind === 'id' && toks[i + 2]?.text === '=') defines.add(toks[i + 1].text);
  }
  // Enumerators: inside `enum … { A, B = 1 }` bodies.
  for (let i = 0; i < toks.length; i++) {
    if (toks[i].text !== 'enum') continue;
    let j = i + 1;
    while (j < toks.length && j < i + 8 && toks[j].text !== '{' && toks[j].text !== ';') j++;
    if (toks[j]?.text !== '{') continue;
    let expectName = true;
    for (let k = j + 1, depth = 0; k < toks.length; k++) {
      const x = toks[k];
      if (x.text === '(' || x.text === '{') depth++;
      else if (x.text === ')') depth--;
      else if (x.text === '}') {
        if (depth === 0) break;
        depth--;
      } else if (x.text === ',' && depth === 0) expectName = true;
      else if (expectName && x.kind === 'id') {
        defines.add(x.text);
        expectName = false;
      }
    }
  }
  if (!seed) for (const d of defines) if (PROTOCOL_METHODS.test(d)) seed = true;
  return { seed, defines: [...defines] };
}

/** Whether the `(` at `open` starts a parameter list followed by a body (a definition, not a call or prototype). */
function isDefinitionAt(toks: readonly Tok[], open: number): boolean {
  if (toks[open]?.text !== '(') return false;
  let depth = 0;
  let j = open;
  for (; j < toks.length; j++) {
    if (toks[j].text === '(') depth++;
    else if (toks[j].text === ')') {
      depth--;
      if (depth === 0) break;
    } else if (toks[j].text === ';' || toks[j].text === '{' || toks[j].text === '}') return false;
  }
  for (let k = j + 1; k < toks.length && k < j + 12; k++) {
    const x = toks[k].text;
    if (x === '{' || x === ':' || x === 'try') return true;
    if (x === ';' || x === '=' || x === ',' || x === ')') return false;
  }
  return false;
}

function classBrace(toks: readonly Tok[], i: number): boolean {
  for (let j = i - 1, k = 0; j >= 0 && k < 40; j--, k++) {
    const x = toks[j].text;
    if (x === ';' || x === '}' || x === '{' || x === ')' || x === '=') return false;
    if (x === 'class' || x === 'struct' || x === 'union' || x === 'enum') return true;
  }
  return false;
}

function lookAhead(toks: readonly Tok[], from: number, n: number): string {
  return toks
    .slice(from, from + n)
    .map((t) => t.text)
    .join(' ');
}
