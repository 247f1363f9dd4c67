import { ChangeDetectionStrategy, Component, inject, input, type OnInit, signal } from '@angular/core';
import { describeApiError } from '../../core/api';
import { SessionService } from '../../core/session.service';
import { SignInFormComponent } from '../../sign-in/sign-in-form.component';

/**
 * The technician tab: Halo shows this page in an iframe on a ticket, so it has no admin chrome and
 * signs in where it is rather than navigating away to /sign-in.
 */
@Component({
  selector: 'ent-technician-pod-page',
  imports: [SignInFormComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="pod">
      <header class="pod-header">
        <span class="brand-mark small" aria-hidden="true">E</span>
        <span class="pod-title" data-testid="pod-title">Entitle · Ticket #{{ ticketId() }}</span>
        @if (session.user(); as user) {
          <span class="muted pod-user">{{ user.name || user.email }}</span>
        }
      </header>
      @if (loadError(); as message) {
        <div class="panel state" role="alert">
          <p class="error-text">{{ message }}</p>
          <button type="button" class="button" (click)="load()">Try again</button>
        </div>
      } @else {
        @switch (session.user()) {
          @case (undefined) {
            <div class="panel state" role="status"><span class="spinner"></span> Loading…</div>
          }
          @case (null) {
            <section class="panel pod-sign-in" aria-labelledby="pod-sign-in-title">
              <h1 id="pod-sign-in-title">Sign in to Entitle</h1>
              <ent-sign-in-form [compact]="true" />
            </section>
          }
          @default {
            <section class="panel state" data-testid="pod-panel">
              <p>The computers of this ticket's customer will show here.</p>
              <p class="muted">Integration {{ integrationId() }}</p>
            </section>
          }
        }
      }
    </div>
  `,
  styles: `
    .pod { padding: 0.75rem; max-width: 60rem; }
    .pod-header { display: flex; align-items: center; gap: 0.5rem; margin-bottom: 0.75rem; }
    .pod-title { font-weight: 650; }
    .pod-user { margin-left: auto; font-size: 0.85rem; }
    .pod-sign-in { padding: 1.25rem; max-width: 22rem; }
    .pod-sign-in h1 { font-size: 1.05rem; margin: 0 0 1rem; }
  `,
})
export class TechnicianPodPageComponent implements OnInit {
  protected readonly session = inject(SessionService);

  /** Route parameters, bound by `withComponentInputBinding()`. */
  readonly integrationId = input.required<string>();
  readonly ticketId = input.required<string>();

  protected readonly loadError = signal<string | null>(null);

  ngOnInit(): void {
    void this.load();
  }

  protected async load(): Promise<void> {
    this.loadError.set(null);
    try {
      await this.session.ensureLoaded();
    } catch (error) {
      this.loadError.set(describeApiError(error));
    }
  }
}
