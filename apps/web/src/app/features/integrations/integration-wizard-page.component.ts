import { HttpErrorResponse } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { RouterLink } from '@angular/router';
import type { CreateIntegrationRequest, IntegrationHealth, IntegrationSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { apiErrorBody, describeApiError } from '../../core/api';
import { SessionService } from '../../core/session.service';
import { AGENT_PERMISSIONS, API_PERMISSIONS, APPLICATION_STEPS } from './halo-setup-steps';
import { IntegrationHealthComponent } from './integration-health.component';
import { IntegrationsApiService } from './integrations-api.service';

export type WizardStep = 'halo' | 'credentials' | 'check';
export const CREDENTIAL_FIELDS = ['name', 'haloUrl', 'clientId', 'clientSecret', 'tenant', 'authUrl'] as const;
type Field = (typeof CREDENTIAL_FIELDS)[number];

const REQUIRED_MESSAGES: Partial<Record<Field, string>> = {
  name: 'Give the link a name, e.g. your company’s.',
  haloUrl: 'Enter your Halo address, e.g. https://acme.halopsa.com.',
  clientId: 'Paste the Client ID of the Halo API application.',
  clientSecret: 'Paste the Client Secret of the Halo API application.',
};

/**
 * Connects a Halo: what to create in Halo, the credentials, then a live health check with one row per permission.
 * Once the link exists, saving the form again updates it, so a wrong secret is fixed in place.
 */
@Component({
  selector: 'ent-integration-wizard-page',
  imports: [ReactiveFormsModule, RouterLink, IntegrationHealthComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <p class="crumbs"><a routerLink="/integrations">Integrations</a> ›</p>
        <h1>Connect HaloPSA</h1>
        <p class="muted">Three steps: create an API application in Halo, give Entitle its credentials, check the permissions.</p>
      </div>
    </header>

    @if (!session.isAdmin()) {
      <div class="panel state" data-testid="admins-only">
        <h2>Admins only</h2>
        <p class="muted">Only an administrator can connect a Halo. You can see the existing links on the Integrations page.</p>
      </div>
    } @else {
      <ol class="steps" aria-label="Setup steps">
        @for (s of stepList; track s.id; let i = $index) {
          <li [class.current]="step() === s.id" [attr.aria-current]="step() === s.id ? 'step' : null">
            <span class="step-number">{{ i + 1 }}</span> {{ s.label }}
          </li>
        }
      </ol>

      @switch (step()) {
        @case ('halo') {
          <section class="panel section" aria-labelledby="step-halo">
            <h2 id="step-halo">1. Create an API application in Halo</h2>
            <ol class="instructions">
              @for (line of applicationSteps; track line) {
                <li>{{ line }}</li>
              }
            </ol>
            <h3>API permissions of the application</h3>
            <div class="table-wrap">
              <table class="table" aria-label="API permissions to grant">
                <thead><tr><th scope="col">Permission</th><th scope="col">Value</th><th scope="col">Why</th></tr></thead>
                <tbody>
                  @for (row of apiPermissions; track row.permission) {
                    <tr><td><code>{{ row.permission }}</code></td><td>{{ row.value }}</td><td>{{ row.why }}</td></tr>
                  }
                </tbody>
              </table>
            </div>
            <h3>Permissions of the agent it logs in as</h3>
            @for (group of agentPermissions; track group.group) {
              <div class="table-wrap">
                <table class="table" [attr.aria-label]="'Agent permissions: ' + group.group">
                  <thead><tr><th scope="col">{{ group.group }}</th><th scope="col">Value</th></tr></thead>
                  <tbody>
                    @for (row of group.rows; track row.permission) {
                      <tr><td>{{ row.permission }}</td><td>{{ row.value }}</td></tr>
                    }
                  </tbody>
                </table>
              </div>
            }
            <div class="actions">
              <button type="button" class="button button-primary" (click)="step.set('credentials')">I have the Client ID and Secret</button>
            </div>
          </section>
        }
        @case ('credentials') {
          <section class="panel section" aria-labelledby="step-credentials">
            <h2 id="step-credentials">2. Credentials</h2>
            <form [formGroup]="form" (ngSubmit)="save()" novalidate>
              @if (formError(); as message) {
                <div class="alert alert-error" role="alert" data-testid="wizard-error">{{ message }}</div>
              }
              @for (f of fields; track f.name) {
                <div class="field">
                  <label [for]="'integration-' + f.name">{{ f.label }}</label>
                  <input
                    [id]="'integration-' + f.name"
                    [type]="f.type"
                    [formControlName]="f.name"
                    [attr.placeholder]="f.placeholder"
                    [attr.autocomplete]="f.type === 'password' ? 'new-password' : 'off'"
                    [attr.aria-invalid]="!!fieldError(f.name)"
                    [attr.aria-describedby]="fieldError(f.name) ? 'integration-' + f.name + '-error' : f.hint ? 'integration-' + f.name + '-hint' : null"
                  />
                  @if (fieldError(f.name); as message) {
                    <p class="field-error" [id]="'integration-' + f.name + '-error'">{{ message }}</p>
                  } @else if (f.hint) {
                    <p class="hint muted" [id]="'integration-' + f.name + '-hint'">{{ f.hint }}</p>
                  }
                </div>
              }
              <div class="actions">
                <button type="button" class="button" (click)="step.set('halo')">Back</button>
                <button type="submit" class="button button-primary" [disabled]="busy()">
                  {{ busy() ? 'Connecting…' : link() ? 'Save and check again' : 'Connect and check' }}
                </button>
              </div>
            </form>
          </section>
        }
        @case ('check') {
          <section class="panel section" aria-labelledby="step-check">
            <h2 id="step-check">3. Health check</h2>
            @if (checkError(); as message) {
              <div class="alert alert-error" role="alert">Could not run the check. {{ message }}</div>
            }
            @if (health(); as result) {
              <ent-integration-health [health]="result" />
            } @else if (busy()) {
              <p role="status"><span class="spinner"></span> Asking Halo…</p>
            }
            <div class="actions">
              <button type="button" class="button" (click)="step.set('credentials')">Change the credentials</button>
              <button type="button" class="button" (click)="check()" [disabled]="busy()">{{ busy() ? 'Checking…' : 'Check again' }}</button>
              @if (link(); as created) {
                <a class="button" [class.button-primary]="health()?.ok" [routerLink]="['/integrations', created.id]">Open the link</a>
              }
            </div>
          </section>
        }
      }
    }
  `,
  styles: `
    .crumbs { margin: 0 0 0.25rem; font-size: 0.88rem; }
    .steps { display: flex; gap: 1.5rem; list-style: none; padding: 0; margin: 0 0 1rem; color: var(--muted); }
    .steps li.current { color: var(--text); font-weight: 650; }
    .step-number { display: inline-grid; place-items: center; width: 1.5rem; height: 1.5rem; border-radius: 50%; border: 1px solid var(--border); margin-right: 0.3rem; }
    .steps li.current .step-number { background: var(--accent); border-color: var(--accent); color: #fff; }
    .section { padding: 1.25rem 1.5rem; }
    .section h3 { font-size: 0.95rem; margin: 1.25rem 0 0.5rem; }
    .section .table-wrap { border: 1px solid var(--border); border-radius: var(--radius); margin-bottom: 0.75rem; }
    .instructions { padding-left: 1.25rem; margin: 0; display: grid; gap: 0.35rem; }
    form { display: grid; gap: 1rem; max-width: 36rem; }
    .hint { margin: 0; font-size: 0.82rem; }
    .actions { display: flex; gap: 0.5rem; margin-top: 1rem; }
  `,
})
export class IntegrationWizardPageComponent {
  protected readonly session = inject(SessionService);
  private readonly api = inject(IntegrationsApiService);

  protected readonly stepList: readonly { id: WizardStep; label: string }[] = [
    { id: 'halo', label: 'In Halo' },
    { id: 'credentials', label: 'Credentials' },
    { id: 'check', label: 'Health check' },
  ];
  protected readonly applicationSteps = APPLICATION_STEPS;
  protected readonly apiPermissions = API_PERMISSIONS;
  protected readonly agentPermissions = AGENT_PERMISSIONS;
  protected readonly fields: readonly { name: Field; label: string; type: string; placeholder?: string; hint?: string }[] = [
    { name: 'name', label: 'Name', type: 'text', placeholder: 'Acme Halo' },
    { name: 'haloUrl', label: 'Halo URL', type: 'text', placeholder: 'https://acme.halopsa.com' },
    { name: 'clientId', label: 'Client ID', type: 'text' },
    { name: 'clientSecret', label: 'Client Secret', type: 'password', hint: 'Stored encrypted; never shown again.' },
    { name: 'tenant', label: 'Tenant (optional)', type: 'text', hint: 'Hosted Halo only; found automatically when empty.' },
    { name: 'authUrl', label: 'Authorisation server (optional)', type: 'text', hint: 'Found automatically from Halo when empty.' },
  ];

  protected readonly step = signal<WizardStep>('halo');
  protected readonly busy = signal(false);
  protected readonly formError = signal<string | null>(null);
  protected readonly checkError = signal<string | null>(null);
  protected readonly link = signal<IntegrationSummary | null>(null);
  protected readonly health = signal<IntegrationHealth | null>(null);
  private readonly serverFieldErrors = signal<Partial<Record<Field, string>>>({});
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', Validators.required],
    haloUrl: ['', Validators.required],
    clientId: ['', Validators.required],
    clientSecret: ['', Validators.required],
    tenant: [''],
    authUrl: [''],
  });

  protected fieldError(field: Field): string | null {
    const server = this.serverFieldErrors()[field];
    if (server) return server;
    if (!this.submitted()) return null;
    // Once the link exists its secret is stored: an empty box keeps it.
    if (field === 'clientSecret' && this.link()) return null;
    return this.form.controls[field].hasError('required') ? (REQUIRED_MESSAGES[field] ?? null) : null;
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.serverFieldErrors.set({});
    this.formError.set(null);
    const invalid = CREDENTIAL_FIELDS.some((field) => this.fieldError(field) !== null);
    if (invalid || this.busy()) return;
    const value = this.form.getRawValue();
    const body: CreateIntegrationRequest = {
      name: value.name.trim(),
      haloUrl: value.haloUrl.trim(),
      clientId: value.clientId.trim(),
      clientSecret: value.clientSecret,
      tenant: value.tenant.trim() || null,
      authUrl: value.authUrl.trim() || null,
    };
    this.busy.set(true);
    try {
      const existing = this.link();
      if (existing) {
        const { clientSecret, ...rest } = body;
        this.link.set(await firstValueFrom(this.api.update(existing.id, clientSecret ? body : rest)));
      } else {
        this.link.set(await firstValueFrom(this.api.create(body)));
      }
      this.form.controls.clientSecret.reset();
      this.submitted.set(false);
    } catch (error) {
      this.busy.set(false);
      this.showSaveError(error);
      return;
    }
    this.busy.set(false);
    this.step.set('check');
    await this.check();
  }

  protected async check(): Promise<void> {
    const link = this.link();
    if (!link || this.busy()) return;
    this.busy.set(true);
    this.checkError.set(null);
    try {
      this.health.set(await firstValueFrom(this.api.healthCheck(link.id)));
    } catch (error) {
      this.checkError.set(describeApiError(error));
    } finally {
      this.busy.set(false);
    }
  }

  private showSaveError(error: unknown): void {
    if (error instanceof HttpErrorResponse && error.status === 400) {
      const fields: Partial<Record<Field, string>> = {};
      const other: string[] = [];
      for (const { field, message } of apiErrorBody(error)?.errors ?? []) {
        if ((CREDENTIAL_FIELDS as readonly string[]).includes(field)) fields[field as Field] ??= message;
        else other.push(`${field} ${message}`);
      }
      this.serverFieldErrors.set(fields);
      this.formError.set(other.length ? other.join('; ') : 'Check the fields below.');
      return;
    }
    if (error instanceof HttpErrorResponse && error.status === 403) {
      this.formError.set('Only an administrator can connect a Halo.');
      return;
    }
    this.formError.set(describeApiError(error));
  }
}
