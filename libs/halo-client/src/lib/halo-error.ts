/** What went wrong talking to Halo; callers switch on this, the message is for humans. */
export enum HaloErrorCode {
  InvalidCredentials = 'invalid_credentials',
  MissingPermission = 'missing_permission',
  RateLimited = 'rate_limited',
  Unavailable = 'unavailable',
  MalformedResponse = 'malformed_response',
  NotFound = 'not_found',
  BadRequest = 'bad_request',
  Timeout = 'timeout',
  Cancelled = 'cancelled',
}

export interface HaloErrorDetails {
  /** The Halo API permission (scope) that is missing, e.g. `read:customers`. */
  permission?: string;
  /** The offending field, e.g. `clients[3].id`, for malformed responses and validation errors. */
  field?: string;
  /** HTTP status of the last response, when there was one. */
  status?: number;
  /** The request that failed, as `METHOD /api/Path` (never with query values that could hold secrets). */
  request?: string;
  cause?: unknown;
}

/**
 * The only error the client throws. Messages say what the admin or caller should do next, and never contain
 * the client secret or a token (they are not passed in here, and response bodies are not quoted verbatim
 * beyond Halo's own short error text).
 */
export class HaloError extends Error {
  readonly code: HaloErrorCode;
  readonly permission?: string;
  readonly field?: string;
  readonly status?: number;
  readonly request?: string;

  constructor(code: HaloErrorCode, message: string, details: HaloErrorDetails = {}) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'HaloError';
    this.code = code;
    this.permission = details.permission;
    this.field = details.field;
    this.status = details.status;
    this.request = details.request;
  }

  /** Whether a later attempt may succeed without anyone changing Halo's configuration. */
  get transient(): boolean {
    return (
      this.code === HaloErrorCode.RateLimited || this.code === HaloErrorCode.Unavailable || this.code === HaloErrorCode.Timeout
    );
  }

  toJSON(): Record<string, unknown> {
    return { name: this.name, code: this.code, message: this.message, permission: this.permission, field: this.field, status: this.status };
  }
}

export function malformed(field: string, problem: string, request?: string): HaloError {
  return new HaloError(
    HaloErrorCode.MalformedResponse,
    `Halo sent malformed data: ${field} ${problem}. Nothing was changed; if this persists, check the record in Halo or report the Halo version to us.`,
    { field, request },
  );
}
