import { ChangeDetectionStrategy, Component, inject, input, type OnInit, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import type { CreatedEnrollmentKey, CreateEnrollmentKeyRequest, TenantSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { formErrors } from '../../core/form-errors';
import { EnrollmentKeysApiService } from './enrollment-keys-api.service';

const FIELDS = ['tenantId', 'name', 'expiresAt', 'maxUses'] as const;
type Field = (typeof FIELDS)[number];

/**
 * "Add computers": makes an enrollment key for a tenant, then shows the key and the command that installs the agent
 * with it. That answer is the only time Entitle shows the key (it keeps a hash), so it says so and offers copying.
 */
@Component({
  selector: 'ent-enrollment-key-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <section class="panel section" aria-labelledby="add-computers-heading">
      <div class="section-head">
        <h2 id="add-computers-heading">Add computers</h2>
        <button type="button" class="button button-ghost" (click)="closed.emit()">Close</button>
      </div>
      @if (key(); as key) {
        <div class="alert alert-warning" role="alert" data-testid="key-once">
          Copy the key or the command now: Entitle shows them only this once. Anyone holding them can enroll computers into
          <strong>{{ key.tenantName }}</strong>{{ key.expiresAt || key.maxUses ? ' until the key expires or is used up' : '' }}, until you revoke the key.
        </div>
        <div class="field">
          <label for="created-key">Enrollment key</label>
          <div class="copy">
            <input id="created-key" type="text" readonly [value]="key.key" data-testid="created-key" (focus)="select($event)" />
            <button type="button" class="button" (click)="copy('key', key.key)">{{ copied() === 'key' ? 'Copied' : 'Copy' }}</button>
          </div>
        </div>
        <div class="field">
          <label for="created-command">Run this on each computer, as administrator or root</label>
          <div class="copy">
            <textarea id="created-command" class="code" readonly rows="3" data-testid="enroll-command" [value]="key.enrollCommand" (focus)="select($event)"></textarea>
            <button type="button" class="button" (click)="copy('command', key.enrollCommand)">{{ copied() === 'command' ? 'Copied' : 'Copy' }}</button>
          </div>
          <p class="hint muted">It downloads the agent from this Entitle, enrolls the computer into {{ key.tenantName }} and starts the agent.
            The computer needs Node.js 20 or later. It shows in the list once enrolled, and its first maintenance session starts then.</p>
        </div>
        <div class="actions">
          <button type="button" class="button" (click)="another()">Make another key</button>
          <button type="button" class="button button-primary" (click)="closed.emit()">Done</button>
        </div>
      } @else {
        <p class="muted">An enrollment key lets the agent enroll computers into one tenant. Make one, then run its command on each computer.</p>
        <form [formGroup]="form" (ngSubmit)="save()" novalidate aria-label="New enrollment key">
          @if (formError(); as message) {
            <div class="alert alert-error" role="alert" data-testid="key-form-error">{{ message }}</div>
          }
          <div class="field">
            <label for="key-tenantId">Tenant</label>
            <select id="key-tenantId" formControlName="tenantId" [attr.aria-invalid]="!!fieldError('tenantId')"
              [attr.aria-describedby]="fieldError('tenantId') ? 'key-tenantId-error' : null">
              <option value="" disabled>Choose a tenant…</option>
              @for (t of tenants(); track t.id) { <option [value]="t.id">{{ t.name }}</option> }
            </select>
            @if (fieldError('tenantId'); as message) { <p class="field-error" id="key-tenantId-error">{{ message }}</p> }
          </div>
          <div class="field">
            <label for="key-name">Name (optional)</label>
            <input id="key-name" type="text" formControlName="name" placeholder="Office rollout" autocomplete="off"
              [attr.aria-invalid]="!!fieldError('name')" [attr.aria-describedby]="fieldError('name') ? 'key-name-error' : null" />
            @if (fieldError('name'); as message) { <p class="field-error" id="key-name-error">{{ message }}</p> }
          </div>
          <div class="row">
            <div class="field">
              <label for="key-expiresAt">Expires (optional)</label>
              <input id="key-expiresAt" type="datetime-local" formControlName="expiresAt"
                [attr.aria-invalid]="!!fieldError('expiresAt')" [attr.aria-describedby]="fieldError('expiresAt') ? 'key-expiresAt-error' : 'key-expiresAt-hint'" />
              @if (fieldError('expiresAt'); as message) {
                <p class="field-error" id="key-expiresAt-error">{{ message }}</p>
              } @else {
                <p class="hint muted" id="key-expiresAt-hint">Your local time. Empty: never.</p>
              }
            </div>
            <div class="field">
              <label for="key-maxUses">Maximum uses (optional)</label>
              <input id="key-maxUses" type="number" min="1" step="1" formControlName="maxUses"
                [attr.aria-invalid]="!!fieldError('maxUses')" [attr.aria-describedby]="fieldError('maxUses') ? 'key-maxUses-error' : 'key-maxUses-hint'" />
              @if (fieldError('maxUses'); as message) {
                <p class="field-error" id="key-maxUses-error">{{ message }}</p>
              } @else {
                <p class="hint muted" id="key-maxUses-hint">Computers it may enroll. Empty: no limit.</p>
              }
            </div>
          </div>
          <div class="actions">
            <button type="submit" class="button button-primary" [disabled]="busy()">{{ busy() ? 'Making the key…' : 'Make enrollment key' }}</button>
          </div>
        </form>
      }
    </section>
  `,
  styles: `
    :host { display: block; }
    form, .field + .field { margin-top: 0.75rem; }
    form { display: grid; gap: 1rem; max-width: 36rem; }
    .row { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; align-items: start; }
    .copy { display: flex; gap: 0.5rem; align-items: flex-start; }
    .copy input, .copy textarea { flex: 1; font-family: var(--mono); font-size: 0.85rem; }
    .actions { display: flex; gap: 0.5rem; margin-top: 1rem; }
  `,
})
export class EnrollmentKeyFormComponent implements OnInit {
  private readonly api = inject(EnrollmentKeysApiService);

  readonly tenants = input.required<TenantSummary[]>();
  /** The tenant to start with (the list's filter), if any. */
  readonly tenantId = input<string | null>(null);
  readonly created = output<CreatedEnrollmentKey>();
  readonly closed = output<void>();

  /** The key just made: shown once, gone when the panel closes. */
  protected readonly key = signal<CreatedEnrollmentKey | null>(null);
  protected readonly copied = signal<'key' | 'command' | null>(null);
  protected readonly busy = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly serverErrors = signal<Partial<Record<Field, string>>>({});
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    tenantId: ['', Validators.required],
    name: [''],
    expiresAt: [''],
    maxUses: [null as number | null, Validators.min(1)],
  });

  ngOnInit(): void {
    const tenantId = this.tenantId();
    if (tenantId) this.form.controls.tenantId.setValue(tenantId);
  }

  protected fieldError(field: Field): string | null {
    const server = this.serverErrors()[field];
    if (server) return server;
    if (!this.submitted()) return null;
    const control = this.form.controls[field];
    if (control.hasError('required')) return 'Choose the tenant the computers belong to.';
    if (control.hasError('min')) return 'At least 1.';
    return null;
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.serverErrors.set({});
    this.formError.set(null);
    if (this.form.invalid || this.busy()) return;
    const value = this.form.getRawValue();
    const body: CreateEnrollmentKeyRequest = {
      tenantId: value.tenantId,
      name: value.name.trim() || null,
      // datetime-local is the browser's local time without a zone: Date reads it as local, the API gets UTC.
      expiresAt: value.expiresAt ? new Date(value.expiresAt).toISOString() : null,
      maxUses: value.maxUses === null || `${value.maxUses}` === '' ? null : Number(value.maxUses),
    };
    this.busy.set(true);
    try {
      const key = await firstValueFrom(this.api.create(body));
      this.key.set(key);
      this.created.emit(key);
    } catch (error) {
      const { fields, message } = formErrors(error, (f) => (FIELDS as readonly string[]).includes(f), 'Only an administrator can make enrollment keys.');
      this.serverErrors.set(fields);
      this.formError.set(message);
    } finally {
      this.busy.set(false);
    }
  }

  protected another(): void {
    this.key.set(null);
    this.copied.set(null);
    this.submitted.set(false);
    this.form.reset({ tenantId: this.form.controls.tenantId.value, name: '', expiresAt: '', maxUses: null });
  }

  protected select(event: Event): void {
    (event.target as HTMLInputElement | HTMLTextAreaElement).select();
  }

  protected async copy(what: 'key' | 'command', text: string): Promise<void> {
    try {
      await navigator.clipboard.writeText(text);
      this.copied.set(what);
    } catch {
      // No clipboard (plain http, or denied): the text is selectable by hand.
      this.copied.set(null);
    }
  }
}
