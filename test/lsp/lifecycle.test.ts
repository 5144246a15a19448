// The protocol's lifecycle: requests before `initialize` (-32002), a second `initialize` and requests after
// `shutdown` (-32600), notifications dropped before `initialize`, and the exit codes of `exit` (0 after
// `shutdown`, 1 without).
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction } from 'vscode-languageserver-protocol/lib/node/main';
import { TestClient, fileUri, makeWorkspace } from './harness';

const SERVER_NOT_INITIALIZED = -32002;
const INVALID_REQUEST = -32600;

async function errorCode(p: Promise<unknown>): Promise<number | string> {
  try {
    await p;
    return 'answered';
  } catch (e) {
    return (e as { code?: number }).code ?? String(e);
  }
}

const DIAGNOSTIC = {
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 4 } },
  severity: 1,
  source: 'mapi-lint',
  code: 'logoff-transports-twice',
  message: 'test diagnostic',
};

describe('lifecycle', () => {
  test('before initialize: requests get ServerNotInitialized and notifications are dropped; after it they are served', async () => {
    const ws = makeWorkspace('lifecycle', { 'a.cpp': 'int a;\n' });
    const client = TestClient.start({ rootDir: ws });
    try {
      const uri = fileUri(path.join(ws, 'a.cpp'));
      assert.equal(await errorCode(client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri } })), SERVER_NOT_INITIALIZED);
      assert.equal(await errorCode(client.conn.sendRequest('workspace/executeCommand', { command: 'mapi-lint.simulate', arguments: [{ uri }] })), SERVER_NOT_INITIALIZED);
      assert.equal(await errorCode(client.conn.sendRequest('shutdown')), SERVER_NOT_INITIALIZED);
      assert.equal(await errorCode(client.conn.sendRequest('no/such/method', {})), SERVER_NOT_INITIALIZED);
      // Dropped: the document is not open once the server is initialized (no actions for it).
      await client.open(uri, 'int a;\n');
      await client.initialize();
      const ask = () =>
        client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: DIAGNOSTIC.range, context: { diagnostics: [DIAGNOSTIC] } }) as Promise<CodeAction[]>;
      assert.deepEqual(await ask(), [], 'the didOpen sent before initialize was dropped');
      await client.open(uri, 'int a;\n');
      assert.ok((await ask()).some((a) => a.title === 'Disable logoff-transports-twice for this line'), 'the didOpen sent after initialize was served');
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('a second initialize gets InvalidRequest; after shutdown every request gets InvalidRequest; exit then exits 0', async () => {
    const client = TestClient.start({});
    try {
      await client.initialize();
      const again = client.conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.equal(await errorCode(again), INVALID_REQUEST);
      // Still serving after the refused initialize.
      assert.deepEqual(await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: 'file:///nowhere.cpp' } }), []);
      assert.equal(await client.conn.sendRequest('shutdown'), null);
      assert.equal(await errorCode(client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: 'file:///nowhere.cpp' } })), INVALID_REQUEST);
      assert.equal(await errorCode(client.conn.sendRequest('shutdown')), INVALID_REQUEST);
      assert.equal(await errorCode(client.conn.sendRequest('initialize', { processId: null, rootUri: null, capabilities: {} })), INVALID_REQUEST);
      await client.conn.sendNotification('exit');
      assert.equal(await client.waitForExit(), 0);
    } finally {
      client.proc.kill('SIGKILL');
    }
  });

  test('exit without shutdown exits 1', async () => {
    const client = TestClient.start({});
    try {
      await client.initialize();
      await client.conn.sendNotification('exit');
      assert.equal(await client.waitForExit(), 1);
    } finally {
      client.proc.kill('SIGKILL');
    }
  });

  test('exit before initialize exits 1', async () => {
    const client = TestClient.start({});
    try {
      await client.conn.sendNotification('exit');
      assert.equal(await client.waitForExit(), 1);
    } finally {
      client.proc.kill('SIGKILL');
    }
  });
});
