// The base protocol's framing on stdio: a malformed header ends the server with a message on stderr and exit code
// 2 (EXIT_PROTOCOL_ERROR), never a silent hang. FrameGuard by itself first, then the real server fed raw bytes.
import { test, describe } from 'node:test';
import * as assert from 'node:assert/strict';
import { EXIT_PROTOCOL_ERROR, FrameGuard, MAX_CONTENT_LENGTH, MAX_HEADER_BYTES } from '../../server/src/lsp/framing';
import { isStdioTransport } from '../../server/src/lsp/server';
import { frame, startRaw, type RawServer } from './harness';

const CRLF = '\r\n';

function messages(n: number): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < n; i++) {
    // Bodies that look like headers, CRs, LFs and multi-byte characters: the guard must not read bodies.
    parts.push(frame({ jsonrpc: '2.0', method: 'x', params: { i, text: `Content-Length: 5${CRLF}${CRLF}é€😀\r\r\n\n:`.repeat(i % 4) } }));
  }
  return Buffer.concat(parts);
}

/** Pushes `bytes` in chunks of the given sizes (cycled); returns the first error, if any. */
function pushChunked(g: FrameGuard, bytes: Buffer, sizes: number[]): string | undefined {
  let at = 0;
  for (let k = 0; at < bytes.length; k++) {
    const n = sizes[k % sizes.length]!;
    const err = g.push(bytes.subarray(at, at + n));
    if (err) return err.message;
    at += n;
  }
  return undefined;
}

describe('FrameGuard', () => {
  test('a well-formed stream passes however it is cut into chunks, and every message is counted', () => {
    const bytes = messages(25);
    for (const sizes of [[bytes.length], [1], [2, 3], [7, 1, 64], [4096]]) {
      const g = new FrameGuard();
      assert.equal(pushChunked(g, bytes, sizes), undefined, `chunks ${sizes.join(',')}`);
      assert.equal(g.messages, 25);
    }
  });

  test('Content-Type and other headers, in any case and with spaces around the value, are accepted', () => {
    const body = '{"jsonrpc":"2.0","method":"x"}';
    const g = new FrameGuard();
    assert.equal(g.push(Buffer.from(`content-length:${body.length}  ${CRLF}Content-Type: application/vscode-jsonrpc; charset=utf-8${CRLF}${CRLF}${body}`)), undefined);
    assert.equal(g.messages, 1);
  });

  const bad: [string, string, RegExp][] = [
    ['Content-Length: abc', `Content-Length: abc${CRLF}${CRLF}{}`, /Content-Length "abc" is not a non-negative decimal number/],
    ['Content-Length: -5', `Content-Length: -5${CRLF}${CRLF}{}`, /Content-Length "-5" is not a non-negative decimal number/],
    ['Content-Length: 12abc (parseInt would read 12)', `Content-Length: 12abc${CRLF}${CRLF}{}`, /"12abc" is not a non-negative decimal number/],
    ['no Content-Length', `Content-Type: application/json${CRLF}${CRLF}{}`, /no Content-Length header \(headers: content-type\)/],
    ['a length beyond the cap', `Content-Length: ${MAX_CONTENT_LENGTH + 1}${CRLF}${CRLF}`, /larger than the 64 MiB the server accepts/],
    ['an absurd length', `Content-Length: 99999999999999999999${CRLF}${CRLF}`, /larger than the 64 MiB/],
    ['a body without headers', '{"jsonrpc":"2.0","id":1,"method":"initialize"}', /expected a header \("Content-Length: <n>"\), got '\{'/],
    ['LF-only line ends', `Content-Length: 2\n\n{}`, /ends in LF without CR/],
    ['a header line without a colon', `Content-Length 2${CRLF}${CRLF}{}`, /a header name cannot contain ' '/],
    ['an empty header block', `${CRLF}{}`, /an empty header block/],
  ];
  for (const [name, input, re] of bad) {
    test(`rejects ${name}, whether it comes in one chunk or byte by byte`, () => {
      assert.match(pushChunked(new FrameGuard(), Buffer.from(input, 'latin1'), [input.length]) ?? 'no error', re);
      assert.match(pushChunked(new FrameGuard(), Buffer.from(input, 'latin1'), [1]) ?? 'no error', re);
    });
  }

  test('a malformed header after good messages is reported at its byte offset; the guard stays failed', () => {
    const good = messages(3);
    const g = new FrameGuard();
    assert.equal(g.push(good), undefined);
    const err = g.push(Buffer.from(`Content-Length: x${CRLF}${CRLF}`));
    assert.ok(err);
    assert.equal(err.offset, good.length + `Content-Length: x${CRLF}`.length + 1);
    assert.equal(g.push(frame({ jsonrpc: '2.0', method: 'x' })), err, 'nothing after a broken frame is accepted');
  });

  test('a header block that never ends is cut at MAX_HEADER_BYTES', () => {
    const g = new FrameGuard();
    const err = g.push(Buffer.from(`X-Padding: ${'a'.repeat(MAX_HEADER_BYTES)}`));
    assert.match(err?.message ?? '', /header block is longer than 8192 bytes/);
  });

  test('the guard reads the transport from the command line as createConnection does', () => {
    assert.equal(isStdioTransport(['--stdio']), true);
    assert.equal(isStdioTransport(['lsp', '--stdio']), true);
    assert.equal(isStdioTransport(['--node-ipc']), false);
    assert.equal(isStdioTransport(['--socket=5000']), false);
    assert.equal(isStdioTransport(['--pipe', 'x', '--stdio']), false);
    assert.equal(isStdioTransport([]), false);
  });
});

const INITIALIZE = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } };

/** Waits until the server's stdout holds a response with `id` (the server is serving). */
async function waitForResponse(s: RawServer, id: number, timeoutMs = 30_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!s.stdout().toString('utf8').includes(`"id":${id}`)) {
    if (Date.now() > end) throw new Error(`no response ${id}; stderr: ${s.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('the server on a malformed stream (stdio, raw bytes)', () => {
  const cases: [string, string, RegExp][] = [
    ['Content-Length: abc', `Content-Length: abc${CRLF}${CRLF}`, /Content-Length "abc" is not a non-negative decimal number/],
    ['Content-Length: -5', `Content-Length: -5${CRLF}${CRLF}`, /Content-Length "-5" is not a non-negative decimal number/],
    ['a missing Content-Length', `Content-Type: application/vscode-jsonrpc; charset=utf-8${CRLF}${CRLF}`, /no Content-Length header/],
    ['a Content-Length beyond 64 MiB', `Content-Length: ${128 * 1024 * 1024}${CRLF}${CRLF}`, /larger than the 64 MiB the server accepts/],
  ];
  for (const [name, header, reason] of cases) {
    test(`${name}: the server says why on stderr and exits ${EXIT_PROTOCOL_ERROR}, after serving the good messages before it`, async () => {
      const s = startRaw();
      try {
        s.proc.stdin!.write(frame(INITIALIZE));
        await waitForResponse(s, 1);
        // The bad frame, then good ones that a resynchronising reader would mistake for anything.
        s.proc.stdin!.write(Buffer.concat([Buffer.from(header, 'latin1'), Buffer.from('{"jsonrpc":"2.0","id":2,"method":"shutdown"}'), frame({ jsonrpc: '2.0', id: 3, method: 'shutdown' })]));
        const code = await s.exited();
        assert.equal(code, EXIT_PROTOCOL_ERROR, `exit code; stderr: ${s.stderr()}`);
        assert.match(s.stderr(), /mapi-lint: fatal: malformed LSP message from the client at byte \d+/);
        assert.match(s.stderr(), reason);
        assert.match(s.stderr(), /the server exits \(code 2\) and the client may restart it/);
        assert.ok(!s.stdout().toString('utf8').includes('"id":3'), 'nothing after the broken frame is answered');
      } finally {
        s.proc.kill('SIGKILL');
      }
    });
  }

  test('a header split across writes is read as one: the server keeps serving', async () => {
    const s = startRaw();
    try {
      const bytes = frame(INITIALIZE);
      s.proc.stdin!.write(bytes.subarray(0, 7));
      await new Promise((r) => setTimeout(r, 50));
      s.proc.stdin!.write(bytes.subarray(7, 20));
      await new Promise((r) => setTimeout(r, 50));
      s.proc.stdin!.write(bytes.subarray(20));
      await waitForResponse(s, 1);
      s.proc.stdin!.write(Buffer.concat([frame({ jsonrpc: '2.0', id: 2, method: 'shutdown' }), frame({ jsonrpc: '2.0', method: 'exit' })]));
      assert.equal(await s.exited(), 0, s.stderr());
      assert.equal(s.stderr().includes('malformed'), false);
    } finally {
      s.proc.kill('SIGKILL');
    }
  });
});
