import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@entitle/domain';
import { describeApiError } from './api';

const body: ApiErrorBody = { statusCode: 409, error: 'Conflict', code: 'email_taken', message: 'That email is in use.' };

describe(describeApiError.name, () => {
  it.each([
    ['the network failed', new HttpErrorResponse({ status: 0 }), 'Cannot reach Entitle. Check your connection and try again.'],
    ['the API throttled the caller', new HttpErrorResponse({ status: 429, error: body }), 'Too many attempts, try again in a minute.'],
    ['the API sent its error body', new HttpErrorResponse({ status: 409, error: body }), 'That email is in use.'],
    ['a proxy answered 502 with HTML', new HttpErrorResponse({ status: 502, error: '<html>' }), 'Entitle had a problem (HTTP 502). Try again in a moment.'],
    ['a 404 came without a body', new HttpErrorResponse({ status: 404 }), 'The request failed (HTTP 404).'],
    ['the error is not an HTTP error', new Error('boom'), 'Something went wrong. Try again.'],
  ])('should describe the failure when %s', (_case, error, expected) => {
    expect(describeApiError(error)).toBe(expected);
  });
});
