// Bytes <-> text for source files. Pure: no file system.
// The decoded text keeps every character of the file (line endings included, BOM excluded), so that
// `encodeText(decoded.text, decoded.info)` gives back the original bytes exactly; a fix that edits
// ranges of the text therefore leaves everything outside those ranges byte-identical.

export type TextEncodingName = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
export type LineEnding = 'lf' | 'crlf';

export interface TextInfo {
  encoding: TextEncodingName;
  /** The file starts with a byte order mark (not part of `text`; written back by encodeText). */
  bom: boolean;
  /** The dominant line ending (LF when the file has no line break), for text a fix inserts. */
  lineEnding: LineEnding;
  /** Both CRLF and lone LF occur. */
  mixedLineEndings: boolean;
}

export interface DecodedText {
  kind: 'text';
  text: string;
  info: TextInfo;
}

export interface BinaryFile {
  kind: 'binary';
  /** Why the file was taken for binary, for a "skipped" note. */
  reason: string;
}

/** Bytes inspected for the control-character ratio. */
const SAMPLE_BYTES = 64 * 1024;
/** Above this share of control bytes in the sample, a file is not source text. */
const MAX_CONTROL_RATIO = 0.3;

// Windows-1252 bytes 0x80..0x9F (WHATWG mapping: the five unassigned bytes map to the C1 controls).
const CP1252_HIGH: readonly number[] = [
  0x20ac, 0x0081, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021, 0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0x008d,
  0x017d, 0x008f, 0x0090, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x02dc, 0x2122, 0x0161, 0x203a,
  0x0153, 0x009d, 0x017e, 0x0178,
];

let cp1252Reverse: Map<number, number> | undefined;

function cp1252Encoder(): Map<number, number> {
  if (!cp1252Reverse) {
    cp1252Reverse = new Map();
    for (let b = 0; b < 256; b++) {
      const cu = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
      cp1252Reverse.set(cu, b);
    }
  }
  return cp1252Reverse;
}

export function decodeBytes(bytes: Uint8Array): DecodedText | BinaryFile {
  // UTF-16 with a BOM first: its text is full of NUL bytes, which would otherwise say "binary".
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes, 'utf-16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes, 'utf-16be');

  const binary = binaryReason(bytes);
  if (binary) return { kind: 'binary', reason: binary };

  const hasBom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = hasBom ? bytes.subarray(3) : bytes;
  let text: string | undefined;
  try {
    // ignoreBOM keeps a second BOM, if any, as text: the round trip stays exact.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(body);
  } catch {
    text = undefined;
  }
  if (text !== undefined) return { kind: 'text', text, info: { encoding: 'utf-8', bom: hasBom, ...lineEndings(text) } };

  // Not UTF-8: legacy Windows sources are Windows-1252. Every byte decodes, so this cannot fail; a
  // stray UTF-8 BOM in front of invalid UTF-8 stays in the text as the three characters it is in 1252.
  const cp = decodeCp1252(bytes);
  return { kind: 'text', text: cp, info: { encoding: 'windows-1252', bom: false, ...lineEndings(cp) } };
}

/** Encodes text back to bytes with the encoding and BOM of `info`. Throws a RangeError when the text has a
 *  character that Windows-1252 cannot represent. Line endings are written as they are in `text`. */
export function encodeText(text: string, info: Pick<TextInfo, 'encoding' | 'bom'>): Uint8Array {
  switch (info.encoding) {
    case 'utf-8': {
      const body = new TextEncoder().encode(text);
      if (!info.bom) return body;
      const out = new Uint8Array(body.length + 3);
      out.set([0xef, 0xbb, 0xbf], 0);
      out.set(body, 3);
      return out;
    }
    case 'utf-16le':
    case 'utf-16be': {
      const le = info.encoding === 'utf-16le';
      const offset = info.bom ? 2 : 0;
      const out = new Uint8Array(offset + text.length * 2);
      if (info.bom) out.set(le ? [0xff, 0xfe] : [0xfe, 0xff], 0);
      for (let i = 0; i < text.length; i++) {
        const cu = text.charCodeAt(i);
        const hi = cu >> 8;
        const lo = cu & 0xff;
        out[offset + 2 * i] = le ? lo : hi;
        out[offset + 2 * i + 1] = le ? hi : lo;
      }
      return out;
    }
    case 'windows-1252': {
      const map = cp1252Encoder();
      const out = new Uint8Array(text.length + (info.bom ? 3 : 0));
      let o = 0;
      if (info.bom) {
        out.set([0xef, 0xbb, 0xbf], 0);
        o = 3;
      }
      for (let i = 0; i < text.length; i++) {
        const b = map.get(text.charCodeAt(i));
        if (b === undefined) {
          const cp = text.codePointAt(i) ?? 0;
          throw new RangeError(
            `character U+${cp.toString(16).toUpperCase().padStart(4, '0')} at offset ${i} cannot be written in windows-1252`,
          );
        }
        out[o++] = b;
      }
      return out;
    }
  }
}

/** The line ending a fix should use when it inserts a line into text decoded with `info`. */
export function eol(info: Pick<TextInfo, 'lineEnding'>): string {
  return info.lineEnding === 'crlf' ? '\r\n' : '\n';
}

function decodeUtf16(bytes: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodedText | BinaryFile {
  if ((bytes.length - 2) % 2 !== 0) {
    return { kind: 'binary', reason: `${encoding.toUpperCase()} byte order mark but an odd number of bytes` };
  }
  const le = encoding === 'utf-16le';
  // Decoded by hand rather than with TextDecoder: lone surrogates survive, so the round trip is exact.
  const units = new Array<number>((bytes.length - 2) / 2);
  for (let i = 2, u = 0; i + 1 < bytes.length; i += 2, u++) {
    units[u] = le ? bytes[i] | (bytes[i + 1] << 8) : (bytes[i] << 8) | bytes[i + 1];
  }
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < units.length; i += CHUNK) text += String.fromCharCode(...units.slice(i, i + CHUNK));
  if (text.includes('\0')) return { kind: 'binary', reason: `${encoding.toUpperCase()} text contains NUL characters` };
  return { kind: 'text', text, info: { encoding, bom: true, ...lineEndings(text) } };
}

function decodeCp1252(bytes: Uint8Array): string {
  let text = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const end = Math.min(bytes.length, i + CHUNK);
    const units = new Array<number>(end - i);
    for (let j = i; j < end; j++) {
      const b = bytes[j];
      units[j - i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80] : b;
    }
    text += String.fromCharCode(...units);
  }
  return text;
}

function binaryReason(bytes: Uint8Array): string | undefined {
  const n = Math.min(bytes.length, SAMPLE_BYTES);
  let control = 0;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (b === 0) return `contains a NUL byte at offset ${i}`;
    // Tab, LF, VT, FF, CR and the DOS end-of-file mark (0x1A) occur in real source text.
    if (i < n && (b < 0x20 || b === 0x7f) && !(b >= 0x09 && b <= 0x0d) && b !== 0x1a) control++;
  }
  if (n > 0 && control / n > MAX_CONTROL_RATIO) {
    return `${Math.round((100 * control) / n)}% of its first ${n} bytes are control characters`;
  }
  return undefined;
}

/** The dominant line ending (CRLF only when it outnumbers lone LF), and whether both occur. */
export function lineEndings(text: string): Pick<TextInfo, 'lineEnding' | 'mixedLineEndings'> {
  let crlf = 0;
  let lf = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) {
    if (i > 0 && text.charCodeAt(i - 1) === 13) crlf++;
    else lf++;
  }
  return { lineEnding: crlf > lf ? 'crlf' : 'lf', mixedLineEndings: crlf > 0 && lf > 0 };
}
