import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { SessionResponse } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { settle } from '../../testing/settle';
import { authInterceptor } from './auth.interceptor';
import { SessionService } from './session.service';

@Component({ template: 'page', changeDetection: ChangeDetectionStrategy.OnPush })
class PageComponent {}

const session: SessionResponse = { user: { id: 'u1', email: 'ada@example.com', name: 'Ada', role: 'admin' } };

describe(authInterceptor.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([{ path: '**', component: PageComponent }]),
      ],
    });
    harness = await RouterTestingHarness.create();
    http = TestBed.inject(HttpTestingController);
    // Start signed in, as a user would be when their session expires mid-page.
    const loaded = TestBed.inject(SessionService).ensureLoaded();
    http.expectOne('/api/v1/auth/me').flush(session);
    await loaded;
  });

  afterEach(() => http.verify());

  /** Sends a GET from page `from`, answers it with `status`, and reports the outcome. */
  async function call(from: string, url: string, status: number) {
    await harness.navigateByUrl(from);
    const response = firstValueFrom(TestBed.inject(HttpClient).get(url)).catch((error: unknown) => error);
    http.expectOne(url).flush({ statusCode: status, error: 'x', code: 'x', message: 'x' }, { status, statusText: 'x' });
    const error = await response;
    await settle();
    return {
      error,
      url: TestBed.inject(Router).url,
      user: TestBed.inject(SessionService).user(),
    };
  }

  it('should forget the user and go to sign-in with the page to return to when the API answers 401', async () => {
    const outcome = await call('/audit?before=abc', '/api/v1/audit', 401);

    expect(outcome.url).toBe('/sign-in?returnUrl=%2Faudit%3Fbefore%3Dabc');
    expect(outcome.user).toBeNull();
    expect(outcome.error).toBeInstanceOf(HttpErrorResponse);
  });

  it.each([
    ['the sign-in itself is refused', '/sign-in', '/api/v1/auth/login', 401, '/sign-in', session.user],
    ['the API answers 403', '/audit', '/api/v1/audit', 403, '/audit', session.user],
    ['the page signs in in place', '/technician-pod/psa/1/ticket/7', '/api/v1/computers', 401, '/technician-pod/psa/1/ticket/7', null],
    ['the 401 comes from another origin', '/audit', 'https://halo.example/api/tickets', 401, '/audit', session.user],
  ])('should stay on the page when %s', async (_case, from, url, status, expectedUrl, expectedUser) => {
    const outcome = await call(from, url, status);

    expect(outcome.url).toBe(expectedUrl);
    expect(outcome.user).toEqual(expectedUser);
    expect(outcome.error).toBeInstanceOf(HttpErrorResponse);
  });
});
