import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { Router, RouterLink, RouterLinkActive, RouterOutlet } from '@angular/router';
import { describeApiError } from '../core/api';
import { SessionService } from '../core/session.service';
import { NAV_ITEMS } from './nav-items';

/** The admin chrome: sidebar navigation, a header with the signed-in user, and the page. */
@Component({
  selector: 'ent-shell',
  imports: [RouterOutlet, RouterLink, RouterLinkActive],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="layout">
      <aside class="sidebar">
        <a class="brand" routerLink="/">
          <span class="brand-mark" aria-hidden="true">E</span>
          <span class="brand-name">Entitle</span>
        </a>
        <nav aria-label="Main">
          <ul>
            @for (item of navItems(); track item.path) {
              <li>
                <a [routerLink]="item.path" routerLinkActive="active" ariaCurrentWhenActive="page">
                  <svg viewBox="0 0 24 24" aria-hidden="true"><path [attr.d]="item.icon" /></svg>
                  <span>{{ item.label }}</span>
                </a>
              </li>
            }
          </ul>
        </nav>
      </aside>
      <div class="main">
        <header class="topbar">
          <span class="muted product">Admin portal</span>
          @if (session.user(); as user) {
            <div class="account" data-testid="signed-in-user">
              <span class="avatar" aria-hidden="true">{{ initials() }}</span>
              <span class="who">
                <span class="name">{{ user.name || user.email }}</span>
                <span class="muted email">{{ user.email }} · {{ user.role }}</span>
              </span>
              <button type="button" class="button button-ghost" (click)="signOut()" [disabled]="signingOut()">
                Sign out
              </button>
            </div>
          }
        </header>
        @if (signOutError(); as message) {
          <div class="alert alert-error banner" role="alert">{{ message }}</div>
        }
        <main class="content">
          <router-outlet />
        </main>
      </div>
    </div>
  `,
  styleUrl: './shell.component.css',
})
export class ShellComponent {
  protected readonly session = inject(SessionService);
  private readonly router = inject(Router);

  protected readonly signingOut = signal(false);
  protected readonly signOutError = signal<string | null>(null);

  protected readonly navItems = computed(() => {
    const isAdmin = this.session.isAdmin();
    return NAV_ITEMS.filter((item) => !item.adminOnly || isAdmin);
  });

  protected readonly initials = computed(() => {
    const user = this.session.user();
    const source = user?.name?.trim() || user?.email || '';
    const words = source.split(/[\s@._-]+/).filter(Boolean);
    return words
      .slice(0, 2)
      .map((word) => word[0].toUpperCase())
      .join('');
  });

  protected async signOut(): Promise<void> {
    this.signingOut.set(true);
    this.signOutError.set(null);
    try {
      await this.session.signOut();
    } catch (error) {
      // Signed out locally anyway (see SessionService.signOut); say why the server did not confirm.
      this.signOutError.set(describeApiError(error));
    } finally {
      this.signingOut.set(false);
    }
    await this.router.navigate(['/sign-in']);
  }
}
