import { ArgumentsHost, Catch, ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Response } from 'express';
import type { ApiErrorBody } from '@entitle/domain';
import { AppException, ErrorCode } from './app.exception';
import type { AppRequest } from './request-context';

const STATUS: Record<ErrorCode, number> = {
  [ErrorCode.ValidationFailed]: HttpStatus.BAD_REQUEST,
  [ErrorCode.Unauthenticated]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.InvalidCredentials]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.Forbidden]: HttpStatus.FORBIDDEN,
  [ErrorCode.NotFound]: HttpStatus.NOT_FOUND,
  [ErrorCode.Conflict]: HttpStatus.CONFLICT,
  [ErrorCode.TooManyRequests]: HttpStatus.TOO_MANY_REQUESTS,
  [ErrorCode.Unavailable]: HttpStatus.SERVICE_UNAVAILABLE,
  [ErrorCode.InvalidEnrollmentKey]: HttpStatus.UNAUTHORIZED,
  [ErrorCode.AgentRevoked]: HttpStatus.UNAUTHORIZED,
};

const REASON: Record<number, string> = {
  400: 'Bad Request', 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed',
  409: 'Conflict', 413: 'Payload Too Large', 415: 'Unsupported Media Type', 429: 'Too Many Requests',
  500: 'Internal Server Error', 503: 'Service Unavailable',
};

/** The one place that turns errors into HTTP answers. Unknown errors are logged with context and answered 500. */
@Catch()
export class AppExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Http');

  catch(exception: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<AppRequest>();
    const requestId = req.id === undefined ? undefined : String(req.id);
    let body: ApiErrorBody;

    if (exception instanceof AppException) {
      const status = STATUS[exception.code];
      body = { statusCode: status, error: REASON[status] ?? 'Error', code: exception.code, message: exception.message };
      if (exception.extra.errors) body.errors = exception.extra.errors;
      if (exception.extra.retryAfterSeconds !== undefined) res.setHeader('Retry-After', String(exception.extra.retryAfterSeconds));
    } else if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const raw = exception.getResponse();
      const message = typeof raw === 'string' ? raw : String((raw as { message?: unknown }).message ?? exception.message);
      body = { statusCode: status, error: REASON[status] ?? 'Error', code: codeFor(status), message };
    } else if (isBodyParserError(exception)) {
      // express.json() rejects the body before any handler runs: not JSON, or too large.
      const status = exception.status;
      const message = exception.type === 'entity.parse.failed' ? 'body: not valid JSON' : `body: ${exception.message}`;
      body = { statusCode: status, error: REASON[status] ?? 'Error', code: status === 400 ? ErrorCode.ValidationFailed : codeFor(status), message };
      if (status === 400) body.errors = [{ field: 'body', message: 'not valid JSON' }];
    } else {
      this.logger.error({ err: exception, path: req.path, method: req.method, requestId }, 'unhandled error');
      body = { statusCode: 500, error: 'Internal Server Error', code: 'internal', message: 'Something went wrong on our side; the request id is in the logs.' };
    }
    if (requestId) body.requestId = requestId;
    res.status(body.statusCode).json(body);
  }
}

function codeFor(status: number): string {
  switch (status) {
    case 400: return ErrorCode.ValidationFailed;
    case 401: return ErrorCode.Unauthenticated;
    case 403: return ErrorCode.Forbidden;
    case 404: return ErrorCode.NotFound;
    case 409: return ErrorCode.Conflict;
    case 429: return ErrorCode.TooManyRequests;
    default: return status >= 500 ? 'internal' : 'error';
  }
}

function isBodyParserError(e: unknown): e is { status: number; type: string; message: string } {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string'
    && typeof (e as { status?: unknown }).status === 'number';
}
