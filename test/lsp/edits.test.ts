// Code actions against a document that moved on: a diagnostic published for an earlier version gets no edit at its
// old place (a fix recomputed for the current version when its finding is still there, nothing when it is not), and
// every workspace edit names the version it was computed for (documentChanges) when the client supports it.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import type { CodeAction, Diagnostic, TextDocumentEdit, WorkspaceEdit } from 'vscode-languageserver-protocol/lib/node/main';
import { TestClient, fileUri, makeWorkspace } from './harness';
import { LEAKY_STORE_CPP, LEAKY_STORE_H } from './stores';

const RULE = 'support-release-missing';

function codeActions(client: TestClient, uri: string, d: Diagnostic): Promise<CodeAction[]> {
  return client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } }) as Promise<CodeAction[]>;
}

/** The document edits of a versioned workspace edit (it must have no `changes`). */
function documentEdits(edit: WorkspaceEdit | undefined): TextDocumentEdit[] {
  assert.ok(edit, 'an edit');
  assert.equal(edit.changes, undefined, 'no unversioned changes');
  assert.ok(Array.isArray(edit.documentChanges), 'documentChanges');
  return edit.documentChanges as TextDocumentEdit[];
}

const verifiedFix = (actions: CodeAction[]) => actions.find((a) => a.kind === 'quickfix' && /\(verified: /.test(a.title));

describe('code actions and the document version', () => {
  test('a stale diagnostic gets no edit at its old line; current ones get edits versioned with the document', async () => {
    const ws = makeWorkspace('stale', { 'store.h': LEAKY_STORE_H, 'store.cpp': LEAKY_STORE_CPP });
    const client = TestClient.start({ rootDir: ws, documentChanges: true });
    try {
      await client.initialize();
      const uri = fileUri(path.join(ws, 'store.cpp'));
      await client.open(uri, LEAKY_STORE_CPP);
      const v1 = await client.waitForDiagnostics(uri, (q) => q.version === 1 && q.diagnostics.some((d) => d.code === RULE), 30_000);
      const d1 = v1.diagnostics.find((d) => d.code === RULE)!;
      assert.deepEqual((d1.data as { version: number }).version, 1);

      // Version 2: a line appended below the finding. The version-1 diagnostic's range is still its finding's:
      // the fix is computed again for version 2, and says so.
      const lines = LEAKY_STORE_CPP.split('\n').length;
      await client.change(uri, 2, [{ range: { start: { line: lines - 1, character: 0 }, end: { line: lines - 1, character: 0 } }, text: '// tail\n' }]);
      const still = await codeActions(client, uri, d1);
      const fix2 = verifiedFix(still);
      assert.ok(fix2, `a verified fix among: ${still.map((a) => a.title).join(' | ')}`);
      for (const e of documentEdits(fix2.edit)) {
        assert.equal(e.textDocument.version, e.textDocument.uri === uri ? 2 : null, 'the open document at its current version, a closed one at null');
      }
      for (const a of still.filter((x) => x.edit)) for (const e of documentEdits(a.edit)) if (e.textDocument.uri === uri) assert.equal(e.textDocument.version, 2);

      // Version 3: three lines inserted above. The version-1 diagnostic now points three lines above its finding:
      // no action may edit anything for it (neither the fix nor "Disable for this line" at the old line).
      await client.change(uri, 3, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '// one\n// two\n// three\n' }]);
      const stale = await codeActions(client, uri, d1);
      assert.deepEqual(
        stale.filter((a) => a.edit).map((a) => a.title),
        [],
        'no edit for a diagnostic of an older version whose range no longer matches',
      );
      assert.ok(stale.some((a) => a.title === `Show documentation for ${RULE}`), 'the documentation stays offered');

      // The version-3 diagnostic: the fix, versioned 3, applied, clears the finding.
      const v3 = await client.waitForDiagnostics(uri, (q) => q.version === 3 && q.diagnostics.some((d) => d.code === RULE), 30_000);
      const d3 = v3.diagnostics.find((d) => d.code === RULE)!;
      assert.equal(d3.range.start.line, d1.range.start.line + 3);
      const current = await codeActions(client, uri, d3);
      const fix3 = verifiedFix(current);
      assert.ok(fix3, `a verified fix among: ${current.map((a) => a.title).join(' | ')}`);
      const disable = current.find((a) => a.title === `Disable ${RULE} for this line`);
      assert.ok(disable);
      const [disableEdit] = documentEdits(disable.edit);
      assert.deepEqual(disableEdit!.textDocument, { uri, version: 3 });
      assert.equal(disableEdit!.edits[0]!.range.start.line, d3.range.start.line, 'the disable comment goes above the current line');
      const mine = documentEdits(fix3.edit).filter((e) => e.textDocument.uri === uri);
      assert.equal(mine.length, 1);
      assert.equal(mine[0]!.textDocument.version, 3);
      const edits = mine[0]!.edits as { range: Diagnostic['range']; newText: string }[];
      await client.change(uri, 4, [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character).map((e) => ({ range: e.range, text: e.newText })));
      await client.waitForDiagnostics(uri, (q) => q.version === 4 && !q.diagnostics.some((d) => d.code === RULE), 30_000);
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });

  test('the Fix all command applies a versioned edit (workspace/applyEdit with documentChanges)', async () => {
    const ws = makeWorkspace('fixall-versioned', { 'store.h': LEAKY_STORE_H, 'store.cpp': LEAKY_STORE_CPP });
    const client = TestClient.start({ rootDir: ws, documentChanges: true });
    try {
      await client.initialize();
      const uri = fileUri(path.join(ws, 'store.cpp'));
      await client.open(uri, LEAKY_STORE_CPP, 7);
      await client.waitForDiagnostics(uri, (q) => q.version === 7 && q.diagnostics.some((d) => d.code === RULE), 30_000);
      const r = await client.conn.sendRequest('workspace/executeCommand', { command: 'mapi-lint.fixAll', arguments: [{ uri, version: 7 }] });
      assert.deepEqual(r, { applied: true });
      const applied = client.appliedEdits.at(-1) as { edit: WorkspaceEdit };
      const [e] = documentEdits(applied.edit);
      assert.deepEqual(e!.textDocument, { uri, version: 7 });
      // A Fix all for a version the document is no longer at is refused.
      assert.deepEqual(await client.conn.sendRequest('workspace/executeCommand', { command: 'mapi-lint.fixAll', arguments: [{ uri, version: 6 }] }), {
        applied: false,
        reason: 'document changed',
      });
    } finally {
      assert.equal(await client.stop(), 0);
    }
  });
});
