import { HttpErrorResponse } from '@angular/common/http';
import type { ApiErrorBody } from '@entitle/domain';
import { formErrors } from './form-errors';

const refused = (errors: ApiErrorBody['errors'], message = 'Validation failed') =>
  new HttpErrorResponse({ status: 400, error: { statusCode: 400, error: 'Bad Request', code: 'validation_failed', message, errors } satisfies ApiErrorBody });

const owns = (field: string) => ['version', 'target.tenantId'].includes(field);

describe(formErrors.name, () => {
  it('should put each message under its input and ask to check them when every field is shown', () => {
    const result = formErrors(refused([{ field: 'version', message: 'must not be empty' }, { field: 'target.tenantId', message: 'unknown tenant' }]), owns);

    expect(result).toEqual({ fields: { version: 'must not be empty', 'target.tenantId': 'unknown tenant' }, message: 'Check the fields below.' });
  });

  it('should keep the first message of a field when the API names it twice', () => {
    expect(formErrors(refused([{ field: 'version', message: 'first' }, { field: 'version', message: 'second' }]), owns).fields).toEqual({ version: 'first' });
  });

  it('should name a field the form does not show in the line above the form', () => {
    const result = formErrors(refused([{ field: 'platform', message: 'unknown field' }]), owns);

    expect(result).toEqual({ fields: {}, message: 'platform unknown field' });
  });

  it('should put a conflict about a field under that field', () => {
    const conflict = new HttpErrorResponse({
      status: 409,
      error: { statusCode: 409, error: 'Conflict', code: 'conflict', message: 'version: 1.0 already exists', errors: [{ field: 'version', message: 'already exists' }] } satisfies ApiErrorBody,
    });

    expect(formErrors(conflict, owns)).toEqual({ fields: { version: 'already exists' }, message: 'Check the fields below.' });
  });

  it('should use the API message when a 400 names no field', () => {
    expect(formErrors(refused(undefined, 'The version 1.0 exists already'), owns)).toEqual({ fields: {}, message: 'The version 1.0 exists already' });
  });

  it.each([
    ['the API refuses the role', new HttpErrorResponse({ status: 403 }), 'Admins only.'],
    ['the network failed', new HttpErrorResponse({ status: 0 }), 'Cannot reach Entitle. Check your connection and try again.'],
  ])('should say what happened when %s', (_case, error, message) => {
    expect(formErrors(error, owns, 'Admins only.')).toEqual({ fields: {}, message });
  });
});
