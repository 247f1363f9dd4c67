import { AgentCheckInRequest, AgentCheckInResponse, AgentEnrollRequest, AgentEnrollResponse } from '@entitle/domain';

export const REQUEST_TIMEOUT_MS = 30_000;

/**
 * - `unauthorized`: 401, the credential (or enrollment key) is not accepted; retrying cannot help.
 * - `retryable`: the server could not be reached, timed out, was busy (429) or failed (5xx).
 * - `refused`: any other answer that is not a success (400 and the like): the server will not take this request.
 * - `aborted`: the agent is shutting down.
 */
export type AgentApiFailure = 'unauthorized' | 'retryable' | 'refused' | 'aborted';

export interface AgentApiErrorDetails {
  status?: number;
  /** The API's error code (`invalid_enrollment_key`, `agent_revoked`, `validation_failed`...). */
  code?: string | null;
  /** The API's own message. */
  serverMessage?: string | null;
  /** From Retry-After, when the server sent one. */
  retryAfterMs?: number | null;
  fieldErrors?: { field: string; message: string }[];
}

export class AgentApiError extends Error {
  readonly status: number | null;
  readonly code: string | null;
  readonly serverMessage: string | null;
  readonly retryAfterMs: number | null;
  readonly fieldErrors: { field: string; message: string }[];

  constructor(
    message: string,
    readonly failure: AgentApiFailure,
    details: AgentApiErrorDetails = {},
  ) {
    super(message);
    this.name = 'AgentApiError';
    this.status = details.status ?? null;
    this.code = details.code ?? null;
    this.serverMessage = details.serverMessage ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.fieldErrors = details.fieldErrors ?? [];
  }
}

/** Accepts `https://entitle.example`, with or without a trailing slash or `/api/v1`; throws on anything else. */
export function normalizeServerUrl(input: string): string {
  let url: URL;
  try {
    url = new URL(input.trim());
  } catch {
    throw new Error(`--server ${input} is not a URL (e.g. https://entitle.example)`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new Error(`--server must be an http(s) URL, not ${url.protocol}`);
  if (url.username || url.password || url.search || url.hash) throw new Error('--server must be a plain URL without credentials, query or fragment');
  const path = url.pathname.replace(/\/+$/, '').replace(/\/api\/v1$/, '');
  return `${url.origin}${path}`;
}

/** Retry-After as seconds or an HTTP date, in milliseconds from `now`; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (!header) return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

export interface AgentApiClientOptions {
  server: string;
  credential?: string;
  timeoutMs?: number;
  /** Aborts the request in flight when the agent shuts down. */
  signal?: AbortSignal;
}

/** The two calls the agent makes, under `<server>/api/v1/agent`. */
export class AgentApiClient {
  constructor(private readonly options: AgentApiClientOptions) {}

  enroll(body: AgentEnrollRequest): Promise<AgentEnrollResponse> {
    return this.post('/agent/enroll', body) as Promise<AgentEnrollResponse>;
  }

  checkIn(body: AgentCheckInRequest): Promise<AgentCheckInResponse> {
    return this.post('/agent/check-in', body) as Promise<AgentCheckInResponse>;
  }

  private async post(path: string, body: unknown): Promise<unknown> {
    const { server, credential, signal } = this.options;
    const timeoutMs = this.options.timeoutMs ?? REQUEST_TIMEOUT_MS;
    const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
    if (credential) headers['authorization'] = `Bearer ${credential}`;
    const timeout = AbortSignal.timeout(timeoutMs);
    let response: Response;
    let text: string;
    try {
      response = await fetch(`${server}/api/v1${path}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: signal ? AbortSignal.any([timeout, signal]) : timeout,
      });
      text = await response.text();
    } catch (error) {
      if (signal?.aborted) throw new AgentApiError('the agent is shutting down', 'aborted');
      if (timeout.aborted) throw new AgentApiError(`no answer from ${server} within ${Math.round(timeoutMs / 1000)} s`, 'retryable');
      throw new AgentApiError(`cannot reach ${server}: ${networkReason(error)}`, 'retryable');
    }
    if (response.ok) {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        throw new AgentApiError(`${server} answered ${response.status} with something that is not JSON (is --server the Entitle URL?)`, 'retryable', { status: response.status });
      }
    }
    const error = parseErrorBody(text);
    const retryAfterMs = parseRetryAfter(response.headers.get('retry-after'));
    const described = `${response.status}${error.code ? ` ${error.code}` : ''}${error.message ? `: ${error.message}` : ''}`;
    const failure: AgentApiFailure =
      response.status === 401 ? 'unauthorized' : response.status === 429 || response.status === 408 || response.status >= 500 ? 'retryable' : 'refused';
    throw new AgentApiError(`server answered ${described}`, failure, {
      status: response.status,
      code: error.code,
      serverMessage: error.message,
      retryAfterMs,
      fieldErrors: error.errors,
    });
  }
}

function parseErrorBody(text: string): { code: string | null; message: string | null; errors: { field: string; message: string }[] } {
  try {
    const data = JSON.parse(text) as unknown;
    if (typeof data === 'object' && data !== null) {
      const d = data as Record<string, unknown>;
      const errors = Array.isArray(d['errors'])
        ? d['errors'].filter((e): e is { field: string; message: string } => typeof e === 'object' && e !== null && typeof e.field === 'string' && typeof e.message === 'string')
        : [];
      return { code: typeof d['code'] === 'string' ? d['code'] : null, message: typeof d['message'] === 'string' ? d['message'] : null, errors };
    }
  } catch {
    // Not JSON (a proxy's error page): the status says enough.
  }
  return { code: null, message: null, errors: [] };
}

/** fetch hides the reason (ECONNREFUSED, ENOTFOUND, a certificate problem) in `cause`. */
function networkReason(error: unknown): string {
  const cause = error instanceof Error ? (error.cause as { code?: unknown; message?: unknown } | undefined) : undefined;
  if (cause && typeof cause.code === 'string') return typeof cause.message === 'string' && cause.message ? cause.message : cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return error instanceof Error ? error.message : String(error);
}
