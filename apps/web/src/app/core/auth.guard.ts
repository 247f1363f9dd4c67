import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { safeReturnUrl } from './return-url';
import { SessionService } from './session.service';

/** Who is signed in, or null when that cannot be known (API unreachable): the sign-in form will say why. */
async function currentUser(session: SessionService) {
  try {
    return await session.ensureLoaded();
  } catch {
    return null;
  }
}

/** Admin pages need a session; without one, go to sign-in and come back here afterwards. */
export const authGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const user = await currentUser(inject(SessionService));
  return user ? true : router.createUrlTree(['/sign-in'], { queryParams: { returnUrl: state.url } });
};

/** The sign-in page is pointless when already signed in: go where the user was heading. */
export const guestGuard: CanActivateFn = async (route) => {
  const router = inject(Router);
  const user = await currentUser(inject(SessionService));
  return user ? router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl'))) : true;
};
