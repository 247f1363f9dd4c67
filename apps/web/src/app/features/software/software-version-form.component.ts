import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, output, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import {
  type CreateSoftwareVersionRequest,
  DEFAULT_SCRIPT_TIMEOUT_SECONDS,
  type Platform,
  type SoftwareSummary,
  type SoftwareVersion,
} from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { formErrors } from '../../core/form-errors';
import { SoftwareApiService } from './software-api.service';
import { shellLabel } from './software-display';

const FIELDS = ['version', 'installScript', 'uninstallScript', 'detectionScript', 'timeoutSeconds'] as const;
type Field = (typeof FIELDS)[number];
type Script = 'installScript' | 'uninstallScript' | 'detectionScript';

/** Adds a version with its three scripts, or edits one. Saving answers the whole software, versions included. */
@Component({
  selector: 'ent-software-version-form',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <form [formGroup]="form" (ngSubmit)="save()" novalidate [attr.aria-label]="existing() ? 'Edit version ' + existing()?.version : 'Add a version'">
      <h3>{{ existing() ? 'Edit version ' + existing()?.version : 'Add a version' }}</h3>
      @if (formError(); as message) {
        <div class="alert alert-error" role="alert" data-testid="version-form-error">{{ message }}</div>
      }
      <div class="about muted" data-testid="script-help">
        <p>Scripts run with <strong>{{ shell() }}</strong> on the computer. Each sees
          <code>ENTITLE_SOFTWARE</code> (the slug), <code>ENTITLE_VERSION</code> (this version) and <code>ENTITLE_ACTION</code>
          (<code>detect</code>, <code>install</code> or <code>uninstall</code>) in its environment.</p>
        <p>Install and uninstall end with exit code 0 on success. Detection prints the installed version on its first line,
          or nothing at all when the software is absent.</p>
      </div>
      <div class="row">
        <div class="field">
          <label for="version-version">Version</label>
          <input id="version-version" type="text" formControlName="version" placeholder="1.2.0" autocomplete="off"
            [attr.aria-invalid]="!!fieldError('version')" [attr.aria-describedby]="fieldError('version') ? 'version-version-error' : null" />
          @if (fieldError('version'); as message) { <p class="field-error" id="version-version-error">{{ message }}</p> }
        </div>
        <div class="field">
          <label for="version-timeoutSeconds">Timeout in seconds (optional)</label>
          <input id="version-timeoutSeconds" type="number" min="5" max="86400" step="1" formControlName="timeoutSeconds" [placeholder]="defaultTimeout"
            [attr.aria-invalid]="!!fieldError('timeoutSeconds')" [attr.aria-describedby]="fieldError('timeoutSeconds') ? 'version-timeoutSeconds-error' : 'version-timeoutSeconds-hint'" />
          @if (fieldError('timeoutSeconds'); as message) {
            <p class="field-error" id="version-timeoutSeconds-error">{{ message }}</p>
          } @else {
            <p class="hint muted" id="version-timeoutSeconds-hint">The agent stops a script after this long; empty: {{ defaultTimeout }} s.</p>
          }
        </div>
      </div>
      @for (script of scripts; track script.name) {
        <div class="field">
          <label [for]="'version-' + script.name">{{ script.label }} ({{ shell() }})</label>
          <textarea class="code" [id]="'version-' + script.name" rows="6" spellcheck="false" [formControlName]="script.name"
            [attr.aria-invalid]="!!fieldError(script.name)"
            [attr.aria-describedby]="fieldError(script.name) ? 'version-' + script.name + '-error' : 'version-' + script.name + '-hint'"></textarea>
          @if (fieldError(script.name); as message) {
            <p class="field-error" [id]="'version-' + script.name + '-error'">{{ message }}</p>
          } @else {
            <p class="hint muted" [id]="'version-' + script.name + '-hint'">{{ script.hint }}</p>
          }
        </div>
      }
      <div class="actions">
        <button type="button" class="button" (click)="cancelled.emit()">Cancel</button>
        <button type="submit" class="button button-primary" [disabled]="busy()">
          {{ busy() ? 'Saving…' : existing() ? 'Save version' : 'Add version' }}
        </button>
      </div>
    </form>
  `,
  styles: `
    :host { display: block; }
    form { display: grid; gap: 1rem; }
    h3 { margin: 0; font-size: 1rem; }
    .about p { margin: 0 0 0.35rem; font-size: 0.86rem; }
    .row { display: grid; grid-template-columns: 1fr 1fr; gap: 1rem; max-width: 36rem; align-items: start; }
    .actions { display: flex; gap: 0.5rem; }
  `,
})
export class SoftwareVersionFormComponent implements OnInit {
  private readonly api = inject(SoftwareApiService);

  readonly softwareId = input.required<string>();
  readonly platform = input.required<Platform>();
  /** The version to edit; null adds one. */
  readonly existing = input<SoftwareVersion | null>(null);
  readonly saved = output<SoftwareSummary>();
  readonly cancelled = output<void>();

  protected readonly defaultTimeout = DEFAULT_SCRIPT_TIMEOUT_SECONDS;
  protected readonly shell = computed(() => shellLabel(this.platform()));
  protected readonly scripts: readonly { name: Script; label: string; hint: string }[] = [
    { name: 'installScript', label: 'Install script', hint: 'Installs this version, or upgrades an older one to it.' },
    { name: 'uninstallScript', label: 'Uninstall script', hint: 'Removes the software, whatever version is installed.' },
    { name: 'detectionScript', label: 'Detection script', hint: 'Prints the installed version, e.g. 1.2.0, or nothing when absent.' },
  ];
  protected readonly busy = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly serverErrors = signal<Partial<Record<Field, string>>>({});
  private readonly submitted = signal(false);

  protected readonly form = inject(NonNullableFormBuilder).group({
    version: ['', Validators.required],
    timeoutSeconds: [null as number | null, [Validators.min(5), Validators.max(86400)]],
    installScript: ['', Validators.required],
    uninstallScript: ['', Validators.required],
    detectionScript: ['', Validators.required],
  });

  ngOnInit(): void {
    const v = this.existing();
    if (v) {
      this.form.setValue({
        version: v.version,
        timeoutSeconds: v.timeoutSeconds,
        installScript: v.installScript,
        uninstallScript: v.uninstallScript,
        detectionScript: v.detectionScript,
      });
    }
  }

  protected fieldError(field: Field): string | null {
    const server = this.serverErrors()[field];
    if (server) return server;
    if (!this.submitted()) return null;
    const control = this.form.controls[field];
    if (control.hasError('required')) return field === 'version' ? 'Enter the version, e.g. 1.2.0.' : 'Write the script; every version needs all three.';
    if (control.hasError('min') || control.hasError('max')) return 'Between 5 and 86,400 seconds (a day).';
    return null;
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.serverErrors.set({});
    this.formError.set(null);
    if (this.form.invalid || this.busy()) return;
    const value = this.form.getRawValue();
    const body: CreateSoftwareVersionRequest = {
      version: value.version.trim(),
      installScript: value.installScript,
      uninstallScript: value.uninstallScript,
      detectionScript: value.detectionScript,
      // An emptied number box reads as null: the default timeout.
      timeoutSeconds: value.timeoutSeconds === null || `${value.timeoutSeconds}` === '' ? null : Number(value.timeoutSeconds),
    };
    this.busy.set(true);
    try {
      const existing = this.existing();
      const software = await firstValueFrom(
        existing ? this.api.updateVersion(this.softwareId(), existing.id, body) : this.api.addVersion(this.softwareId(), body),
      );
      this.saved.emit(software);
    } catch (error) {
      const { fields, message } = formErrors(error, (f) => (FIELDS as readonly string[]).includes(f), 'Only an administrator can change versions.');
      this.serverErrors.set(fields);
      this.formError.set(message);
    } finally {
      this.busy.set(false);
    }
  }
}
