// End-to-end tests of the language server over stdio (node out/server/src/lsp/server.js --stdio).
import { test, describe, before, after } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol/lib/node/main';
import { listCases } from '../support/cases';
import { TestClient, fileUri, makeWorkspace, protocol, REPO_ROOT } from './harness';
import { LEAKY_STORE_CPP, LEAKY_STORE_H } from './stores';
import { initParser, lintSources, RULE_CATALOG } from '../../server/src/engine';
import type { StatusParams } from '../../server/src/lsp/protocol';
import { statusView } from '../../client/src/status';

const { CancellationTokenSource } = protocol;

// The rule pages shipped with the server (the repository's docs/rules/ for out/ and dist/ alike).
const DOC_URL = (id: string) => `${require('node:url').pathToFileURL(path.join(__dirname, '..', '..', '..', 'docs', 'rules')).href}/${id}.md`;

function mapiDiagnostic(line: number, code = 'logoff-transports-twice', startCol = 8): Diagnostic {
  return {
    range: { start: { line, character: startCol }, end: { line, character: startCol + 10 } },
    severity: 1,
    source: 'mapi-lint',
    code,
    message: 'test diagnostic',
  };
}

const SIMPLE_STORE = [
  '#include "store.h"',
  '',
  'STDMETHODIMP_(ULONG) CMsgStore::Release()',
  '{',
  '    ULONG c = InterlockedDecrement(&m_cRef);',
  '    if (c == 0) {',
  '        delete this;',
  '    }',
  '    return c;',
  '}',
  '',
].join('\n');

describe('mapi-lint language server (stdio)', () => {
  let client: TestClient;
  let ws: string;

  before(async () => {
    ws = makeWorkspace('main', {
      'store.h': 'class CMsgStore : public IMsgStore {\n  LPMAPISUP m_psup;\n  ULONG m_cRef;\n};\n',
      'sub/other.cpp': '// nothing\n',
      'node_modules/dep/skip.cpp': 'int x;\n',
    });
    client = TestClient.start({ rootDir: ws });
  });

  after(async () => {
    await client.stop();
  });

  test('initialize announces incremental sync, code actions, simulate command and code lenses', async () => {
    const r = await client.initialize();
    const caps = r.capabilities;
    const sync = caps.textDocumentSync as { change: number; openClose: boolean };
    assert.equal(sync.change, 2, 'TextDocumentSyncKind.Incremental');
    assert.equal(sync.openClose, true);
    const ca = caps.codeActionProvider as { codeActionKinds: string[] };
    assert.ok(ca.codeActionKinds.includes('quickfix'));
    assert.ok(ca.codeActionKinds.includes('source.fixAll.mapi-lint'));
    assert.ok(caps.executeCommandProvider?.commands.includes('mapi-lint.simulate'));
    assert.ok(caps.codeLensProvider);
    assert.equal(r.serverInfo?.name, 'mapi-lint');
  });

  test('publishes diagnostics for an opened document', async () => {
    const uri = fileUri(path.join(ws, 'store.cpp'));
    await client.open(uri, SIMPLE_STORE);
    const p = await client.waitForDiagnostics(uri);
    assert.ok(Array.isArray(p.diagnostics));
    assert.equal(p.version, 1);
  });

  test('an incremental edit leads to a new publish for the new version', async () => {
    const uri = fileUri(path.join(ws, 'store.cpp'));
    await client.waitForDiagnostics(uri, (p) => p.version === 1);
    // Sent together, as a typist's keystrokes come: waiting for the first write to finish before the second
    // lets a loaded machine put more than the debounce between them.
    await Promise.all([
      client.change(uri, 2, [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '// edited\n' }]),
      client.change(uri, 3, [{ range: { start: { line: 1, character: 3 }, end: { line: 1, character: 9 } }, text: 'changed' }]),
    ]);
    const p = await client.waitForDiagnostics(uri, (q) => q.version === 3);
    assert.ok(Array.isArray(p.diagnostics));
    // Whatever the timing (the 5 ms debounce may or may not join the two edits on a loaded machine), nothing is
    // published for a superseded version after the current one: the last publish is version 3's.
    const mine = client.published.filter((q) => q.uri === uri);
    assert.equal(mine[mine.length - 1]?.version, 3);
    assert.ok(mine.every((q, i) => i === 0 || (q.version ?? 0) >= (mine[i - 1].version ?? 0)), 'versions only go up');
  });

  test('the workspace index reads headers and sources of the folder (not node_modules)', async () => {
    await client.waitFor(() => client.statuses.some((s) => s.state === 'ready'), 10_000, 'index ready');
    const ready = [...client.statuses].reverse().find((s) => s.state === 'ready')!;
    // store.h, sub/other.cpp (indexed) + store.cpp (open); node_modules/dep/skip.cpp skipped.
    assert.equal(ready.files, 3);
    assert.ok(client.statuses.some((s) => typeof s.lastAnalysisMs === 'number'));
  });

  test('"Disable <rule> for this line" inserts a comment above with indentation and LF', async () => {
    const uri = fileUri(path.join(ws, 'lf.cpp'));
    const text = 'void f()\n{\n    psup->StoreLogoffTransports(&f);\n}\n';
    await client.open(uri, text);
    const d = mapiDiagnostic(2);
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable logoff-transports-twice for this line');
    assert.ok(disable, JSON.stringify(actions));
    assert.equal(disable.kind, 'quickfix');
    assert.deepEqual(disable.edit?.changes?.[uri], [
      { range: { start: { line: 2, character: 0 }, end: { line: 2, character: 0 } }, newText: '    // mapi-lint-disable-next-line logoff-transports-twice\n' },
    ]);
  });

  test('"Disable <rule> for this line" keeps CRLF and tab indentation in a CRLF document', async () => {
    const uri = fileUri(path.join(ws, 'crlf.cpp'));
    const text = 'void f()\r\n{\r\n\tif (x) {\r\n\t\tUlRelease(m_psup);\r\n\t}\r\n}\r\n';
    await client.open(uri, text);
    const d = mapiDiagnostic(3, 'support-use-after-release', 2);
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable support-use-after-release for this line');
    assert.ok(disable);
    assert.deepEqual(disable.edit?.changes?.[uri], [
      {
        range: { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } },
        newText: '\t\t// mapi-lint-disable-next-line support-use-after-release\r\n',
      },
    ]);
  });

  test('"Disable <rule> for this line" extends an existing disable-next-line comment', async () => {
    const uri = fileUri(path.join(ws, 'extend.cpp'));
    const text = 'void f()\r\n{\r\n  // mapi-lint-disable-next-line support-use-after-release\r\n  UlRelease(m_psup);\r\n}\r\n';
    await client.open(uri, text);
    const d = mapiDiagnostic(3, 'logoff-transports-twice', 2);
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const disable = actions.find((a) => a.title === 'Disable logoff-transports-twice for this line');
    assert.ok(disable);
    assert.deepEqual(disable.edit?.changes?.[uri], [
      {
        range: { start: { line: 2, character: 0 }, end: { line: 2, character: '  // mapi-lint-disable-next-line support-use-after-release'.length } },
        newText: '  // mapi-lint-disable-next-line support-use-after-release, logoff-transports-twice',
      },
    ]);
    // Already disabled there: no second disable action for that rule.
    const d2 = mapiDiagnostic(3, 'support-use-after-release', 2);
    const actions2 = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d2.range,
      context: { diagnostics: [d2] },
    })) as CodeAction[];
    assert.equal(actions2.filter((a) => a.title.startsWith('Disable')).length, 0);
  });

  test('"Show documentation" action opens the rule page externally through window/showDocument', async () => {
    const uri = fileUri(path.join(ws, 'lf.cpp'));
    const d = mapiDiagnostic(2);
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    const docs = actions.find((a) => a.title === 'Show documentation for logoff-transports-twice');
    assert.ok(docs?.command);
    assert.equal(docs.command.command, 'mapi-lint.showDocumentation');
    assert.deepEqual(docs.command.arguments, [DOC_URL('logoff-transports-twice')]);
    const r = await client.conn.sendRequest('workspace/executeCommand', { command: docs.command.command, arguments: docs.command.arguments });
    assert.deepEqual(r, { success: true });
    // A shipped page opens in the editor (a hosted one, mapiLint.docsBaseUrl, in the browser).
    assert.deepEqual(client.showDocuments.at(-1), { uri: DOC_URL('logoff-transports-twice'), external: false });
  });

  test('no fix actions (and no source.fixAll action) while the engine offers no fixes', async () => {
    const uri = fileUri(path.join(ws, 'lf.cpp'));
    const d = mapiDiagnostic(2);
    const quick = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.equal(quick.filter((a) => a.title.startsWith('Fix all')).length, 0);
    const fixAll = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll.mapi-lint'] },
    })) as CodeAction[];
    assert.deepEqual(fixAll, []);
    const cmd = await client.conn.sendRequest('workspace/executeCommand', { command: 'mapi-lint.fixAll', arguments: [{ uri }] });
    assert.deepEqual(cmd, { applied: false, reason: 'nothing to fix' });
  });

  test('foreign diagnostics get no actions', async () => {
    const uri = fileUri(path.join(ws, 'lf.cpp'));
    const d = { ...mapiDiagnostic(2), source: 'clangd', code: 'unused' };
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.deepEqual(actions, []);
  });

  test('mapi-lint.simulate answers with a report and a rendered trace', async () => {
    const uri = fileUri(path.join(ws, 'store.cpp'));
    const r = (await client.conn.sendRequest('workspace/executeCommand', {
      command: 'mapi-lint.simulate',
      arguments: [{ uri, position: { line: 3, character: 0 } }],
    })) as { report: { stores: unknown[] }; text: string; links: unknown[]; title: string };
    assert.ok(Array.isArray(r.report.stores));
    assert.equal(typeof r.text, 'string');
    assert.ok(r.text.startsWith('# Shutdown simulation: store.cpp'));
    assert.ok(Array.isArray(r.links));
  });

  test('mapi-lint.simulate with bad arguments answers with an error, not a crash', async () => {
    await assert.rejects(client.conn.sendRequest('workspace/executeCommand', { command: 'mapi-lint.simulate', arguments: [42] }));
    assert.ok(client.alive());
  });

  test('code lenses answer', async () => {
    const uri = fileUri(path.join(ws, 'store.cpp'));
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(Array.isArray(lenses));
  });

  test('a garbage document does not kill the server', async () => {
    const uri = fileUri(path.join(ws, 'garbage.cpp'));
    const binaryish = Array.from({ length: 4096 }, (_, i) => String.fromCharCode(i % 256)).join('');
    const longLine = 'x'.repeat(200_000);
    const braces = '{'.repeat(5000) + 'STDMETHODIMP_(ULONG) Release() { psup->Release(); ' + '('.repeat(3000) + '}'.repeat(10);
    const text = `${binaryish}\n${longLine}\n${braces}\n\u0000\u0000\uFFFF\uD800\n`;
    await client.open(uri, text);
    const p = await client.waitForDiagnostics(uri, () => true, 30_000);
    assert.ok(Array.isArray(p.diagnostics));
    await client.change(uri, 2, [{ range: { start: { line: 1, character: 100_000 }, end: { line: 2, character: 10 } }, text: '}}}}\u0000' }]);
    await client.waitForDiagnostics(uri, (q) => q.version === 2, 30_000);
    const d = mapiDiagnostic(1);
    const actions = (await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: d.range,
      context: { diagnostics: [d] },
    })) as CodeAction[];
    assert.ok(actions.length >= 2);
    const r = await client.conn.sendRequest('workspace/executeCommand', { command: 'mapi-lint.simulate', arguments: [{ uri }] });
    assert.ok(r);
    assert.ok(client.alive());
  });

  test('a cancelled request does not break the server', async () => {
    const uri = fileUri(path.join(ws, 'store.cpp'));
    const source = new CancellationTokenSource();
    const pending = client.conn.sendRequest('workspace/executeCommand', { command: 'mapi-lint.simulate', arguments: [{ uri }] }, source.token);
    source.cancel();
    try {
      await pending;
    } catch (e) {
      assert.equal((e as { code?: number }).code, -32800);
    }
    const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } });
    assert.ok(Array.isArray(lenses));
  });

  test('closing a document clears its diagnostics', async () => {
    const uri = fileUri(path.join(ws, 'lf.cpp'));
    const before = client.published.length;
    await client.close(uri);
    await client.waitFor(() => client.published.slice(before).some((p) => p.uri === uri && p.diagnostics.length === 0), 5_000, 'empty publish');
  });

  test('shutdown and exit are clean', async () => {
    const code = await client.stop();
    assert.equal(code, 0);
  });
});

describe('transports and failures', () => {
  test('works over Node IPC (--node-ipc), the transport VS Code uses', async () => {
    const ws = makeWorkspace('ipc', { 'a.cpp': 'int a;\n' });
    const client = TestClient.start({ rootDir: ws, ipc: true });
    try {
      const r = await client.initialize();
      assert.equal((r.capabilities.textDocumentSync as { change: number }).change, 2);
      const a = fileUri(path.join(ws, 'a.cpp'));
      await client.open(a, 'int a;\n');
      await client.waitForDiagnostics(a);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('an internal error while analysing becomes one diagnostic on line 1, and the server keeps serving', async () => {
    const ws = makeWorkspace('fault', { 'a.cpp': 'int a;\n' });
    const client = TestClient.start({ rootDir: ws, env: { MAPI_LINT_FAULT_INJECTION: 'lint' } });
    try {
      await client.initialize();
      const a = fileUri(path.join(ws, 'a.cpp'));
      await client.open(a, 'int a;\n');
      const p = await client.waitForDiagnostics(a);
      assert.equal(p.diagnostics.length, 1);
      assert.equal(p.diagnostics[0]!.code, 'internal-error');
      assert.equal(p.diagnostics[0]!.range.start.line, 0);
      await client.change(a, 2, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '//\n' }]);
      const p2 = await client.waitForDiagnostics(a, (q) => q.version === 2);
      assert.equal(p2.diagnostics.length, 1);
      assert.ok(client.statuses.some((s) => s.state === 'error'));
      const lenses = await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: a } });
      assert.ok(Array.isArray(lenses));
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('the index build does not hold back the first diagnostics of an opened file', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 1500; i++) files[`gen/d${i % 30}/f${i}.cpp`] = `// file ${i}\nint f${i}() { return ${i}; }\n`;
    const ws = makeWorkspace('big', files);
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      const a = fileUri(path.join(ws, 'open.cpp'));
      await client.open(a, 'int a;\n');
      await client.waitForDiagnostics(a);
      await client.waitFor(() => client.statuses.some((s) => s.state === 'ready'), 30_000, 'index ready');
      const firstPublish = client.events.indexOf(`publish ${a}`);
      const ready = client.events.indexOf('status ready');
      assert.ok(firstPublish >= 0 && firstPublish < ready, client.events.slice(0, 10).join(', '));
      const last = [...client.statuses].reverse().find((s) => s.state === 'ready')!;
      assert.equal(last.files, 1501);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('workspace/didChangeWatchedFiles keeps the index current', async () => {
    const ws = makeWorkspace('watch', { 'a.cpp': 'int a;\n', 'b.h': 'int b;\n' });
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      const a = fileUri(path.join(ws, 'a.cpp'));
      await client.open(a, 'int a;\n');
      await client.waitFor(() => client.statuses.some((s) => s.state === 'ready'), 10_000, 'index ready');
      const files = () => client.statuses.at(-1)!.files;
      assert.equal(files(), 2);
      fs.writeFileSync(path.join(ws, 'c.hpp'), 'int c;\n');
      fs.rmSync(path.join(ws, 'b.h'));
      const before = client.statuses.length;
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', {
        changes: [
          { uri: fileUri(path.join(ws, 'c.hpp')), type: 1 },
          { uri: fileUri(path.join(ws, 'b.h')), type: 3 },
          { uri: fileUri(path.join(ws, 'a.cpp')), type: 3 }, // open: the document wins, it stays
        ],
      });
      await client.waitFor(() => client.statuses.length > before, 5_000, 'status after re-analysis');
      assert.equal(files(), 2, 'a.cpp (open) and c.hpp');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('the index decodes UTF-16 and windows-1252 files and skips binary ones', async () => {
    const ws = makeWorkspace('enc', {
      'u16.h': Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('class A;\r\n', 'utf16le')]),
      'ansi.cpp': Buffer.from([0x2f, 0x2f, 0x20, 0xe9, 0x0a]),
      'bom.cpp': Buffer.from('\uFEFFint x;\n', 'utf8'),
      'blob.h': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 1, 2, 3]),
    });
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      await client.waitFor(() => client.statuses.some((s) => s.state === 'ready'), 10_000, 'index ready');
      assert.equal([...client.statuses].reverse().find((s) => s.state === 'ready')!.files, 3);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('documents of other languages are not analysed', async () => {
    const client = TestClient.start({});
    try {
      await client.initialize();
      await client.open('untitled:notes.md', '# hello', 1, 'markdown');
      await client.open('untitled:Untitled-1', 'int x;', 1, 'cpp');
      await client.waitForDiagnostics('untitled:Untitled-1');
      await new Promise((r) => setTimeout(r, 300));
      assert.equal(client.published.filter((p) => p.uri === 'untitled:notes.md').length, 0);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});

describe('configuration', () => {
  test('a broken .mapilintrc.json gives one diagnostic on line 1 and one window message', async () => {
    const ws = makeWorkspace('badcfg', { '.mapilintrc.json': '{ "rules": { "support-release-missing": "loud" }, ', 'a.cpp': 'int a;\n' });
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      const a = fileUri(path.join(ws, 'a.cpp'));
      const b = fileUri(path.join(ws, 'b.cpp'));
      await client.open(a, 'int a;\n');
      await client.open(b, 'int b;\n');
      const pa = await client.waitForDiagnostics(a);
      const pb = await client.waitForDiagnostics(b);
      for (const p of [pa, pb]) {
        const cfg = p.diagnostics.filter((d) => d.code === 'config-error');
        assert.equal(cfg.length, 1);
        assert.equal(cfg[0]!.range.start.line, 0);
        assert.match(String(cfg[0]!.message), /invalid JSON/);
      }
      await client.waitFor(() => client.messages.length > 0, 5_000, 'window message');
      await new Promise((r) => setTimeout(r, 200));
      assert.equal(client.messages.filter((m) => m.message.includes('.mapilintrc.json')).length, 1);
      assert.ok(client.alive());
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('an invalid rule setting is reported with its place in the config file', async () => {
    const ws = makeWorkspace('cfgval', {
      '.mapilintrc.json': JSON.stringify({ rules: { 'support-release-missing': 'loud' } }, null, 2),
      'a.cpp': 'int a;\n',
    });
    const client = TestClient.start({ rootDir: ws, settings: { enable: true, run: 'onType', rules: {} } });
    try {
      await client.initialize();
      const a = fileUri(path.join(ws, 'a.cpp'));
      await client.open(a, 'int a;\n');
      const p = await client.waitForDiagnostics(a);
      const cfg = p.diagnostics.filter((d) => d.code === 'config-error');
      assert.equal(cfg.length, 1);
      assert.match(String(cfg[0]!.message), /support-release-missing/);
      assert.equal(cfg[0]!.relatedInformation?.[0]?.location.uri, fileUri(path.join(ws, '.mapilintrc.json')));
      assert.equal(cfg[0]!.relatedInformation?.[0]?.location.range.start.line, 2);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('the ignore globs of .mapilintrc.json keep files out of the index', async () => {
    const ws = makeWorkspace('cfgign', {
      '.mapilintrc.json': JSON.stringify({ rules: { 'logoff-flags-not-forwarded': 'off' }, ignore: ['third_party/', 'gen/**', '*.gen.h'] }),
      'a.cpp': 'int a;\n',
      'x.gen.h': 'int g;\n',
      'third_party/t.cpp': 'int t;\n',
      'gen/deep/g.cpp': 'int g;\n',
      'src/b.cpp': 'int b;\n',
    });
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      const a = fileUri(path.join(ws, 'a.cpp'));
      await client.open(a, 'int a;\n');
      const p = await client.waitForDiagnostics(a);
      assert.equal(p.diagnostics.filter((d) => d.code === 'config-error').length, 0);
      await client.waitFor(() => client.statuses.some((s) => s.state === 'ready'), 10_000, 'index ready');
      const ready = [...client.statuses].reverse().find((s) => s.state === 'ready')!;
      assert.equal(ready.files, 2, 'a.cpp and src/b.cpp only');
      // A changed config (watched) re-scans: src/ is now ignored too.
      fs.writeFileSync(path.join(ws, '.mapilintrc.json'), JSON.stringify({ ignore: ['third_party/', 'gen/**', '*.gen.h', 'src'] }));
      const n = client.statuses.length;
      await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: fileUri(path.join(ws, '.mapilintrc.json')), type: 2 }] });
      await client.waitFor(() => client.statuses.slice(n).some((s) => s.state === 'ready'), 10_000, 'index ready again');
      assert.equal([...client.statuses].reverse().find((s) => s.state === 'ready')!.files, 1, 'a.cpp only');
      // An ignored file opened in the editor gets no findings, even with the text of an invalid fixture case.
      const invalid = listCases().find((c) => c.group === 'support-release-missing' && c.kind === 'invalid' && c.name === 'eager_forgot_support.cpp');
      assert.ok(invalid && invalid.files.length === 1, 'single-file fixture support-release-missing/invalid/eager_forgot_support.cpp');
      const text = invalid.files[0]!.text;
      const g = fileUri(path.join(ws, 'gen/deep/g.cpp'));
      await client.open(g, text);
      // Control: the same text at a path that is not ignored gets the fixture's finding.
      const ctl = fileUri(path.join(ws, 'control.cpp'));
      await client.open(ctl, text);
      await client.waitForDiagnostics(ctl, (q) => q.diagnostics.some((d) => d.code === 'support-release-missing'), 10_000);
      assert.deepEqual((await client.waitForDiagnostics(g)).diagnostics, []);
      // And no publish for the ignored file ever carried a diagnostic (not just the first one seen).
      assert.deepEqual(client.published.filter((q) => q.uri === g).flatMap((q) => q.diagnostics), []);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('mapiLint.docsBaseUrl links a hosted copy of the rule pages (diagnostics and Show documentation)', async () => {
    const invalid = listCases().find((c) => c.group === 'support-release-missing' && c.kind === 'invalid' && c.name === 'eager_forgot_support.cpp');
    assert.ok(invalid);
    const ws = makeWorkspace('docs-base', { 'store.cpp': invalid.files[0]!.text });
    const client = TestClient.start({ rootDir: ws, settings: { enable: true, run: 'onType', rules: {}, docsBaseUrl: 'https://docs.example.com/mapi-lint/rules' } });
    try {
      await client.initialize();
      const uri = fileUri(path.join(ws, 'store.cpp'));
      await client.open(uri, invalid.files[0]!.text);
      const p = await client.waitForDiagnostics(uri, (q) => q.diagnostics.some((d) => d.code === 'support-release-missing'), 10_000);
      const d = p.diagnostics.find((x) => x.code === 'support-release-missing')!;
      assert.deepEqual(d.codeDescription, { href: 'https://docs.example.com/mapi-lint/rules/support-release-missing.md' });
      const actions = (await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } })) as CodeAction[];
      const docs = actions.find((a) => a.title === 'Show documentation for support-release-missing');
      assert.deepEqual(docs?.command?.arguments, ['https://docs.example.com/mapi-lint/rules/support-release-missing.md']);
      await client.conn.sendRequest('workspace/executeCommand', { command: docs!.command!.command, arguments: docs!.command!.arguments });
      assert.deepEqual(client.showDocuments.at(-1), { uri: 'https://docs.example.com/mapi-lint/rules/support-release-missing.md', external: true });
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('mapiLint.enable = false publishes no diagnostics', async () => {
    const ws = makeWorkspace('disabled', { '.mapilintrc.json': '{ broken', 'a.cpp': 'int a;\n' });
    const client = TestClient.start({ rootDir: ws, settings: { enable: false } });
    try {
      await client.initialize();
      const a = fileUri(path.join(ws, 'a.cpp'));
      await client.open(a, 'int a;\n');
      const p = await client.waitForDiagnostics(a);
      assert.deepEqual(p.diagnostics, []);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});

// ─── Diagnostics content: the engine's findings as LSP diagnostics. ───

// LEAKY_STORE_H and LEAKY_STORE_CPP (stores.ts): a store whose Release never releases the support object.

describe('diagnostics from engine findings', () => {
  test('a Release that never releases the support object gets support-release-missing', async () => {
    const ws = makeWorkspace('leaky', { 'store.h': LEAKY_STORE_H, 'store.cpp': LEAKY_STORE_CPP });
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      const uri = fileUri(path.join(ws, 'store.cpp'));
      await client.open(uri, LEAKY_STORE_CPP);
      const p = await client.waitForDiagnostics(uri, (q) => q.diagnostics.some((d) => d.code === 'support-release-missing'), 10_000);
      const d = p.diagnostics.find((x) => x.code === 'support-release-missing')!;
      assert.equal(d.source, 'mapi-lint');
      assert.equal(d.severity, 1);
      assert.deepEqual(d.codeDescription, { href: DOC_URL('support-release-missing') });
      assert.ok(d.relatedInformation && d.relatedInformation.length > 0, 'trace steps as related information');
      for (const r of d.relatedInformation) assert.ok(r.location.uri.startsWith('file:'));
      assert.ok(d.range.start.line >= 9 && d.range.start.line <= 23, 'in or at Release');
      assert.ok(!d.tags || d.tags.length === 0);
      // Settings from mapiLint.rules / .mapilintrc.json turn it off.
      const actions = (await client.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: d.range,
        context: { diagnostics: [d] },
      })) as CodeAction[];
      assert.ok(actions.some((a) => a.title === 'Disable support-release-missing for this line'));
      // The verified fix: its title names the scenarios it passed; applying its edit clears the diagnostic.
      const fix = actions.find((a) => a.kind === 'quickfix' && /verified: .*orderly/.test(a.title));
      assert.ok(fix, `a verified quick fix among: ${actions.map((a) => a.title).join(' | ')}`);
      const edits = (fix.edit?.changes?.[uri] ?? []) as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
      assert.ok(edits.length > 0);
      await client.change(uri, 2, edits.map((e) => ({ range: e.range, text: e.newText })).reverse());
      // Only the set published for the edited text (version 2) counts: earlier sets (e.g. an empty version-1
      // set published before the analysis) would let a no-op edit pass.
      await client.waitForDiagnostics(uri, (q) => q.version === 2 && !q.diagnostics.some((x) => x.code === 'support-release-missing'), 10_000);
    } finally {
      await client.stop();
    }
  });

  test('source.fixAll applies the verified fixes together, as the engine re-verified them, and the diagnostics go', async () => {
    // Two findings in one file (no support release, no LOGOFF_ABORT): fixed one after the other.
    const cpp = LEAKY_STORE_CPP.replace(/\n        if \(!m_fTransportsLoggedOff\)\n        \{\n            ULONG ulFlags = LOGOFF_ABORT;\n            m_psup->StoreLogoffTransports\(&ulFlags\);\n        \}/, '');
    const ws = makeWorkspace('leaky-fixall', { 'store.h': LEAKY_STORE_H, 'store.cpp': cpp });
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      const uri = fileUri(path.join(ws, 'store.cpp'));
      await client.open(uri, cpp);
      const before = await client.waitForDiagnostics(uri, (q) => q.diagnostics.filter((d) => d.source === 'mapi-lint').length >= 2, 10_000);
      assert.deepEqual(before.diagnostics.map((d) => d.code).sort(), ['logoff-abort-missing', 'support-release-missing']);
      const [action] = (await client.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll.mapi-lint'] },
      })) as CodeAction[];
      assert.ok(action?.edit?.changes?.[uri], 'a fix-all edit for the document');
      const edits = action.edit.changes[uri] as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
      assert.equal(edits.length, 1, 'one minimal edit per changed file');
      await client.change(uri, 2, edits.map((e) => ({ range: e.range, text: e.newText })));
      await client.waitForDiagnostics(uri, (q) => q.version === 2 && !q.diagnostics.some((d) => d.source === 'mapi-lint'), 10_000);
    } finally {
      await client.stop();
    }
  });

  test('the store declared in a header and implemented in a .cpp is found before the header is opened', async () => {
    const ws = makeWorkspace('leaky-index', { 'store.h': LEAKY_STORE_H, 'store.cpp': LEAKY_STORE_CPP });
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      const uri = fileUri(path.join(ws, 'store.cpp'));
      await client.waitFor(() => client.statuses.some((s) => s.state === 'ready'), 10_000, 'index');
      await client.open(uri, LEAKY_STORE_CPP);
      await client.waitForDiagnostics(uri, (q) => q.diagnostics.some((d) => d.code === 'support-release-missing'), 10_000);
      const lenses = (await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })) as { command?: { title: string } }[];
      assert.ok(lenses.some((l) => /Simulate shutdown: \d+ scenarios? fails?/.test(l.command?.title ?? '')));
      const sim = (await client.conn.sendRequest('workspace/executeCommand', {
        command: 'mapi-lint.simulate',
        arguments: [{ uri, position: { line: 10, character: 4 } }],
      })) as { report: { stores: { name: string }[] }; text: string };
      assert.deepEqual(sim.report.stores.map((s) => s.name), ['CMsgStore']);
      assert.match(sim.text, /support-release-missing/);
      assert.match(sim.text, /store\.cpp:\d+/);
    } finally {
      await client.stop();
    }
  });
});

// ─── What a healthy start tells the user: the output channel (window/logMessage) and the status item. ───

const UNDECIDED_STORE_CPP = [
  '#include "store.h"',
  '',
  '// Not in the analysed sources, and passed the store: every rule of the store is not decided.',
  'void ShutdownHelper(CMsgStore *p);',
  '',
  'STDMETHODIMP CMsgStore::StoreLogoff(ULONG FAR * lpulFlags)',
  '{',
  '    HRESULT hr = m_psup->StoreLogoffTransports(lpulFlags);',
  '    m_fTransportsLoggedOff = TRUE;',
  '    return hr;',
  '}',
  '',
  'STDMETHODIMP_(ULONG) CMsgStore::Release()',
  '{',
  '    ULONG cRef = --m_cRef;',
  '    if (cRef == 0)',
  '    {',
  '        ShutdownHelper(this);',
  '        delete this;',
  '    }',
  '    return cRef;',
  '}',
  '',
].join('\n');

describe('a healthy start: the output channel and the status item', () => {
  const pkgVersion = (JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string }).version;

  test('the output channel says the version, the engine and parser, the configuration files found and the files indexed', async () => {
    const ws = makeWorkspace('startlog', {
      '.mapilintrc.json': JSON.stringify({ rules: { 'logoff-flags-not-forwarded': 'off' } }),
      'sub/.mapilintrc.json': JSON.stringify({ rules: {} }),
      'sub/b.cpp': 'int b;\n',
      'a.cpp': 'int a;\n',
      'a.h': 'int a_h;\n',
    });
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      await client.waitFor(() => client.logs.some((l) => /^mapi-lint: indexed /.test(l)), 10_000, 'the index log line');
      const logs = client.logs;
      const versionLine = logs.findIndex((l) => l.startsWith(`mapi-lint ${pkgVersion}: `));
      assert.ok(versionLine >= 0, logs.join('\n'));
      assert.match(logs[versionLine]!, new RegExp(`^mapi-lint ${pkgVersion.replace(/\./g, '\\.')}: engine with ${RULE_CATALOG.length} rules; parser: tree-sitter \\((native binding|WebAssembly)\\)$`));
      const configLine = logs.findIndex((l) => l.startsWith('mapi-lint: configuration: '));
      assert.equal(logs[configLine], `mapi-lint: configuration: ${path.join(ws, '.mapilintrc.json')}, ${path.join(ws, 'sub', '.mapilintrc.json')}`);
      const indexLine = logs.findIndex((l) => /^mapi-lint: indexed \d+ files in \d+ ms$/.test(l));
      assert.match(logs[indexLine]!, /^mapi-lint: indexed 3 files in /);
      assert.ok(versionLine < configLine && configLine < indexLine, logs.join('\n'));
      // Healthy: no errors or warnings in the channel, no window message.
      assert.deepEqual(client.logMessages.filter((m) => m.type === 1 || m.type === 2), []);
      assert.deepEqual(client.messages, []);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('without a .mapilintrc.json the output channel says so; a broken one is named as invalid', async () => {
    const none = makeWorkspace('startlog-none', { 'a.cpp': 'int a;\n' });
    const c1 = TestClient.start({ rootDir: none });
    try {
      await c1.initialize();
      await c1.waitFor(() => c1.logs.some((l) => /^mapi-lint: indexed /.test(l)), 10_000, 'the index log line');
      assert.ok(c1.logs.includes('mapi-lint: configuration: no .mapilintrc.json found (the defaults apply)'), c1.logs.join('\n'));
    } finally {
      assert.equal(await c1.stop(), 0);
    }
    const broken = makeWorkspace('startlog-broken', { '.mapilintrc.json': '{ nope', 'a.cpp': 'int a;\n' });
    const c2 = TestClient.start({ rootDir: broken });
    try {
      await c2.initialize();
      await c2.waitFor(() => c2.logs.some((l) => /^mapi-lint: indexed /.test(l)), 10_000, 'the index log line');
      assert.ok(c2.logs.includes(`mapi-lint: configuration: ${path.join(broken, '.mapilintrc.json')} (invalid: the defaults apply)`), c2.logs.join('\n'));
    } finally {
      assert.equal(await c2.stop(), 0);
    }
  });

  test('the status notification carries the verdicts of the last analysis: objects checked and not decided, as the engine counts them', async () => {
    await initParser();
    const files = { 'store.h': LEAKY_STORE_H, 'store.cpp': UNDECIDED_STORE_CPP };
    const ws = makeWorkspace('status-verdicts', files);
    const expected = lintSources(Object.entries(files).map(([rel, text]) => ({ path: path.join(ws, rel), text }))).summary;
    assert.ok(expected.objects === 1 && expected.notDecided > 0, `the case must have undecided verdicts: ${JSON.stringify(expected)}`);
    const client = TestClient.start({ rootDir: ws });
    try {
      await client.initialize();
      await client.waitFor(() => client.statuses.some((s) => s.state === 'ready'), 10_000, 'index ready');
      const uri = fileUri(path.join(ws, 'store.cpp'));
      const n = client.statuses.length;
      await client.open(uri, UNDECIDED_STORE_CPP);
      await client.waitFor(() => client.statuses.slice(n).some((s) => s.lastUri === uri && s.verdicts !== undefined), 10_000, 'a status with verdicts');
      const s = client.statuses.slice(n).find((x) => x.lastUri === uri && x.verdicts)!;
      assert.deepEqual(s.verdicts, { objects: expected.objects, defect: expected.defect, notDecided: expected.notDecided, clean: expected.clean });
      // The status item shows them (client/src/status.ts renders this very notification).
      const view = statusView(s as StatusParams, 'running');
      assert.match(view.detail, new RegExp(`\\b1 provider object checked · ${expected.notDecided} not decided\\b`));
      // A file without a store: the verdicts are still the workspace's (the store's files are in the engine).
      const other = fileUri(path.join(ws, 'other.cpp'));
      const m = client.statuses.length;
      await client.open(other, 'int x;\n');
      await client.waitFor(() => client.statuses.slice(m).some((x) => x.lastUri === other && x.verdicts !== undefined), 10_000, 'a status for other.cpp');
      assert.deepEqual(client.statuses.slice(m).find((x) => x.lastUri === other && x.verdicts)!.verdicts, s.verdicts);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('an analysis that fails sends no verdicts (the status item keeps the last ones it had)', async () => {
    const ws = makeWorkspace('status-fault', { 'a.cpp': 'int a;\n' });
    const client = TestClient.start({ rootDir: ws, env: { MAPI_LINT_FAULT_INJECTION: 'lint' } });
    try {
      await client.initialize();
      const a = fileUri(path.join(ws, 'a.cpp'));
      await client.open(a, 'int a;\n');
      await client.waitFor(() => client.statuses.some((s) => s.state === 'error'), 10_000, 'error status');
      assert.ok(client.statuses.every((s) => s.verdicts === undefined), JSON.stringify(client.statuses));
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
