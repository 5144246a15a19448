#!/usr/bin/env node
// Draws the extension's icon (client/icon.png, 128×128): a dark tile with an envelope whose flap is a check
// mark. Plain PNG written with node:zlib, so the icon has a source in the repository.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const N = 128;
const px = new Uint8Array(N * N * 4);
const set = (x, y, [r, g, b, a = 255]) => {
  if (x < 0 || y < 0 || x >= N || y >= N) return;
  const i = (y * N + x) * 4;
  px.set([r, g, b, a], i);
};
const BG = [0x1e, 0x3a, 0x5f];
const FG = [0xf2, 0xf5, 0xf8];
const OK = [0x4c, 0xc3, 0x6b];
for (let y = 0; y < N; y++) for (let x = 0; x < N; x++) {
  // A rounded tile.
  const dx = Math.max(0, Math.abs(x - 63.5) - 48);
  const dy = Math.max(0, Math.abs(y - 63.5) - 48);
  if (dx * dx + dy * dy <= 15.5 * 15.5) set(x, y, BG);
}
const line = (x0, y0, x1, y1, w, c) => {
  const len = Math.hypot(x1 - x0, y1 - y0);
  for (let t = 0; t <= len; t += 0.25) {
    const x = x0 + ((x1 - x0) * t) / len;
    const y = y0 + ((y1 - y0) * t) / len;
    for (let oy = -w; oy <= w; oy++) for (let ox = -w; ox <= w; ox++) if (ox * ox + oy * oy <= w * w) set(Math.round(x + ox), Math.round(y + oy), c);
  }
};
// The envelope.
line(28, 40, 100, 40, 3, FG);
line(28, 92, 100, 92, 3, FG);
line(28, 40, 28, 92, 3, FG);
line(100, 40, 100, 92, 3, FG);
// Its flap, a check mark.
line(40, 58, 58, 74, 5, OK);
line(58, 74, 90, 46, 5, OK);

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
const crc = (buf) => {
  let c = 0xffffffff;
  for (const b of buf) c = crcTable[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
};
const chunk = (type, data) => {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const c = Buffer.alloc(4);
  c.writeUInt32BE(crc(td));
  return Buffer.concat([len, td, c]);
};
const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(N, 0);
ihdr.writeUInt32BE(N, 4);
ihdr.set([8, 6, 0, 0, 0], 8); // 8-bit RGBA
const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) {
  raw[y * (N * 4 + 1)] = 0;
  Buffer.from(px.buffer, y * N * 4, N * 4).copy(raw, y * (N * 4 + 1) + 1);
}
const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
const out = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'client', 'icon.png');
fs.writeFileSync(out, png);
process.stdout.write(`${out}: ${png.length} bytes\n`);
