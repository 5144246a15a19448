// The base protocol's framing on a byte stream (stdio): `Name: value\r\n` header lines, an empty line, then
// exactly Content-Length bytes of body. vscode-jsonrpc's StreamMessageReader does not survive a broken frame:
// `Content-Length: abc` or a missing Content-Length fires an error nobody listens to and leaves the rest of the
// stream to be read as headers; `Content-Length: -5` fails on every later chunk; a huge length buffers the
// stream until memory runs out. Either way the server would hang without a word. A frame boundary lost cannot
// be found again (a body may contain anything that looks like a header), so the robust answer is to stop: say
// why on stderr and exit non-zero; the client restarts a server that died.
//
// FrameGuard follows the stream byte for byte beside the reader (server.ts gives it every chunk before the
// reader sees it) and accepts exactly the frames the reader would read the same way: for a well-formed stream
// its header and body boundaries are the reader's. It copies nothing of the bodies.

/** The largest body accepted (a document the analysis takes, 8M characters, fits even as escaped JSON). */
export const MAX_CONTENT_LENGTH = 64 * 1024 * 1024;
/** The largest header block accepted (the protocol's headers are two short lines). */
export const MAX_HEADER_BYTES = 8 * 1024;
/** The exit code of a server that stopped on a malformed stream (0 and 1 are `exit` after and without `shutdown`). */
export const EXIT_PROTOCOL_ERROR = 2;

const CR = 0x0d;
const LF = 0x0a;
const COLON = 0x3a;

/** RFC 9110 `tchar`: the bytes of a header name. */
function isTokenByte(b: number): boolean {
  if (b >= 0x30 && b <= 0x39) return true; // 0-9
  if ((b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a)) return true; // A-Z a-z
  return "!#$%&'*+-.^_`|~".includes(String.fromCharCode(b));
}

function describeByte(b: number): string {
  const hex = `0x${b.toString(16).padStart(2, '0')}`;
  return b >= 0x20 && b < 0x7f ? `'${String.fromCharCode(b)}' (${hex})` : hex;
}

/** What broke the framing: `message` is for a human, `offset` is the stream offset of the offending byte. */
export class FramingError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

export class FrameGuard {
  /** Body bytes of the current message still to come (0: reading headers). */
  private bodyLeft = 0;
  /** The header line being read, as latin1 (header bytes are ASCII); whether its name has ended (a ':' seen). */
  private line = '';
  private nameDone = false;
  private sawCR = false;
  private headerBytes = 0;
  private headers = new Map<string, string>();
  /** Bytes seen so far; messages framed so far. */
  private offset = 0;
  messages = 0;
  private failed: FramingError | undefined;

  /** Follows `chunk`; returns the error that ends the stream, if the chunk (or an earlier one) broke the framing. */
  push(chunk: Uint8Array): FramingError | undefined {
    if (this.failed) return this.failed;
    let i = 0;
    while (i < chunk.length) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, chunk.length - i);
        this.bodyLeft -= n;
        i += n;
        this.offset += n;
        if (this.bodyLeft === 0) this.messages++;
        continue;
      }
      const b = chunk[i]!;
      const err = this.headerByte(b);
      if (err) return (this.failed = new FramingError(err, this.offset));
      i++;
      this.offset++;
    }
    return undefined;
  }

  private headerByte(b: number): string | undefined {
    if (++this.headerBytes > MAX_HEADER_BYTES) return `the header block is longer than ${MAX_HEADER_BYTES} bytes without ending (an empty line)`;
    if (this.sawCR) {
      this.sawCR = false;
      if (b !== LF) return `a CR not followed by LF in the header (got ${describeByte(b)})`;
      return this.endOfLine();
    }
    if (b === CR) {
      this.sawCR = true;
      return undefined;
    }
    if (b === LF) return this.line === '' && this.headers.size === 0 ? 'a message starts with LF, not a header line' : 'a header line ends in LF without CR';
    if (!this.nameDone) {
      if (b === COLON) {
        if (this.line === '') return 'a header line without a name before ":"';
        this.nameDone = true;
      } else if (!isTokenByte(b)) {
        return this.headers.size === 0 && this.line === ''
          ? `expected a header ("Content-Length: <n>"), got ${describeByte(b)}`
          : `a header name cannot contain ${describeByte(b)} (header line so far: ${JSON.stringify(this.line)})`;
      }
    }
    this.line += String.fromCharCode(b);
    return undefined;
  }

  private endOfLine(): string | undefined {
    const line = this.line;
    this.line = '';
    if (line !== '') {
      if (!this.nameDone) return `a header line without ":" (${JSON.stringify(line)})`;
      this.nameDone = false;
      const colon = line.indexOf(':');
      // vscode-jsonrpc lower-cases the names and keeps the last of repeated headers: so does the guard.
      this.headers.set(line.slice(0, colon).toLowerCase(), line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, ''));
      return undefined;
    }
    // The empty line: the body follows.
    const headers = this.headers;
    this.headers = new Map();
    this.headerBytes = 0;
    if (headers.size === 0) return 'an empty header block (a message starts with an empty line)';
    const value = headers.get('content-length');
    if (value === undefined) return `no Content-Length header (headers: ${[...headers.keys()].join(', ')})`;
    if (!/^[0-9]+$/.test(value)) return `Content-Length ${JSON.stringify(value)} is not a non-negative decimal number`;
    const length = value.length > 12 ? Infinity : Number(value);
    if (length > MAX_CONTENT_LENGTH) return `Content-Length ${value} is larger than the ${MAX_CONTENT_LENGTH / (1024 * 1024)} MiB the server accepts`;
    this.bodyLeft = length;
    if (length === 0) this.messages++;
    return undefined;
  }
}

/** The line the server writes to stderr before it exits on `err`. */
export function framingExitMessage(err: FramingError): string {
  return (
    `mapi-lint: fatal: malformed LSP message from the client at byte ${err.offset} of its stream: ${err.message}. ` +
    `The message boundaries are lost and cannot be found again; the server exits (code ${EXIT_PROTOCOL_ERROR}) and the client may restart it.\n`
  );
}
