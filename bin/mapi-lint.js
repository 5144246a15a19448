#!/usr/bin/env node
'use strict';
// The mapi-lint command. The code lives in the compiled CLI (npm run build writes out/).
const path = require('path');

const entry = path.join(__dirname, '..', 'out', 'server', 'src', 'cli', 'main.js');
let cli;
try {
  cli = require(entry);
} catch (e) {
  if (e && e.code === 'MODULE_NOT_FOUND' && String(e.message).includes(entry)) {
    process.stderr.write('mapi-lint: the CLI is not built (' + entry + ' is missing); run `npm run build` first\n');
    process.exitCode = 2;
    return;
  }
  throw e;
}
cli.run(process.argv.slice(2));
