import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { SessionUser } from '@entitle/domain';
import { apiErrorBody, describeApiError } from '../core/api';
import { SessionService } from '../core/session.service';

type Field = 'email' | 'password';

let nextId = 0;

/** What a failed sign-in tells the user: a line for the form, and messages for the fields at fault. */
export function describeSignInError(error: unknown): { message: string; fields: Partial<Record<Field, string>> } {
  if (error instanceof HttpErrorResponse && error.status === 401) {
    return { message: 'Wrong email or password.', fields: {} };
  }
  if (error instanceof HttpErrorResponse && error.status === 400) {
    const fields: Partial<Record<Field, string>> = {};
    for (const { field, message } of apiErrorBody(error)?.errors ?? []) {
      if (field === 'email' || field === 'password') fields[field] ??= message;
    }
    return { message: 'Check the fields below.', fields };
  }
  return { message: describeApiError(error), fields: {} };
}

/**
 * Email and password, posted to the API. Used by the sign-in page and, compact, inside the technician
 * tab, which must sign in where it is (it runs in Halo's iframe).
 */
@Component({
  selector: 'ent-sign-in-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  host: { '[class.compact]': 'compact()' },
  template: `
    <form [formGroup]="form" (ngSubmit)="submit()" novalidate>
      @if (error(); as message) {
        <div class="alert alert-error" role="alert" data-testid="sign-in-error">{{ message }}</div>
      }
      <div class="field">
        <label [for]="id + '-email'">Email</label>
        <input
          [id]="id + '-email'"
          type="email"
          formControlName="email"
          autocomplete="username"
          [attr.aria-invalid]="!!fieldError('email')"
          [attr.aria-describedby]="fieldError('email') ? id + '-email-error' : null"
        />
        @if (fieldError('email'); as message) {
          <p class="field-error" [id]="id + '-email-error'">{{ message }}</p>
        }
      </div>
      <div class="field">
        <label [for]="id + '-password'">Password</label>
        <input
          [id]="id + '-password'"
          type="password"
          formControlName="password"
          autocomplete="current-password"
          [attr.aria-invalid]="!!fieldError('password')"
          [attr.aria-describedby]="fieldError('password') ? id + '-password-error' : null"
        />
        @if (fieldError('password'); as message) {
          <p class="field-error" [id]="id + '-password-error'">{{ message }}</p>
        }
      </div>
      <button type="submit" class="button button-primary button-block" [disabled]="busy()">
        {{ busy() ? 'Signing in…' : 'Sign in' }}
      </button>
    </form>
  `,
  styles: `
    :host { display: block; }
    form { display: grid; gap: 1rem; }
    :host(.compact) form { gap: 0.75rem; }
  `,
})
export class SignInFormComponent {
  private readonly session = inject(SessionService);

  readonly compact = input(false);
  readonly signedIn = output<SessionUser>();

  protected readonly id = `sign-in-${++nextId}`;
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  private readonly serverFieldErrors = signal<Partial<Record<Field, string>>>({});
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    email: ['', [Validators.required, Validators.email]],
    password: ['', Validators.required],
  });

  protected fieldError(field: Field): string | null {
    const server = this.serverFieldErrors()[field];
    if (server) return server;
    const control = this.form.controls[field];
    if (!this.submitted() && !control.touched) return null;
    if (control.hasError('required')) return field === 'email' ? 'Enter your email address.' : 'Enter your password.';
    if (control.hasError('email')) return 'Enter a valid email address.';
    return null;
  }

  async submit(): Promise<void> {
    this.submitted.set(true);
    this.serverFieldErrors.set({});
    if (this.form.invalid || this.busy()) return;
    this.busy.set(true);
    this.error.set(null);
    try {
      const user = await this.session.signIn(this.form.getRawValue());
      this.signedIn.emit(user);
    } catch (error) {
      const { message, fields } = describeSignInError(error);
      this.error.set(message);
      this.serverFieldErrors.set(fields);
      // A fresh try starts with an empty password, without nagging that it is empty.
      this.form.controls.password.reset();
      this.submitted.set(false);
    } finally {
      this.busy.set(false);
    }
  }
}
