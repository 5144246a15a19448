import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { decodeBytes, encodeText, eol, type DecodedText } from '../../server/src/engine';

function text(bytes: Uint8Array): DecodedText {
  const d = decodeBytes(bytes);
  assert.equal(d.kind, 'text', d.kind === 'binary' ? d.reason : '');
  return d as DecodedText;
}

function roundTrip(bytes: Uint8Array): DecodedText {
  const d = text(bytes);
  assert.deepEqual(Buffer.from(encodeText(d.text, d.info)), Buffer.from(bytes));
  return d;
}

const SRC = 'STDMETHODIMP_(ULONG) CMsgStore::Release()\n{\n  // é ü € ✓ 𝄞\n  return 0;\n}\n';

test('UTF-8 without BOM round-trips', () => {
  const d = roundTrip(Buffer.from(SRC, 'utf8'));
  assert.equal(d.text, SRC);
  assert.deepEqual(d.info, { encoding: 'utf-8', bom: false, lineEnding: 'lf', mixedLineEndings: false });
});

test('UTF-8 with BOM: BOM kept out of the text and written back', () => {
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(SRC, 'utf8')]);
  const d = roundTrip(bytes);
  assert.equal(d.text, SRC);
  assert.equal(d.info.bom, true);
  assert.equal(d.info.encoding, 'utf-8');
});

test('UTF-8 with two BOMs keeps the second one as text', () => {
  const bytes = Buffer.from([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf, 0x61]);
  const d = roundTrip(bytes);
  assert.equal(d.text, '\uFEFFa');
});

test('UTF-16 LE with BOM round-trips', () => {
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(SRC, 'utf16le')]);
  const d = roundTrip(bytes);
  assert.equal(d.text, SRC);
  assert.equal(d.info.encoding, 'utf-16le');
  assert.equal(d.info.bom, true);
});

test('UTF-16 BE with BOM round-trips', () => {
  const le = Buffer.from(SRC, 'utf16le');
  const be = Buffer.alloc(le.length);
  for (let i = 0; i < le.length; i += 2) {
    be[i] = le[i + 1];
    be[i + 1] = le[i];
  }
  const d = roundTrip(Buffer.concat([Buffer.from([0xfe, 0xff]), be]));
  assert.equal(d.text, SRC);
  assert.equal(d.info.encoding, 'utf-16be');
});

test('UTF-16 with a lone surrogate still round-trips byte for byte', () => {
  const bytes = Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x00, 0xd8, 0x62, 0x00]);
  const d = roundTrip(bytes);
  assert.equal(d.text.length, 3);
});

test('UTF-16 with an odd number of bytes is skipped as binary', () => {
  const d = decodeBytes(Buffer.from([0xff, 0xfe, 0x61, 0x00, 0x62]));
  assert.equal(d.kind, 'binary');
});

test('Windows-1252 when the bytes are not valid UTF-8; every byte round-trips', () => {
  // "// Données – copyright © 1996 €" in 1252
  const bytes = Buffer.from([0x2f, 0x2f, 0x20, 0x44, 0x6f, 0x6e, 0x6e, 0xe9, 0x65, 0x73, 0x20, 0x96, 0x20, 0xa9, 0x20, 0x80, 0x0d, 0x0a]);
  const d = roundTrip(bytes);
  assert.equal(d.info.encoding, 'windows-1252');
  assert.equal(d.text, '// Données – © €\r\n');
  assert.equal(d.info.lineEnding, 'crlf');
  const all = new Uint8Array(256 - 32 + 3);
  all.set([0x09, 0x0a, 0x0d]);
  for (let b = 32; b < 256; b++) all[b - 32 + 3] = b;
  const full = roundTrip(all);
  assert.equal(full.info.encoding, 'windows-1252');
});

test('Windows-1252 high bytes follow the WHATWG table (not Latin-1)', () => {
  // Node 20's TextDecoder('windows-1252') decodes as Latin-1 (0x80 -> U+0080), which is why decode.ts
  // carries its own table; spot-check it against the WHATWG index.
  const bytes = Buffer.from([0xe9, 0x80, 0x81, 0x8a, 0x93, 0x94, 0x96, 0x97, 0x99, 0x9f, 0xa0, 0xff]);
  assert.equal(text(bytes).text, '\u00e9\u20ac\u0081\u0160\u201c\u201d\u2013\u2014\u2122\u0178\u00a0\u00ff');
});

test('encodeText refuses characters Windows-1252 cannot hold', () => {
  assert.throws(() => encodeText('€ ✓', { encoding: 'windows-1252', bom: false }), /U\+2713/);
});

test('CRLF is the dominant line ending when most lines use it; edits keep the bytes outside them', () => {
  const src = 'a\r\nb\r\nc\nd\r\n';
  const d = roundTrip(Buffer.from(src, 'utf8'));
  assert.equal(d.info.lineEnding, 'crlf');
  assert.equal(d.info.mixedLineEndings, true);
  assert.equal(eol(d.info), '\r\n');
  const edited = d.text.replace('b', `b${eol(d.info)}inserted`);
  assert.deepEqual(Buffer.from(encodeText(edited, d.info)), Buffer.from('a\r\nb\r\ninserted\r\nc\nd\r\n'));
  assert.equal(text(Buffer.from('a\nb\n')).info.lineEnding, 'lf');
});

test('binary: NUL bytes, or mostly control characters', () => {
  const nul = decodeBytes(Buffer.from('int a;\0\0\0', 'latin1'));
  assert.equal(nul.kind, 'binary');
  assert.match((nul as { reason: string }).reason, /NUL/);
  const ctl = decodeBytes(Buffer.from([1, 2, 3, 4, 5, 6, 0x41, 7, 8]));
  assert.equal(ctl.kind, 'binary');
  assert.match((ctl as { reason: string }).reason, /control/);
  // A form feed or a DOS end-of-file mark in source text is fine.
  assert.equal(decodeBytes(Buffer.from('int a;\f\n\x1a')).kind, 'text');
});

test('empty file: UTF-8 text, LF, round-trips', () => {
  const d = roundTrip(new Uint8Array(0));
  assert.equal(d.text, '');
  assert.deepEqual(d.info, { encoding: 'utf-8', bom: false, lineEnding: 'lf', mixedLineEndings: false });
  const bomOnly = roundTrip(Buffer.from([0xef, 0xbb, 0xbf]));
  assert.equal(bomOnly.text, '');
  const utf16Empty = roundTrip(Buffer.from([0xff, 0xfe]));
  assert.equal(utf16Empty.text, '');
});
