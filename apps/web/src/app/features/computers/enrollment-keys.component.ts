import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, effect, inject, input, signal, untracked } from '@angular/core';
import type { EnrollmentKeySummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { ConfirmButtonComponent } from '../../shared/confirm-button.component';
import { keyStatus } from './computer-display';
import { EnrollmentKeysApiService } from './enrollment-keys-api.service';

type LoadState = 'loading' | 'ready' | 'error';

/** The enrollment keys (of one tenant, when the list is filtered): how often each was used, and revoking one. Admins only. */
@Component({
  selector: 'ent-enrollment-keys',
  imports: [DatePipe, ConfirmButtonComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel section" aria-labelledby="keys-heading">
      <div class="section-head">
        <h2 id="keys-heading">Enrollment keys</h2>
      </div>
      @if (message(); as text) {
        <div class="alert alert-error" role="alert" data-testid="keys-message">{{ text }}</div>
      }
      @switch (state()) {
        @case ('loading') {
          <p role="status" aria-live="polite"><span class="spinner"></span> Loading the enrollment keys…</p>
        }
        @case ('error') {
          <div role="alert">
            <p class="error-text">Could not load the enrollment keys. {{ error() }}</p>
            <button type="button" class="button" (click)="reload()">Try again</button>
          </div>
        }
        @default {
          @if (keys().length === 0) {
            <p class="muted" data-testid="keys-empty">
              No enrollment key{{ tenantId() ? ' for this tenant' : '' }} yet. Add computers makes one.
            </p>
          } @else {
            <div class="table-wrap">
              <table class="table" aria-label="Enrollment keys">
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Tenant</th>
                    <th scope="col">Key</th>
                    <th scope="col">Uses</th>
                    <th scope="col">Expires</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                    <th scope="col"><span class="visually-hidden">Actions</span></th>
                  </tr>
                </thead>
                <tbody>
                  @for (k of keys(); track k.id) {
                    <tr [attr.data-key]="k.prefix">
                      <td>{{ k.name ?? '—' }}</td>
                      <td>{{ k.tenantName }}</td>
                      <td><code>{{ k.prefix }}…</code></td>
                      <td>{{ k.uses }} of {{ k.maxUses ?? 'unlimited' }}</td>
                      <td class="nowrap">{{ k.expiresAt ? (k.expiresAt | date: 'yyyy-MM-dd HH:mm') : 'never' }}</td>
                      <td class="nowrap">{{ k.lastUsedAt ? (k.lastUsedAt | date: 'yyyy-MM-dd HH:mm') : 'never' }}</td>
                      <td><span class="badge" [class]="status(k).badge">{{ status(k).label }}</span></td>
                      <td class="nowrap">
                        @if (!k.revokedAt) {
                          <ent-confirm-button label="Revoke" [ghost]="true" [question]="'Revoke ' + (k.name ?? k.prefix) + '? It enrolls nothing more.'"
                            confirmLabel="Revoke" [busy]="busy()" (confirmed)="revoke(k)" />
                        }
                      </td>
                    </tr>
                  }
                </tbody>
              </table>
            </div>
            <p class="hint muted">Revoking a key stops new enrollments with it; computers it already enrolled keep working.</p>
          }
        }
      }
    </section>
  `,
  styles: `
    :host { display: block; }
    .hint { margin-top: 0.5rem; }
  `,
})
export class EnrollmentKeysComponent {
  private readonly api = inject(EnrollmentKeysApiService);

  /** Only this tenant's keys; null: every key. */
  readonly tenantId = input<string | null>(null);
  /** Bumped by the page when it made a key, so the list reads it. */
  readonly version = input(0);

  protected readonly state = signal<LoadState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly message = signal<string | null>(null);
  protected readonly keys = signal<EnrollmentKeySummary[]>([]);
  protected readonly busy = signal(false);
  protected readonly status = (key: EnrollmentKeySummary) => keyStatus(key);
  private generation = 0;

  constructor() {
    effect(() => {
      this.tenantId();
      this.version();
      untracked(() => void this.reload());
    });
  }

  protected async reload(): Promise<void> {
    const generation = ++this.generation;
    if (this.state() !== 'ready') this.state.set('loading');
    try {
      const keys = await firstValueFrom(this.api.list(this.tenantId()));
      if (generation !== this.generation) return;
      this.keys.set(keys);
      this.state.set('ready');
    } catch (error) {
      if (generation !== this.generation) return;
      this.error.set(describeApiError(error));
      this.state.set('error');
    }
  }

  protected async revoke(key: EnrollmentKeySummary): Promise<void> {
    this.busy.set(true);
    this.message.set(null);
    try {
      await firstValueFrom(this.api.revoke(key.id));
      await this.reload();
    } catch (error) {
      this.message.set(`Could not revoke the key. ${describeApiError(error)}`);
    } finally {
      this.busy.set(false);
    }
  }
}
