// The lifecycle of the protocol, enforced before any handler runs (vscode-jsonrpc's message strategy sees every
// incoming message before dispatch). What vscode-languageserver does by itself: `exit` ends the process with 0
// after `shutdown` and 1 without. What it does not, and this gate adds:
//   - a request before `initialize` (and while `initialize` is being answered) gets ServerNotInitialized (-32002);
//     a notification before `initialize` is dropped, except `exit`;
//   - a second `initialize` gets InvalidRequest (-32600);
//   - a request after `shutdown` gets InvalidRequest; a notification after it is dropped, except `exit`.
// `$/cancelRequest` always passes: vscode-jsonrpc uses it to forget cancelled ids.
//
// A refused request is handed on renamed to REJECTED_METHOD, whose handler (server.ts) answers with the error:
// the response goes out through vscode-jsonrpc's own reply path, with the request's id.
import { ErrorCodes, Message, type MessageStrategy, type NotificationMessage, type RequestMessage } from 'vscode-languageserver/node';

export const REJECTED_METHOD = '$/mapi-lint/rejected';

export interface RejectedParams {
  code: number;
  message: string;
}

export type Phase = 'uninitialized' | 'initializing' | 'initialized' | 'shutdown';

export class LifecycleGate implements MessageStrategy {
  phase: Phase = 'uninitialized';

  handleMessage(message: Message, next: (message: Message) => void): void {
    if (Message.isRequest(message)) {
      const refusal = this.refusal(message.method);
      if (refusal) {
        const rejected: RequestMessage = { jsonrpc: message.jsonrpc, id: message.id, method: REJECTED_METHOD, params: refusal };
        next(rejected);
        return;
      }
      if (message.method === 'initialize') this.phase = 'initializing';
      else if (message.method === 'shutdown') this.phase = 'shutdown';
      next(message);
      return;
    }
    if (Message.isNotification(message) && !this.accepts(message)) return; // dropped
    next(message);
  }

  /** The initialize handler answered: requests are served from now on (or, when it failed, initialize may come again). */
  initializeDone(ok: boolean): void {
    if (this.phase === 'initializing') this.phase = ok ? 'initialized' : 'uninitialized';
  }

  private refusal(method: string): RejectedParams | undefined {
    switch (this.phase) {
      case 'uninitialized':
        return method === 'initialize' ? undefined : { code: ErrorCodes.ServerNotInitialized, message: `the server is not initialized: '${method}' before 'initialize'` };
      case 'initializing':
        return method === 'initialize'
          ? { code: ErrorCodes.InvalidRequest, message: "'initialize' may be sent only once" }
          : { code: ErrorCodes.ServerNotInitialized, message: `the server is not initialized yet: '${method}' before the answer to 'initialize'` };
      case 'initialized':
        return method === 'initialize' ? { code: ErrorCodes.InvalidRequest, message: "'initialize' may be sent only once" } : undefined;
      case 'shutdown':
        return { code: ErrorCodes.InvalidRequest, message: `the server is shutting down: '${method}' after 'shutdown'` };
    }
  }

  private accepts(n: NotificationMessage): boolean {
    if (n.method === 'exit' || n.method === '$/cancelRequest') return true;
    return this.phase === 'initializing' || this.phase === 'initialized';
  }
}
