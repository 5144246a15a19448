// The floor of a lint that parses only what can hold a store: one process, one thread, walks the tree (every
// C/C++ file, sorted), reads every file once, tests it against /StoreLogoff|IMsgStore|IMAPISupport/, parses
// the files that match with tree-sitter-cpp (the engine's buffer sizing) and visits every node of their
// trees once with a TreeCursor. Nothing else: no preprocessing, no facts, no analysis, no report.
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '../..');
const Parser = require(require.resolve('tree-sitter', { paths: [root] }));
const Cpp = require(require.resolve('tree-sitter-cpp', { paths: [root] }));
const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp|hxx)$/i;
const PROBE = /StoreLogoff|IMsgStore|IMAPISupport/;
const parser = new Parser();
parser.setLanguage(Cpp);
let files = 0;
let bytes = 0;
let parsed = 0;
let nodes = 0;
const visit = (tree) => {
  const c = tree.walk();
  for (;;) {
    nodes++;
    if (c.gotoFirstChild()) continue;
    while (!c.gotoNextSibling()) if (!c.gotoParent()) return;
  }
};
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(d, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.isFile() && SOURCE.test(e.name)) {
      const text = fs.readFileSync(full, 'utf8');
      files++;
      bytes += text.length;
      if (!PROBE.test(text)) continue;
      parsed++;
      visit(parser.parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 1024) }));
    }
  }
};
for (const p of process.argv.slice(2)) walk(p);
process.stdout.write(JSON.stringify({ files, bytes, parsed, nodes }) + '\n');
