// Memory under many edits: 30,000 small edits to one document (typing a statement character by character and
// deleting it, analysed after every batch), the server's heap measured after a full GC once it is idle (the test
// hook mapiLint/test/memory, MAPI_LINT_TEST_HOOKS=1, node --expose-gc). Nothing the server keeps may grow with the
// number of versions: the heap after 2N edits is within a small margin of the heap after N, and what it holds per
// document is one of each.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { MemoryReport } from '../../server/src/lsp/handlers/testHooks';
import { TestClient, fileUri, makeWorkspace } from './harness';
import { LEAKY_STORE_CPP, LEAKY_STORE_H } from './stores';

const EDITS = 30_000;
const BATCH = 500;
const MiB = 1024 * 1024;
const mib = (n: number) => `${(n / MiB).toFixed(2)} MiB`;

/** The memory report once nothing is pending (the dependents' timer runs out; no wall-clock limit is asserted). */
async function idleMemory(client: TestClient): Promise<MemoryReport> {
  for (let i = 0; ; i++) {
    const m = (await client.conn.sendRequest('mapiLint/test/memory')) as MemoryReport;
    if (m.pendingAnalyses === 0 || i > 600) return m;
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('memory under many edits', () => {
  test(`${EDITS} edits to one document: the heap after 2N edits is within a small margin of the heap after N`, { timeout: 300_000 }, async (t) => {
    const ws = makeWorkspace('memory', { 'store.h': LEAKY_STORE_H, 'store.cpp': LEAKY_STORE_CPP });
    const client = TestClient.start({ rootDir: ws, settings: {}, env: { MAPI_LINT_TEST_HOOKS: '1' }, nodeArgs: ['--expose-gc'] });
    try {
      await client.initialize();
      const uri = fileUri(path.join(ws, 'store.cpp'));
      // The client's copy of the document, updated as the server's is.
      let doc = TextDocument.create(uri, 'cpp', 1, LEAKY_STORE_CPP);
      await client.open(uri, doc.getText(), 1);
      await client.waitForDiagnostics(uri, (q) => q.version === 1, 60_000);
      const first = await idleMemory(client);
      assert.equal(first.gc, true, 'the server runs with --expose-gc');

      // One cycle: a new line in Release's body, a statement typed into it one character at a time, the line
      // deleted. 23 edits a cycle, so the batches end at different points of it (different texts analysed).
      const anchor = doc.getText().split('\n').findIndex((l) => l.includes('ULONG cRef = --m_cRef;'));
      const anchorEnd = doc.getText().split('\n')[anchor]!.length;
      const typed = '        m_psup->AddRef();';
      const cycle = typed.length + 2;
      const editAt = (i: number) => {
        const k = i % cycle;
        if (k === 0) return { range: { start: { line: anchor, character: anchorEnd }, end: { line: anchor, character: anchorEnd } }, text: '\n' };
        if (k <= typed.length) return { range: { start: { line: anchor + 1, character: k - 1 }, end: { line: anchor + 1, character: k - 1 } }, text: typed[k - 1]! };
        return { range: { start: { line: anchor, character: anchorEnd }, end: { line: anchor + 1, character: typed.length } }, text: '' };
      };

      let version = 1;
      const reports: { edits: number; m: MemoryReport }[] = [];
      for (let done = 0; done < EDITS; done += BATCH) {
        const sent: Promise<void>[] = [];
        for (let i = done; i < done + BATCH; i++) {
          const change = editAt(i);
          version++;
          doc = TextDocument.update(doc, [change], version);
          sent.push(client.change(uri, version, [change]));
        }
        await Promise.all(sent);
        // Each batch is analysed (the last version of it, at least) before the next one starts.
        const v = version;
        await client.waitForDiagnostics(uri, (q) => q.version === v, 60_000);
        if (done + BATCH === EDITS / 2 || done + BATCH === EDITS) reports.push({ edits: done + BATCH, m: await idleMemory(client) });
      }
      // Commands and saves about documents the server does not hold keep nothing either.
      for (let i = 0; i < 20; i++) {
        const other = fileUri(path.join(ws, `closed-${i}.cpp`));
        await client.conn.sendRequest('workspace/executeCommand', { command: 'mapi-lint.simulate', arguments: [{ uri: other }] });
        await client.conn.sendNotification('textDocument/didSave', { textDocument: { uri: fileUri(path.join(ws, `notes-${i}.txt`)) } });
      }
      const [half, full] = [reports[0]!.m, reports[1]!.m];
      const end = await idleMemory(client);
      const figures = `heap after open ${mib(first.heapUsed)}, after ${EDITS / 2} edits ${mib(half.heapUsed)}, after ${EDITS} ${mib(full.heapUsed)}; rss ${mib(first.rss)} / ${mib(half.rss)} / ${mib(full.rss)}`;
      t.diagnostic(figures); // the figures of this run, in the test output

      for (const m of [half, full, end]) {
        assert.equal(m.docs, 1, 'one open document');
        assert.equal(m.pendingAnalyses, 0, 'nothing pending once idle');
        assert.equal(m.settingsCache, 1, 'settings kept for the open document only');
        assert.equal(m.engineFiles, 2, 'the engine holds store.h and store.cpp, each once');
      }
      assert.equal(full.openChars, doc.getText().length, "the server's text is the client's");
      // The bound: 15,000 more edits may not add more than 2 MiB (one retained 1 KB text per version would add
      // ~15 MiB), nor 25 % of the heap.
      assert.ok(full.heapUsed - half.heapUsed < 2 * MiB, `heap grew by ${mib(full.heapUsed - half.heapUsed)} between ${EDITS / 2} and ${EDITS} edits (${figures})`);
      assert.ok(full.heapUsed < half.heapUsed * 1.25, `heap after ${EDITS} edits is more than 1.25 × the heap after ${EDITS / 2} (${figures})`);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  // Typing a macro name in an `#ifdef` that conditions a store's code makes a new build configuration per name
  // analysed; the workspace keeps the parsed files of the current analysis's configurations only (it kept every
  // one it ever analysed, about 30 KB each for this two-file store, before).
  test(
    'renaming the macro of an ifdef many times does not grow the heap',
    { timeout: 300_000 },
    async (t) => {
      const ws = makeWorkspace('memory-macros', { 'store.h': LEAKY_STORE_H, 'store.cpp': LEAKY_STORE_CPP });
      const client = TestClient.start({ rootDir: ws, env: { MAPI_LINT_TEST_HOOKS: '1' }, nodeArgs: ['--expose-gc'] });
      try {
        await client.initialize();
        const uri = fileUri(path.join(ws, 'store.cpp'));
        const text = LEAKY_STORE_CPP.replace('        delete this;', '#ifdef MACRO_0000\n        m_psup->Release();\n#endif\n        delete this;');
        const line = text.split('\n').findIndex((l) => l.startsWith('#ifdef'));
        await client.open(uri, text, 1);
        await client.waitForDiagnostics(uri, (q) => q.version === 1, 60_000);
        const RENAMES = 160;
        const heap: number[] = [];
        for (let v = 2; v <= RENAMES + 1; v++) {
          const name = `MACRO_${String(v).padStart(4, '0')}`;
          await client.change(uri, v, [{ range: { start: { line, character: 7 }, end: { line, character: 17 } }, text: name }]);
          await client.waitForDiagnostics(uri, (q) => q.version === v, 60_000);
          if (v === RENAMES / 2 + 1 || v === RENAMES + 1) heap.push((await idleMemory(client)).heapUsed);
        }
        t.diagnostic(`heap after ${RENAMES / 2} renames ${mib(heap[0]!)}, after ${RENAMES} ${mib(heap[1]!)}`);
        assert.ok(heap[1]! - heap[0]! < 1 * MiB, `heap grew by ${mib(heap[1]! - heap[0]!)} over ${RENAMES / 2} more configurations`);
      } finally {
        assert.equal(await client.stop(), 0);
      }
    },
  );
});
