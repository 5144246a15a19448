// Bundles with esbuild into dist/:
//   dist/cli.js        the command line (bin/mapi-lint.js loads it): one bundle of its entry server/src/bin.ts,
//                      the CLI, the engine, the project layer and, evaluated only by `mapi-lint lsp`, the
//                      language server. It is what the npm package ships (package.json `files`).
//   dist/wasm/         the grammars' WebAssembly builds, the parser's fallback where the native binding does
//                      not load (tree-sitter-c.wasm, tree-sitter-cpp.wasm).
//   dist/client.js     the VS Code extension (vscode external)                                  } the VSIX
//   dist/server.js     the language server                                                      } only
//   dist/node_modules/<package>/  the parts of the external packages the VSIX needs at run time: }
//     package.json, the JS entry, LICENSE, the native prebuilds for the shipped platforms, web-tree-sitter's
//     tree-sitter.wasm.
// Never bundled: the native packages (node-gyp-build finds the .node file relative to the package folder) and
// web-tree-sitter (its JS finds tree-sitter.wasm beside itself; required only when WebAssembly parses). The
// npm package gets them as dependencies; the VSIX carries them in dist/node_modules.
// Also type-checks the client (client/tsconfig.json), which the root `tsc -p .` does not cover.
// Usage: node scripts/bundle.mjs [--cli] [--no-typecheck]
//   --cli   dist/cli.js and dist/wasm only (what `prepare` builds on `npm install` in a clone); the rest of
//           dist/ is left as it is.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules, createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const require = createRequire(path.join(root, 'package.json'));

/** Platforms whose native prebuilds go into the VSIX (one universal VSIX); the others parse with WebAssembly. */
export const PLATFORMS = ['linux-x64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];

/** Packages left out of the bundles, with the files of each that the VSIX needs besides its entry. */
export const EXTERNAL = [
  { name: 'tree-sitter', extra: [] },
  { name: 'tree-sitter-cpp', extra: ['src/node-types.json'] },
  { name: 'tree-sitter-c', extra: ['src/node-types.json'] },
  { name: 'web-tree-sitter', extra: ['tree-sitter.wasm'] },
];
/** Pure-JS run-time dependencies of the native packages' entry files. */
const EXTERNAL_RUNTIME_DEPS = ['node-gyp-build'];
/** The grammars' own wasm builds, copied to dist/wasm/ (parse/treesitter.ts looks beside the bundle first). */
export const GRAMMAR_WASM = ['tree-sitter-c', 'tree-sitter-cpp'];

function log(msg) {
  process.stderr.write(`[bundle] ${msg}\n`); // stderr: `npm pack --json` (which runs prepare) keeps stdout
}

function pkgDir(name) {
  return path.dirname(require.resolve(`${name}/package.json`));
}

function copyFile(from, to) {
  fs.mkdirSync(path.dirname(to), { recursive: true });
  fs.copyFileSync(from, to);
}

/** Copies the run-time files of a package into dist/node_modules/<name>. */
function shipPackage(name, extra = []) {
  const src = pkgDir(name);
  const dest = path.join(dist, 'node_modules', name);
  const pkg = JSON.parse(fs.readFileSync(path.join(src, 'package.json'), 'utf8'));
  // A trimmed package.json: what Node's resolver and node-gyp-build read.
  const slim = { name: pkg.name, version: pkg.version, license: pkg.license, main: pkg.main, exports: pkg.exports, imports: pkg.imports };
  fs.mkdirSync(dest, { recursive: true });
  fs.writeFileSync(path.join(dest, 'package.json'), JSON.stringify(slim, null, 2) + '\n');
  const files = new Set(extra);
  // The entry file(s).
  const mainRel = path.relative(src, require.resolve(name, { paths: [root] }));
  files.add(mainRel);
  for (const f of fs.readdirSync(src)) {
    if (/^(LICENSE|LICENCE|COPYING)/i.test(f)) files.add(f);
    if (name === 'node-gyp-build' && f === 'node-gyp-build.js') files.add(f); // required by index.js
  }
  for (const rel of files) {
    const from = path.join(src, rel);
    if (fs.existsSync(from)) copyFile(from, path.join(dest, rel));
    else throw new Error(`${name}/${rel} not found`);
  }
  const prebuilds = path.join(src, 'prebuilds');
  if (fs.existsSync(prebuilds)) {
    for (const plat of PLATFORMS) {
      const dir = path.join(prebuilds, plat);
      if (!fs.existsSync(dir)) throw new Error(`${name} has no prebuild for ${plat}`);
      for (const f of fs.readdirSync(dir)) if (f.endsWith('.node')) copyFile(path.join(dir, f), path.join(dest, 'prebuilds', plat, f));
    }
  }
  return dest;
}

function dirSize(dir) {
  let n = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    n += e.isDirectory() ? dirSize(p) : fs.statSync(p).size;
  }
  return n;
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: 'linked',
  keepNames: true,
  minify: true,
  logLevel: 'warning',
  metafile: true,
  // The ES module builds first: jsonc-parser's `main` is a UMD build whose require() calls esbuild cannot see.
  mainFields: ['module', 'main'],
  tsconfig: path.join(root, 'tsconfig.json'),
};

/** The external packages a build imports (by package name). */
function externalImports(result) {
  const imported = new Set();
  for (const out of Object.values(result.metafile.outputs)) {
    for (const imp of out.imports ?? []) if (imp.external) imported.add(imp.path.startsWith('@') ? imp.path.split('/').slice(0, 2).join('/') : imp.path.split('/')[0]);
  }
  for (const ext of imported) {
    if (!EXTERNAL.some((n) => n.name === ext) && !ext.startsWith('node:') && !builtinModules.includes(ext) && ext !== 'vscode') throw new Error(`external import ${ext} is neither bundled nor shipped`);
  }
  return imported;
}

function copyGrammarWasm() {
  for (const g of GRAMMAR_WASM) copyFile(path.join(pkgDir(g), `${g}.wasm`), path.join(dist, 'wasm', `${g}.wasm`));
}

/** dist/cli.js and dist/wasm/. */
export async function bundleCli() {
  fs.mkdirSync(dist, { recursive: true });
  const result = await build({
    ...common,
    // The command's entry, which bin/mapi-lint.js runs: it dispatches to the language server (`lsp`) or the
    // CLI, the two shells that never import each other.
    entryPoints: [path.join(root, 'server/src/bin.ts')],
    outfile: path.join(dist, 'cli.js'),
    external: EXTERNAL.map((n) => n.name),
  });
  externalImports(result);
  copyGrammarWasm();
  log(`dist/cli.js: ${(fs.statSync(path.join(dist, 'cli.js')).size / 1024).toFixed(0)} KiB; dist/wasm: ${(dirSize(path.join(dist, 'wasm')) / 1024 / 1024).toFixed(1)} MiB`);
}

/** Everything: the CLI, the extension's client and server, and the packages the VSIX carries. */
export async function bundle({ typecheck = true } = {}) {
  if (typecheck) {
    log('type-checking the client (tsc -p client --noEmit)');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'client'), '--noEmit'], { stdio: 'inherit' });
  }
  // The copied packages are rebuilt from scratch; the bundles are overwritten in place.
  fs.rmSync(path.join(dist, 'node_modules'), { recursive: true, force: true });
  await bundleCli();
  await build({
    ...common,
    entryPoints: [path.join(root, 'client/src/extension.ts')],
    outfile: path.join(dist, 'client.js'),
    external: ['vscode'],
    tsconfig: path.join(root, 'client/tsconfig.json'),
  });
  const server = await build({
    ...common,
    entryPoints: [path.join(root, 'server/src/lsp/main.ts')],
    outfile: path.join(dist, 'server.js'),
    external: EXTERNAL.map((n) => n.name),
    // The server's stack traces stay readable in the output channel.
    minify: false,
  });
  const imported = externalImports(server);
  for (const n of EXTERNAL) {
    shipPackage(n.name, n.extra);
    log(`shipped ${n.name}${imported.has(n.name) ? '' : ' (not imported by the server)'}`);
  }
  for (const d of EXTERNAL_RUNTIME_DEPS) shipPackage(d);
  for (const f of ['client.js', 'server.js']) log(`dist/${f}: ${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(0)} KiB`);
  log(`dist/node_modules: ${(dirSize(path.join(dist, 'node_modules')) / 1024 / 1024).toFixed(1)} MiB`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const run = process.argv.includes('--cli') ? bundleCli() : bundle({ typecheck: !process.argv.includes('--no-typecheck') });
  run.catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
