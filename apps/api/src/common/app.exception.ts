/** Error codes the API answers with; one filter (app-exception.filter.ts) maps each to its HTTP status. */
export enum ErrorCode {
  ValidationFailed = 'validation_failed',
  Unauthenticated = 'unauthenticated',
  InvalidCredentials = 'invalid_credentials',
  Forbidden = 'forbidden',
  NotFound = 'not_found',
  Conflict = 'conflict',
  TooManyRequests = 'too_many_requests',
  Unavailable = 'unavailable',
  /** An agent presented an enrollment key that is unknown, expired, revoked or used up. */
  InvalidEnrollmentKey = 'invalid_enrollment_key',
  /** An agent's credential was revoked by an admin: it must enroll again. */
  AgentRevoked = 'agent_revoked',
}

export interface FieldError {
  field: string;
  message: string;
}

export class AppException extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extra: { errors?: FieldError[]; retryAfterSeconds?: number } = {},
  ) {
    super(message);
    this.name = 'AppException';
  }

  static validation(errors: FieldError[]): AppException {
    return new AppException(ErrorCode.ValidationFailed, errors.map((e) => `${e.field}: ${e.message}`).join('; '), { errors });
  }
}
