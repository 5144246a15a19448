// Bundles the extension for the VSIX:
//   dist/client.js   the VS Code extension (vscode external)
//   dist/server.js   the language server (tree-sitter packages external: native N-API modules)
//   dist/node_modules/<native package>/  the parts of the native packages needed at run time:
//     package.json, the JS entry, LICENSE, prebuilds for the shipped platforms, the grammar's node-types.json.
// Also type-checks the client (client/tsconfig.json), which the root `tsc -p .` does not cover.
// Usage: node scripts/bundle.mjs [--no-typecheck]
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtinModules, createRequire } from 'node:module';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = path.join(root, 'dist');
const require = createRequire(path.join(root, 'package.json'));

/** Platforms whose prebuilds go into the VSIX (one universal VSIX). */
export const PLATFORMS = ['linux-x64', 'darwin-x64', 'darwin-arm64', 'win32-x64'];

/**
 * Native packages: never bundled (node-gyp-build locates the .node file relative to the package folder).
 * `always`: shipped even if the current server bundle does not import them yet.
 */
const NATIVE = [
  { name: 'tree-sitter', always: true, extra: [] },
  { name: 'tree-sitter-cpp', always: true, extra: ['src/node-types.json'] },
  { name: 'tree-sitter-c', always: false, extra: ['src/node-types.json'] },
];
/** Pure-JS run-time dependencies of the native packages' entry files. */
const NATIVE_RUNTIME_DEPS = ['node-gyp-build'];

function log(msg) {
  process.stdout.write(`[bundle] ${msg}\n`);
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
    else log(`warning: ${name}/${rel} not found`);
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

export async function bundle({ typecheck = true } = {}) {
  if (typecheck) {
    log('type-checking the client (tsc -p client --noEmit)');
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(root, 'client'), '--noEmit'], { stdio: 'inherit' });
  }
  fs.rmSync(dist, { recursive: true, force: true });
  fs.mkdirSync(dist, { recursive: true });
  const common = {
    bundle: true,
    platform: 'node',
    target: 'node18',
    format: 'cjs',
    sourcemap: 'linked',
    keepNames: true,
    logLevel: 'warning',
    metafile: true,
  };
  await build({
    ...common,
    entryPoints: [path.join(root, 'client/src/extension.ts')],
    outfile: path.join(dist, 'client.js'),
    external: ['vscode'],
    minify: true,
    tsconfig: path.join(root, 'client/tsconfig.json'),
  });
  const server = await build({
    ...common,
    entryPoints: [path.join(root, 'server/src/lsp/main.ts')],
    outfile: path.join(dist, 'server.js'),
    external: NATIVE.map((n) => n.name),
    tsconfig: path.join(root, 'tsconfig.json'),
  });
  // Which native packages does the server import?
  const imported = new Set();
  for (const out of Object.values(server.metafile.outputs)) {
    for (const imp of out.imports ?? []) if (imp.external) imported.add(imp.path.split('/')[0]);
  }
  for (const n of NATIVE) {
    if (n.always || imported.has(n.name)) {
      shipPackage(n.name, n.extra);
      log(`shipped ${n.name}${imported.has(n.name) ? '' : ' (not imported by the server yet)'}`);
    }
  }
  for (const d of NATIVE_RUNTIME_DEPS) shipPackage(d);
  for (const ext of imported) {
    if (!NATIVE.some((n) => n.name === ext) && !ext.startsWith('node:') && !builtinModules.includes(ext)) log(`warning: external import ${ext} is not shipped`);
  }
  for (const f of ['client.js', 'server.js']) log(`dist/${f}: ${(fs.statSync(path.join(dist, f)).size / 1024).toFixed(0)} KiB`);
  log(`dist/node_modules: ${(dirSize(path.join(dist, 'node_modules')) / 1024 / 1024).toFixed(1)} MiB`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  bundle({ typecheck: !process.argv.includes('--no-typecheck') }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
