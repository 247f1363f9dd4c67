import type { HttpTestingController } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type { UserRole } from '@entitle/domain';
import { SessionService } from '../app/core/session.service';

/** Signs a user of `role` in, as the auth guard would have before any page opens. */
export async function signInAs(http: HttpTestingController, role: UserRole): Promise<void> {
  const loaded = TestBed.inject(SessionService).ensureLoaded();
  http.expectOne('/api/v1/auth/me').flush({ user: { id: 'u1', email: 'ada@example.com', name: null, role } });
  await loaded;
}
