// The floor: walk the tree, read every C/C++ file and parse it with tree-sitter-cpp (the engine's parser and
// buffer sizing), nothing else. One process, one thread, like the CLI.
'use strict';
const fs = require('fs');
const path = require('path');
const root = path.resolve(__dirname, '../..');
const Parser = require(require.resolve('tree-sitter', { paths: [root] }));
const Cpp = require(require.resolve('tree-sitter-cpp', { paths: [root] }));
const SOURCE = /\.(c|cc|cpp|cxx|h|hh|hpp|hxx)$/i;
const parser = new Parser();
parser.setLanguage(Cpp);
let files = 0;
let bytes = 0;
let nodes = 0;
const walk = (d) => {
  for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const full = path.join(d, e.name);
    if (e.isDirectory()) walk(full);
    else if (e.isFile() && SOURCE.test(e.name)) {
      const text = fs.readFileSync(full, 'utf8');
      const tree = parser.parse(text, undefined, { bufferSize: Math.max(32 * 1024, text.length * 2 + 1024) });
      nodes += tree.rootNode.descendantCount;
      files++;
      bytes += Buffer.byteLength(text);
    }
  }
};
for (const p of process.argv.slice(2)) walk(p);
process.stdout.write(JSON.stringify({ files, bytes, nodes }) + '\n');
