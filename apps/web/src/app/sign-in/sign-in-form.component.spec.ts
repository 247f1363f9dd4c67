import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { ApiErrorBody, SessionResponse, SessionUser } from '@entitle/domain';
import { settle } from '../../testing/settle';
import { SessionService } from '../core/session.service';
import { SignInFormComponent } from './sign-in-form.component';

const admin: SessionUser = { id: 'u1', email: 'admin@example.com', name: 'Ada Admin', role: 'admin' };

function errorBody(statusCode: number, code: string, message: string, errors?: ApiErrorBody['errors']): ApiErrorBody {
  return { statusCode, error: 'Error', code, message, ...(errors ? { errors } : {}) };
}

describe(SignInFormComponent.name, () => {
  let fixture: ComponentFixture<SignInFormComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  beforeEach(async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    fixture = TestBed.createComponent(SignInFormComponent);
    http = TestBed.inject(HttpTestingController);
    element = fixture.nativeElement as HTMLElement;
    await fixture.whenStable();
  });

  afterEach(() => http.verify());

  function type(label: string, value: string): void {
    const input = element.querySelector<HTMLInputElement>(`input[type="${label}"]`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
    input.dispatchEvent(new Event('blur'));
  }

  async function submit(email = 'admin@example.com', password = 'secret'): Promise<void> {
    type('email', email);
    type('password', password);
    element.querySelector<HTMLFormElement>('form')!.dispatchEvent(new Event('submit'));
    await settle(fixture);
  }

  const text = (selector: string) => element.querySelector(selector)?.textContent?.trim() ?? null;
  const fieldErrors = () => Array.from(element.querySelectorAll('.field-error'), (node) => node.textContent?.trim());

  it.each([
    ['the password is wrong', 401, errorBody(401, 'invalid_credentials', 'Invalid credentials'), 'Wrong email or password.'],
    ['the API throttles sign-ins', 429, errorBody(429, 'throttled', 'ThrottlerException'), 'Too many attempts, try again in a minute.'],
    ['the API fails', 500, errorBody(500, 'internal', 'Internal server error'), 'Internal server error'],
  ])('should show an error when %s', async (_case, status, body, expected) => {
    await submit();
    const request = http.expectOne('/api/v1/auth/login');
    expect(request.request.body).toEqual({ email: 'admin@example.com', password: 'secret' });
    request.flush(body, { status, statusText: 'Error' });
    await settle(fixture);

    expect(text('[data-testid="sign-in-error"]')).toBe(expected);
    expect(element.querySelector<HTMLInputElement>('input[type="password"]')!.value).toBe('');
    expect(fieldErrors()).toEqual([]);
    expect(element.querySelector<HTMLButtonElement>('button')!.disabled).toBe(false);
  });

  it('should show the API field errors when the body is rejected', async () => {
    await submit();
    http
      .expectOne('/api/v1/auth/login')
      .flush(errorBody(400, 'validation_failed', 'Invalid body', [{ field: 'email', message: 'email must be an email' }]), {
        status: 400,
        statusText: 'Bad Request',
      });
    await settle(fixture);

    expect(text('[data-testid="sign-in-error"]')).toBe('Check the fields below.');
    expect(fieldErrors()).toEqual(['email must be an email']);
  });

  it('should not call the API when the fields are empty', async () => {
    await submit('', '');

    http.expectNone('/api/v1/auth/login');
    expect(fieldErrors()).toEqual(['Enter your email address.', 'Enter your password.']);
  });

  it('should emit the user and remember the session when the API accepts the credentials', async () => {
    const emitted: SessionUser[] = [];
    fixture.componentInstance.signedIn.subscribe((user) => emitted.push(user));

    await submit();
    http.expectOne('/api/v1/auth/login').flush({ user: admin } satisfies SessionResponse);
    await settle(fixture);

    expect(emitted).toEqual([admin]);
    expect(TestBed.inject(SessionService).user()).toEqual(admin);
    expect(text('[data-testid="sign-in-error"]')).toBeNull();
  });
});
