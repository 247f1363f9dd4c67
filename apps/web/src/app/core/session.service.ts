import { HttpClient, HttpErrorResponse } from '@angular/common/http';
import { computed, inject, Injectable, signal } from '@angular/core';
import type { LoginRequest, SessionResponse, SessionUser } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { API_BASE } from './api';

/**
 * The signed-in user. `undefined` until the API has been asked (`GET /auth/me`), then the user or `null`.
 * The session itself is an httpOnly cookie the app never sees; this only mirrors what the API said.
 */
@Injectable({ providedIn: 'root' })
export class SessionService {
  private readonly http = inject(HttpClient);
  private readonly state = signal<SessionUser | null | undefined>(undefined);
  private pending: Promise<SessionUser | null> | null = null;

  readonly user = this.state.asReadonly();
  readonly isAdmin = computed(() => this.state()?.role === 'admin');

  /** Asks the API once who is signed in; later calls reuse the answer until it changes. */
  ensureLoaded(): Promise<SessionUser | null> {
    const known = this.state();
    if (known !== undefined) return Promise.resolve(known);
    this.pending ??= firstValueFrom(this.http.get<SessionResponse>(`${API_BASE}/auth/me`))
      .then(
        ({ user }) => user,
        (error: unknown) => {
          if (error instanceof HttpErrorResponse && error.status === 401) return null;
          throw error;
        },
      )
      .then((user) => {
        this.state.set(user);
        return user;
      })
      .finally(() => (this.pending = null));
    return this.pending;
  }

  async signIn(credentials: LoginRequest): Promise<SessionUser> {
    const { user } = await firstValueFrom(this.http.post<SessionResponse>(`${API_BASE}/auth/login`, credentials));
    this.state.set(user);
    return user;
  }

  async signOut(): Promise<void> {
    try {
      await firstValueFrom(this.http.post<void>(`${API_BASE}/auth/logout`, null));
    } finally {
      // Forget the user even if the call failed: the cookie may already be gone, and staying
      // "signed in" on screen after pressing Sign out would be worse.
      this.state.set(null);
    }
  }

  /** The API said 401: the session expired or was revoked elsewhere. */
  forget(): void {
    this.state.set(null);
  }
}
