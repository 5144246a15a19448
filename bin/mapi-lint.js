#!/usr/bin/env node
'use strict';
// The mapi-lint command. It loads the command's one esbuild bundle, dist/cli.js: the npm package ships it, and
// in a clone `npm install` builds it (`prepare`), as do `npm run build` and `npm test`. A checkout where only
// `tsc -p .` ran has no bundle: then the compiled entry in out/ runs. Either is server/src/bin.ts, which
// dispatches: `mapi-lint lsp --stdio` starts the language server, anything else runs the CLI (and chooses the
// parser's back end before the first lint).
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const bundle = path.join(root, 'dist', 'cli.js');
const compiled = path.join(root, 'out', 'server', 'src', 'bin.js');

let entry;
if (fs.existsSync(bundle)) entry = require(bundle);
else if (fs.existsSync(compiled)) entry = require(compiled);
else {
  process.stderr.write(`mapi-lint: the CLI is not built (${bundle} is missing); run \`npm run build\` first\n`);
  process.exitCode = 2;
  return;
}
entry.run(process.argv.slice(2));
