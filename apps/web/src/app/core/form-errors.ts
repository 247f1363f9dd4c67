import { HttpErrorResponse } from '@angular/common/http';
import { apiErrorBody, describeApiError } from './api';

/** What a refused save tells a form: a message per input it shows, and one line for the top of the form. */
export interface FormErrors {
  fields: Record<string, string>;
  message: string;
}

/**
 * Splits a failed save into messages under the inputs and one line above them. A 400 names each field at fault
 * (`version`, `target.tenantId`), and so does a 409 about one (a slug or a version in use); `owns(field)` says whether
 * the form shows an input for it, and the rest go into the line. `forbidden` is what a 403 means on this form.
 */
export function formErrors(error: unknown, owns: (field: string) => boolean, forbidden = 'Only an administrator can change this.'): FormErrors {
  const body = apiErrorBody(error);
  if (error instanceof HttpErrorResponse && (error.status === 400 || (error.status === 409 && body?.errors?.length))) {
    const fields: Record<string, string> = {};
    const other: string[] = [];
    for (const { field, message } of body?.errors ?? []) {
      if (owns(field)) fields[field] ??= message;
      else other.push(`${field} ${message}`);
    }
    const message = other.length ? other.join('; ') : Object.keys(fields).length ? 'Check the fields below.' : (body?.message ?? 'Check the fields below.');
    return { fields, message };
  }
  if (error instanceof HttpErrorResponse && error.status === 403) return { fields: {}, message: forbidden };
  return { fields: {}, message: describeApiError(error) };
}
