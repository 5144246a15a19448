// Turning bytes read from disk into text for the engine. Source trees of MAPI providers are old:
// UTF-8 with and without BOM, UTF-16 from Visual Studio, and ANSI (windows-1252) files all occur.

export type DecodeResult = { kind: 'text'; text: string; encoding: string } | { kind: 'binary' };

// Code points for bytes 0x80..0x9F in windows-1252; the rest of the high half maps to Latin-1.
// 0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined there: keep them as the C1 control of the same value.
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

export function decodeWindows1252(bytes: Uint8Array): string {
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < bytes.length; i += CHUNK) {
    const end = Math.min(bytes.length, i + CHUNK);
    const codes = new Array<number>(end - i);
    for (let j = i; j < end; j++) {
      const b = bytes[j]!;
      codes[j - i] = b >= 0x80 && b <= 0x9f ? CP1252_HIGH[b - 0x80]! : b;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

function decodeUtf16(bytes: Uint8Array, bigEndian: boolean): string {
  const n = Math.floor(bytes.length / 2);
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) {
    const end = Math.min(n, i + CHUNK);
    const codes = new Array<number>(end - i);
    for (let j = i; j < end; j++) {
      const a = bytes[2 * j]!;
      const b = bytes[2 * j + 1]!;
      codes[j - i] = bigEndian ? (a << 8) | b : (b << 8) | a;
    }
    out += String.fromCharCode(...codes);
  }
  return out;
}

/**
 * BOMs win; then a NUL byte means binary (skipped); then strict UTF-8; and windows-1252 when UTF-8 is invalid.
 */
export function decodeSource(bytes: Uint8Array): DecodeResult {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const rest = bytes.subarray(3);
    if (rest.includes(0)) return { kind: 'binary' };
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: false }).decode(rest), encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { kind: 'text', text: decodeUtf16(bytes.subarray(2), false), encoding: 'utf-16le' };
  }
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { kind: 'text', text: decodeUtf16(bytes.subarray(2), true), encoding: 'utf-16be' };
  }
  if (bytes.includes(0)) return { kind: 'binary' };
  try {
    return { kind: 'text', text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { kind: 'text', text: decodeWindows1252(bytes), encoding: 'windows-1252' };
  }
}
