import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { SessionResponse } from '@entitle/domain';
import { settle } from '../../testing/settle';
import { authGuard, guestGuard } from './auth.guard';

@Component({ template: 'page', changeDetection: ChangeDetectionStrategy.OnPush })
class PageComponent {}

const signedIn: SessionResponse = { user: { id: 'u1', email: 'ada@example.com', name: null, role: 'admin' } };
const unauthorized = { statusCode: 401, error: 'Unauthorized', code: 'unauthenticated', message: 'Sign in first' };

describe('auth guards', () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', canActivate: [guestGuard], component: PageComponent },
          { path: 'audit', canActivate: [authGuard], component: PageComponent },
          { path: '', component: PageComponent },
        ]),
      ],
    });
    harness = await RouterTestingHarness.create();
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  /** Navigates while `GET /auth/me` answers as given; returns where the router ended up. */
  async function navigate(url: string, me: { status: number; body: object | null }): Promise<string> {
    const navigation = harness.navigateByUrl(url);
    await settle();
    const answer = (request: TestRequest) =>
      me.status === 0
        ? request.error(new ProgressEvent('error'), { status: 0 })
        : request.flush(me.body, { status: me.status, statusText: 'x' });
    answer(http.expectOne('/api/v1/auth/me'));
    await settle();
    // An unanswered question is asked again by the sign-in page's guard; answer it the same way.
    http.match('/api/v1/auth/me').forEach(answer);
    await navigation;
    return TestBed.inject(Router).url;
  }

  describe(authGuard.name, () => {
    it.each([
      ['/sign-in?returnUrl=%2Faudit%3Fbefore%3Dabc', 'no one is signed in', { status: 401, body: unauthorized }],
      ['/sign-in?returnUrl=%2Faudit%3Fbefore%3Dabc', 'the API cannot be reached', { status: 0, body: null }],
      ['/audit?before=abc', 'a user is signed in', { status: 200, body: signedIn }],
    ])('should end at %s when %s', async (expected, _case, me) => {
      expect(await navigate('/audit?before=abc', me)).toBe(expected);
    });

    it('should ask the API only once when navigating twice', async () => {
      await navigate('/audit', { status: 200, body: signedIn });
      await harness.navigateByUrl('/');
      await harness.navigateByUrl('/audit');

      http.expectNone('/api/v1/auth/me');
      expect(TestBed.inject(Router).url).toBe('/audit');
    });
  });

  describe(guestGuard.name, () => {
    it.each([
      ['/sign-in?returnUrl=%2Faudit', { status: 200, body: signedIn }, '/audit'],
      ['/sign-in?returnUrl=%2F%2Fevil.example', { status: 200, body: signedIn }, '/'],
      ['/sign-in?returnUrl=%2Faudit', { status: 401, body: unauthorized }, '/sign-in?returnUrl=%2Faudit'],
    ])('should take %s to where it belongs when the API answers %j', async (url, me, expected) => {
      expect(await navigate(url, me)).toBe(expected);
    });
  });
});
