import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';

export interface FakeRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
}

export interface FakeReply {
  status?: number;
  headers?: Record<string, string>;
  /** JSON-encoded unless `raw` is set. */
  json?: unknown;
  raw?: string;
  /** Never answer (for timeout tests). */
  hang?: boolean;
}

export type FakeHandler = (request: FakeRequest) => FakeReply | undefined;

/**
 * A tiny programmable HTTP server for unit tests of the client's transport (the simulator covers the real
 * API surface in the integration specs). Answers the token endpoint by default; every other route comes
 * from the test's handler. Records every request.
 */
export class FakeHalo {
  readonly requests: FakeRequest[] = [];
  handler: FakeHandler = () => undefined;
  tokenCount = 0;
  tokenReply: (request: FakeRequest) => FakeReply = () => ({ json: { token_type: 'Bearer', access_token: `token-${++this.tokenCount}`, expires_in: 3600, scope: 'all' } });
  private server: Server | null = null;
  private readonly hanging = new Set<ServerResponse>();
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      req.on('end', () => this.answer(req, res, body));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const res of this.hanging) res.destroy();
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }

  apiRequests(): FakeRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/api/') && r.path !== '/api/authinfo');
  }

  private answer(req: IncomingMessage, res: ServerResponse, body: string): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const request: FakeRequest = { method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, headers: req.headers, body };
    this.requests.push(request);
    let reply = this.handler(request);
    if (reply === undefined && request.path === '/auth/token') reply = this.tokenReply(request);
    if (reply === undefined && request.path === '/api/authinfo') reply = { status: 404, raw: 'not found' };
    if (reply === undefined) reply = { status: 404, raw: 'no route' };
    if (reply.hang) {
      this.hanging.add(res);
      return;
    }
    res.writeHead(reply.status ?? 200, { 'content-type': 'application/json', ...reply.headers });
    res.end(reply.raw ?? JSON.stringify(reply.json ?? null));
  }
}

/** A fake clock and sleep: sleeping advances time instantly and is recorded. */
export function fakeTime(start = Date.UTC(2026, 11, 4, 9, 0, 0)): { clock: () => number; sleep: (ms: number) => Promise<void>; sleeps: number[]; advance: (ms: number) => void } {
  let now = start;
  const sleeps: number[] = [];
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms);
      now += ms;
    },
    sleeps,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

/** Serves `rows` as Halo pages them: `{record_count, key: rows}` with pageinate/page_size/page_no. */
export function pagedList(key: string, rows: unknown[], options: { cap?: number; recordCount?: number } = {}): (request: FakeRequest) => FakeReply {
  return (request) => {
    const size = Math.min(Number(request.query.get('page_size') ?? 50), options.cap ?? Infinity);
    const page = Number(request.query.get('page_no') ?? 1);
    return { json: { record_count: options.recordCount ?? rows.length, [key]: rows.slice((page - 1) * size, page * size) } };
  };
}
