import { HttpErrorResponse, type HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { API_BASE } from './api';
import { SessionService } from './session.service';

/** Answers where a 401 is the expected outcome, not a lost session. */
const SESSION_PROBES = [`${API_BASE}/auth/login`, `${API_BASE}/auth/me`, `${API_BASE}/auth/logout`];

/** Pages that sign in in place (the technician tab inside Halo's iframe) instead of leaving for /sign-in. */
const SIGNS_IN_IN_PLACE = /^\/technician-pod(\/|$)/;

/** Any 401 from the API means the session is gone: forget the user and send them to sign in. */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  const session = inject(SessionService);
  const router = inject(Router);
  return next(request).pipe(
    catchError((error: unknown) => {
      const isSessionLoss =
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        request.url.startsWith(API_BASE) &&
        !SESSION_PROBES.some((probe) => request.url.startsWith(probe));
      if (isSessionLoss) {
        session.forget();
        // The navigation in flight, if any, is where the user meant to go; otherwise the current page.
        const navigation = router.currentNavigation();
        const target = navigation?.finalUrl ?? navigation?.extractedUrl;
        const returnUrl = target ? router.serializeUrl(target) : router.url;
        if (!SIGNS_IN_IN_PLACE.test(returnUrl)) {
          void router.navigate(['/sign-in'], { queryParams: { returnUrl } });
        }
      }
      return throwError(() => error);
    }),
  );
};
