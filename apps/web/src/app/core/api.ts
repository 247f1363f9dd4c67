import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@entitle/domain';

/** The API is served from the same origin as the app, so the session cookie goes along without CORS. */
export const API_BASE = '/api/v1';

/** The API's error body when the response carries one; proxies and network failures send something else. */
export function apiErrorBody(error: unknown): ApiErrorBody | null {
  if (!(error instanceof HttpErrorResponse)) return null;
  const body: unknown = error.error;
  if (typeof body === 'object' && body !== null && 'message' in body && 'statusCode' in body) {
    return body as ApiErrorBody;
  }
  return null;
}

/** One sentence a user can act on, for any failed API call. */
export function describeApiError(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return 'Cannot reach Entitle. Check your connection and try again.';
    if (error.status === 429) return 'Too many attempts, try again in a minute.';
    const body = apiErrorBody(error);
    if (body?.message) return body.message;
    if (error.status >= 500) return `Entitle had a problem (HTTP ${error.status}). Try again in a moment.`;
    return `The request failed (HTTP ${error.status}).`;
  }
  return 'Something went wrong. Try again.';
}

/** The record a page shows does not exist: gone (404), or an id in the address that is not one (400). */
export function isMissingRecord(error: unknown): boolean {
  return error instanceof HttpErrorResponse && (error.status === 404 || error.status === 400);
}
