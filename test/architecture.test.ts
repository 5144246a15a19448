// The import boundaries between the layers (ARCHITECTURE.md, DESIGN.md), read from the TypeScript sources
// with the compiler's own import scanner (ts.preProcessFile: import and export declarations, import types,
// require() and import() calls), never with a regular expression:
//   - the shells, cli/ and lsp/, import the engine only through its facade (engine/index.ts), the project
//     layer, and their own files; they never import each other (server/src/bin.ts, the command's entry,
//     is the one module that knows both);
//   - the engine imports nothing from cli/, lsp/ or project/ (nothing outside engine/ at all) and does no I/O:
//     no file system, processes, sockets or threads;
//   - project/ never imports a shell, and the engine only through its facade;
//   - the VS Code client takes from server/ only lsp/protocol.ts and project/constants.ts, which it bundles:
//     those two import nothing else.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

/** One import as the scanner sees it: the importing file and the target (repository-relative, '/'-separated). */
export interface ImportEdge {
  from: string;
  /** The specifier as written: './state', 'node:fs', 'vscode-languageserver/node'. */
  spec: string;
  /** The file a relative specifier resolves to; undefined for a package or a built-in module. */
  target?: string;
}

const ENGINE = 'server/src/engine/';
const FACADE = 'server/src/engine/index.ts';
const CLI = 'server/src/cli/';
const LSP = 'server/src/lsp/';
const PROJECT = 'server/src/project/';
const CLIENT = 'client/';
const PROTOCOL = 'server/src/lsp/protocol.ts';
const CONSTANTS = 'server/src/project/constants.ts';
const BIN = 'server/src/bin.ts';

/** Built-in modules that do I/O: the engine imports none of them (with or without `node:`, or a subpath). */
export const IO_MODULES: ReadonlySet<string> = new Set(['fs', 'child_process', 'net', 'worker_threads', 'http', 'https', 'http2', 'dgram', 'tls', 'cluster']);

/** `node:fs/promises` -> `fs`; a package name is returned as it is. */
export function builtinRoot(spec: string): string {
  return spec.replace(/^node:/, '').split('/')[0]!;
}

/** The rule an import breaks, or undefined when it is allowed. */
export function ruleBroken(e: ImportEdge): string | undefined {
  const t = e.target;
  const inside = (dir: string) => t !== undefined && t.startsWith(dir);
  if (e.from.startsWith(CLI) || e.from.startsWith(LSP)) {
    const [own, name] = e.from.startsWith(CLI) ? [CLI, 'cli'] : [LSP, 'lsp'];
    if (t !== undefined && !(t.startsWith(own) || t.startsWith(PROJECT) || t === FACADE)) {
      if (inside(CLI) || inside(LSP)) return `${name}/ never imports the other shell`;
      if (inside(ENGINE)) return 'the shells import the engine only through its facade (engine/index.ts)';
      return `${name}/ imports only engine/index.ts, project/ and its own files`;
    }
  }
  if (e.from.startsWith(ENGINE)) {
    if (t !== undefined && !t.startsWith(ENGINE)) return 'the engine imports nothing from outside engine/ (no cli/, lsp/ or project/)';
    // Built-in names are reserved on npm: a bare `fs` or `fs/promises` is Node's, as is anything `node:`.
    if (t === undefined && IO_MODULES.has(builtinRoot(e.spec))) return `the engine does no I/O (${e.spec})`;
  }
  if (e.from.startsWith(PROJECT)) {
    if (inside(CLI) || inside(LSP)) return 'project/ never imports a shell';
    if (inside(ENGINE) && t !== FACADE) return 'project/ imports the engine only through its facade (engine/index.ts)';
  }
  if (e.from.startsWith(CLIENT) && t !== undefined && t.startsWith('server/') && t !== PROTOCOL && t !== CONSTANTS) {
    return 'the client imports only lsp/protocol.ts and project/constants.ts from server/';
  }
  if ((e.from === PROTOCOL || e.from === CONSTANTS) && !(e.from === PROTOCOL && t === CONSTANTS)) {
    return 'lsp/protocol.ts and project/constants.ts, which the client bundles, import nothing but constants.ts';
  }
  if (e.from === BIN && t !== undefined && !(t.startsWith(CLI) || t === `${LSP}server.ts` || t === FACADE)) {
    return 'bin.ts imports only the CLI, lsp/server.ts and the engine facade';
  }
  return undefined;
}

/** Every broken rule of `edges`, one line each ("from -> spec: rule"). */
export function violations(edges: readonly ImportEdge[]): string[] {
  const out: string[] = [];
  for (const e of edges) {
    const rule = ruleBroken(e);
    if (rule) out.push(`${e.from} -> ${e.spec}: ${rule}`);
  }
  return out;
}

// ───────────────────────────── reading the sources ─────────────────────────────

function repoRoot(): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { name?: string }).name === 'mapi-lint' && fs.existsSync(path.join(dir, 'server', 'src'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no mapi-lint checkout above ${__dirname}`);
  }
}

const ROOT = repoRoot();

function toRepo(abs: string): string {
  return path.relative(ROOT, abs).split(path.sep).join('/');
}

function sourcesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) out.push(p);
    }
  };
  walk(dir);
  return out.sort();
}

/** The file a relative specifier names, as TypeScript (moduleResolution node) finds it. */
function resolveRelative(fromAbs: string, spec: string): string {
  const base = path.resolve(path.dirname(fromAbs), spec);
  for (const c of [base, `${base}.ts`, `${base}.tsx`, `${base}.d.ts`, `${base}.js`, path.join(base, 'index.ts'), path.join(base, 'index.js')]) {
    if (fs.existsSync(c) && fs.statSync(c).isFile()) return toRepo(c);
  }
  return toRepo(base); // unresolved: still judged by where it points
}

/** The imports of one source file. */
export function importsOf(fromAbs: string, text: string): ImportEdge[] {
  const info = ts.preProcessFile(text, /* readImportFiles */ true, /* detectJavaScriptImports: require() and import() */ true);
  const from = toRepo(fromAbs);
  return info.importedFiles.map(({ fileName: spec }) => (spec.startsWith('.') ? { from, spec, target: resolveRelative(fromAbs, spec) } : { from, spec }));
}

function allEdges(): ImportEdge[] {
  const files = [...sourcesUnder(path.join(ROOT, 'server', 'src')), ...sourcesUnder(path.join(ROOT, 'client', 'src'))];
  return files.flatMap((f) => importsOf(f, fs.readFileSync(f, 'utf8')));
}

// ───────────────────────────── the checks ─────────────────────────────

describe('import boundaries', () => {
  const edges = allEdges();

  test('the scanner sees the sources (each layer has files with imports)', () => {
    for (const dir of [ENGINE, CLI, LSP, PROJECT, CLIENT]) assert.ok(edges.some((e) => e.from.startsWith(dir)), `no imports found under ${dir}`);
    // It sees what a regular expression over `import` lines would miss: a lazy require() and an import type.
    assert.ok(edges.some((e) => e.from === BIN && e.target === `${LSP}server.ts`), 'bin.ts requires lsp/server lazily');
  });

  test('no layer imports across its boundary', () => {
    assert.deepEqual(violations(edges), []);
  });

  test('the shells never import each other', () => {
    const crossing = edges.filter((e) => (e.from.startsWith(CLI) && e.target?.startsWith(LSP)) || (e.from.startsWith(LSP) && e.target?.startsWith(CLI)));
    assert.deepEqual(crossing, []);
  });
});

describe('the rules themselves (on made-up imports)', () => {
  const edge = (from: string, spec: string, target?: string): ImportEdge => ({ from, spec, ...(target ? { target } : {}) });

  test('allowed imports pass', () => {
    assert.deepEqual(
      violations([
        edge('server/src/cli/main.ts', '../engine', FACADE),
        edge('server/src/cli/main.ts', '../project/config', 'server/src/project/config.ts'),
        edge('server/src/cli/format/json.ts', './report', 'server/src/cli/format/report.ts'),
        edge('server/src/cli/main.ts', 'node:fs'),
        edge('server/src/lsp/handlers/codeActions.ts', '../../engine', FACADE),
        edge('server/src/lsp/server.ts', 'vscode-languageserver/node'),
        edge('server/src/engine/workspace.ts', './api', 'server/src/engine/api.ts'),
        edge('server/src/engine/parse/treesitter.ts', 'node:path'),
        edge('server/src/engine/parse/treesitter.ts', 'tree-sitter'),
        edge('server/src/project/schema.ts', '../engine', FACADE),
        edge('client/src/extension.ts', '../../server/src/lsp/protocol', PROTOCOL),
        edge('client/src/extension.ts', 'vscode'),
        edge(PROTOCOL, '../project/constants', CONSTANTS),
        edge(BIN, './lsp/server', 'server/src/lsp/server.ts'),
        edge(BIN, './cli/main', 'server/src/cli/main.ts'),
      ]),
      [],
    );
  });

  test('each boundary fails on a violation', () => {
    const cases: [ImportEdge, RegExp][] = [
      [edge('server/src/cli/main.ts', '../lsp/server', 'server/src/lsp/server.ts'), /never imports the other shell/],
      [edge('server/src/lsp/state.ts', '../cli/args', 'server/src/cli/args.ts'), /never imports the other shell/],
      [edge('server/src/cli/main.ts', '../engine/workspace', 'server/src/engine/workspace.ts'), /only through its facade/],
      [edge('server/src/lsp/analysis.ts', '../engine/types', 'server/src/engine/types.ts'), /only through its facade/],
      [edge('server/src/lsp/server.ts', '../bin', BIN), /imports only engine\/index\.ts, project\/ and its own files/],
      [edge('server/src/engine/workspace.ts', '../project/config', 'server/src/project/config.ts'), /engine imports nothing from outside/],
      [edge('server/src/engine/rules/index.ts', '../../lsp/protocol', PROTOCOL), /engine imports nothing from outside/],
      [edge('server/src/engine/parse/treesitter.ts', 'node:fs'), /engine does no I\/O/],
      [edge('server/src/engine/parse/treesitter.ts', 'fs'), /engine does no I\/O/],
      [edge('server/src/engine/parse/treesitter.ts', 'fs/promises'), /engine does no I\/O/],
      [edge('server/src/engine/sim/engine.ts', 'child_process'), /engine does no I\/O/],
      [edge('server/src/engine/sim/engine.ts', 'node:net'), /engine does no I\/O/],
      [edge('server/src/engine/workspace.ts', 'worker_threads'), /engine does no I\/O/],
      [edge('server/src/project/walk.ts', '../cli/fs', 'server/src/cli/fs.ts'), /project\/ never imports a shell/],
      [edge('server/src/project/config.ts', '../lsp/config', 'server/src/lsp/config.ts'), /project\/ never imports a shell/],
      [edge('server/src/project/config.ts', '../engine/rules/index', 'server/src/engine/rules/index.ts'), /project\/ imports the engine only through its facade/],
      [edge('client/src/extension.ts', '../../server/src/lsp/server', 'server/src/lsp/server.ts'), /client imports only/],
      [edge('client/src/extension.ts', '../../server/src/engine', FACADE), /client imports only/],
      [edge(PROTOCOL, '../engine', FACADE), /which the client bundles/],
      [edge(CONSTANTS, 'node:path'), /which the client bundles/],
      [edge(BIN, './engine/workspace', 'server/src/engine/workspace.ts'), /bin\.ts imports only/],
    ];
    for (const [e, rule] of cases) {
      const v = violations([e]);
      assert.equal(v.length, 1, `${e.from} -> ${e.spec} must break a rule`);
      assert.match(v[0]!, rule);
    }
  });

  test('a package whose name only looks like an I/O module is not one; the scanner reads lazy and type imports', () => {
    assert.deepEqual(violations([edge('server/src/engine/x.ts', 'fs-extra'), edge('server/src/engine/x.ts', 'netmask')]), []);
    const text = [
      "import type { A } from '../engine/types';",
      "export { B } from './b';",
      "const lazy = require('../lsp/server') as typeof import('../lsp/server');",
      "// import { C } from '../lsp/commented';",
      "const s = \"import { D } from '../lsp/string'\";",
    ].join('\n');
    const specs = importsOf(path.join(ROOT, 'server/src/cli/x.ts'), text).map((e) => e.spec);
    assert.ok(specs.includes('../engine/types') && specs.includes('./b') && specs.includes('../lsp/server'), specs.join(', '));
    assert.ok(!specs.includes('../lsp/commented') && !specs.includes('../lsp/string'), `comments and strings are not imports: ${specs.join(', ')}`);
    assert.equal(specs.filter((x) => x === '../lsp/server').length, 2, 'the require() and the import type');
    const broken = violations(importsOf(path.join(ROOT, 'server/src/cli/x.ts'), text));
    assert.deepEqual(
      [...new Set(broken)],
      [
        'server/src/cli/x.ts -> ../engine/types: the shells import the engine only through its facade (engine/index.ts)',
        'server/src/cli/x.ts -> ../lsp/server: cli/ never imports the other shell',
      ],
    );
  });
});
