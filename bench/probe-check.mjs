#!/usr/bin/env node
// The relevance probe lexes on its own (server/src/engine/probe.ts, typed arrays instead of a token object
// each): this checks that its tokens are pre/lex.ts's, token for token (kind, offsets, line start), on the
// fixture corpus, the sources of the SDK stand-ins, any folders named, and random texts built to stress the
// lexer (comments, continuations, raw strings, literal prefixes, pp-numbers, punctuators, non-ASCII).
//   node bench/probe-check.mjs [dir...] [--fuzz N]   (after `npx tsc -p .`; exits 1 on a difference)
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { REPO } from './lib/corpus.mjs';

const require = createRequire(import.meta.url);
const { probeTokens } = require(path.join(REPO, 'out/server/src/engine/probe.js'));
const { lex } = require(path.join(REPO, 'out/server/src/engine/pre/lex.js'));
const args = process.argv.slice(2);
const fz = args.indexOf('--fuzz');
const FUZZ = fz >= 0 ? Number(args.splice(fz, 2)[1]) : 100_000;
const dirs = [path.join(REPO, 'test/fixtures'), path.join(REPO, 'server/src/engine/sdk'), ...args];
const files = [];
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true })) {
    const f = path.join(d, e.name);
    if (e.isDirectory()) walk(f);
    else if (e.isFile()) files.push(f);
  }
};
for (const d of dirs) if (fs.existsSync(d)) walk(d);
let checked = 0;
let bad = 0;
const check = (text, label) => {
  checked++;
  const a = lex(text);
  const b = probeTokens(text);
  const same = a.length === b.length && a.every((t, i) => t.kind === b[i].kind && t.start === b[i].start && t.end === b[i].end && t.lineStart === b[i].lineStart);
  if (!same && ++bad <= 5) console.log(`differs: ${label.slice(0, 200)}`);
};
for (const f of files) check(fs.readFileSync(f, 'utf8'), f);
let seed = 99;
const rnd = () => {
  seed = (seed * 1103515245 + 12345) & 0x7fffffff;
  return seed / 0x7fffffff;
};
const chars = 'aZ_$9 .\t\n\r\\/*"\'R(){}<>=-+&|:#%^!~?,;[]@`\u00e9\ud83d\ude00\x00\x0b\x0cu8LUex';
const frags = ['R"x(', ')x"', 'u8R"(', ')"', '/*', '*/', '//', '\\\n', '\\\r\n', '"', "'", '\n', '1e+', "0x1'f", '.5', '...', '->*', '<=>', '<<=', '>>=', '##', '.*', '::', 'LR"a(b)a"'];
for (let k = 0; k < FUZZ; k++) {
  let s = '';
  const len = Math.floor(rnd() * 30);
  for (let j = 0; j < len; j++) s += rnd() < 0.4 ? frags[Math.floor(rnd() * frags.length)] : chars[Math.floor(rnd() * chars.length)];
  check(s, `random: ${JSON.stringify(s)}`);
}
console.log(`${checked} texts (${files.length} files, ${FUZZ} random): ${bad ? `${bad} differ` : 'the same tokens'}`);
process.exitCode = bad ? 1 : 0;
