#!/usr/bin/env node
'use strict';
// The mapi-lint command. It loads the CLI's one esbuild bundle, dist/cli.js: the npm package ships it, and in
// a clone `npm install` builds it (`prepare`), as do `npm run build` and `npm test`. A checkout where only
// `tsc -p .` ran has no bundle: then the compiled CLI in out/ runs.
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli.js');
const compiled = path.join(root, 'out', 'server', 'src', 'cli', 'main.js');

let cli;
let engine;
if (fs.existsSync(bundle)) {
  cli = engine = require(bundle);
} else if (fs.existsSync(compiled)) {
  cli = require(compiled);
  engine = require(path.join(root, 'out', 'server', 'src', 'engine', 'index.js'));
} else {
  process.stderr.write(`mapi-lint: the CLI is not built (${bundle} is missing); run \`npm run build\` first\n`);
  process.exitCode = 2;
  return;
}

// The parser's back end is chosen before the first lint: the native tree-sitter binding, else WebAssembly,
// which says so once.
engine.initParser().then(
  (info) => {
    if (info.note) process.stderr.write(`mapi-lint: note: ${info.note}\n`);
    cli.run(process.argv.slice(2));
  },
  (e) => {
    process.stderr.write(`mapi-lint: error: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exitCode = 2;
  },
);
