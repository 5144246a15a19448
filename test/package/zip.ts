// Reads a zip file (a VSIX) without a dependency: the central directory's entries, and extraction of the
// stored and deflated ones.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  size: number;
  method: number;
  compressedSize: number;
  localHeader: number;
}

export function zipEntries(file: string): ZipEntry[] {
  const buf = fs.readFileSync(file);
  // End of central directory record: signature 0x06054b50, within the last 64 KiB + 22 bytes.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 65_557); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error(`${file}: not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error('bad central directory entry');
    const nameLen = buf.readUInt16LE(p + 28);
    out.push({
      name: buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'),
      method: buf.readUInt16LE(p + 10),
      compressedSize: buf.readUInt32LE(p + 20),
      size: buf.readUInt32LE(p + 24),
      localHeader: buf.readUInt32LE(p + 42),
    });
    p += 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
  }
  return out;
}

/** Extracts the entries whose name starts with `prefix` (all by default) into `dest`. */
export function extractZip(file: string, dest: string, prefix = ''): string[] {
  const buf = fs.readFileSync(file);
  const written: string[] = [];
  for (const e of zipEntries(file)) {
    if (!e.name.startsWith(prefix) || e.name.endsWith('/')) continue;
    const target = path.resolve(dest, e.name);
    if (!target.startsWith(path.resolve(dest) + path.sep)) throw new Error(`${e.name} leaves the destination`);
    const h = e.localHeader;
    if (buf.readUInt32LE(h) !== 0x04034b50) throw new Error(`bad local header for ${e.name}`);
    const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
    const raw = buf.subarray(start, start + e.compressedSize);
    const data = e.method === 0 ? raw : e.method === 8 ? zlib.inflateRawSync(raw) : undefined;
    if (!data) throw new Error(`${e.name}: compression method ${e.method}`);
    if (data.length !== e.size) throw new Error(`${e.name}: ${data.length} bytes, expected ${e.size}`);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, data);
    written.push(e.name);
  }
  return written;
}
