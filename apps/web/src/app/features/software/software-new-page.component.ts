import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { Router, RouterLink } from '@angular/router';
import { type CreateSoftwareRequest, type Platform, PLATFORMS, SLUG_PATTERN } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { formErrors } from '../../core/form-errors';
import { SessionService } from '../../core/session.service';
import { SoftwareApiService } from './software-api.service';
import { PLATFORM_LABELS, shellLabel, suggestSlug } from './software-display';

const FIELDS = ['name', 'slug', 'vendor', 'platform', 'notes'] as const;
type Field = (typeof FIELDS)[number];

/** Adds a software to the library; its versions and scripts are added on its page next. */
@Component({
  selector: 'ent-software-new-page',
  imports: [ReactiveFormsModule, RouterLink],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <p class="crumbs"><a routerLink="/software">Software</a> ›</p>
        <h1>Add software</h1>
        <p class="muted">Name it and choose its platform; you add versions with their scripts on the next page.</p>
      </div>
    </header>

    @if (!session.isAdmin()) {
      <div class="panel state" data-testid="admins-only">
        <h2>Admins only</h2>
        <p class="muted">Only an administrator can add software. The library is on the Software page.</p>
      </div>
    } @else {
      <section class="panel section">
        <form [formGroup]="form" (ngSubmit)="save()" novalidate>
          @if (formError(); as message) {
            <div class="alert alert-error" role="alert" data-testid="form-error">{{ message }}</div>
          }
          <div class="field">
            <label for="software-name">Name</label>
            <input id="software-name" type="text" formControlName="name" placeholder="SentinelOne" autocomplete="off"
              [attr.aria-invalid]="!!fieldError('name')" [attr.aria-describedby]="fieldError('name') ? 'software-name-error' : null" />
            @if (fieldError('name'); as message) { <p class="field-error" id="software-name-error">{{ message }}</p> }
          </div>
          <div class="field">
            <label for="software-slug">Slug</label>
            <input id="software-slug" type="text" formControlName="slug" autocomplete="off" (input)="slugEdited = !!slugInput.value" #slugInput
              [attr.aria-invalid]="!!fieldError('slug')" [attr.aria-describedby]="fieldError('slug') ? 'software-slug-error' : 'software-slug-hint'" />
            @if (fieldError('slug'); as message) {
              <p class="field-error" id="software-slug-error">{{ message }}</p>
            } @else {
              <p class="hint muted" id="software-slug-hint">Lower-case letters, digits and dashes. Scripts see it as <code>ENTITLE_SOFTWARE</code>.</p>
            }
          </div>
          <div class="field">
            <label for="software-vendor">Vendor (optional)</label>
            <input id="software-vendor" type="text" formControlName="vendor" autocomplete="off"
              [attr.aria-invalid]="!!fieldError('vendor')" [attr.aria-describedby]="fieldError('vendor') ? 'software-vendor-error' : null" />
            @if (fieldError('vendor'); as message) { <p class="field-error" id="software-vendor-error">{{ message }}</p> }
          </div>
          <div class="field">
            <label for="software-platform">Platform</label>
            <select id="software-platform" formControlName="platform"
              [attr.aria-invalid]="!!fieldError('platform')" [attr.aria-describedby]="fieldError('platform') ? 'software-platform-error' : 'software-platform-hint'">
              @for (p of platforms; track p) { <option [value]="p">{{ platformLabel[p] }}</option> }
            </select>
            @if (fieldError('platform'); as message) {
              <p class="field-error" id="software-platform-error">{{ message }}</p>
            } @else {
              <p class="hint muted" id="software-platform-hint">Scripts run with {{ shell(form.controls.platform.value) }}. The platform cannot change later.</p>
            }
          </div>
          <div class="field">
            <label for="software-notes">Notes (optional)</label>
            <textarea id="software-notes" rows="3" formControlName="notes"
              [attr.aria-invalid]="!!fieldError('notes')" [attr.aria-describedby]="fieldError('notes') ? 'software-notes-error' : null"></textarea>
            @if (fieldError('notes'); as message) { <p class="field-error" id="software-notes-error">{{ message }}</p> }
          </div>
          <div class="actions">
            <a class="button" routerLink="/software">Cancel</a>
            <button type="submit" class="button button-primary" [disabled]="busy()">{{ busy() ? 'Adding…' : 'Add software' }}</button>
          </div>
        </form>
      </section>
    }
  `,
  styles: `
    form { display: grid; gap: 1rem; max-width: 36rem; }
    .actions { display: flex; gap: 0.5rem; }
  `,
})
export class SoftwareNewPageComponent {
  protected readonly session = inject(SessionService);
  private readonly api = inject(SoftwareApiService);
  private readonly router = inject(Router);

  protected readonly platforms = PLATFORMS;
  protected readonly platformLabel = PLATFORM_LABELS;
  protected readonly shell = shellLabel;
  protected readonly busy = signal(false);
  protected readonly formError = signal<string | null>(null);
  private readonly serverErrors = signal<Partial<Record<Field, string>>>({});
  private readonly submitted = signal(false);
  /** Once the admin types a slug of their own, the name no longer overwrites it. */
  protected slugEdited = false;

  protected readonly form = inject(NonNullableFormBuilder).group({
    name: ['', Validators.required],
    slug: ['', [Validators.required, Validators.pattern(SLUG_PATTERN)]],
    vendor: [''],
    platform: ['windows' as Platform],
    notes: [''],
  });

  constructor() {
    this.form.controls.name.valueChanges.pipe(takeUntilDestroyed(inject(DestroyRef))).subscribe((name) => {
      if (!this.slugEdited) this.form.controls.slug.setValue(suggestSlug(name));
    });
  }

  protected fieldError(field: Field): string | null {
    const server = this.serverErrors()[field];
    if (server) return server;
    if (!this.submitted()) return null;
    const control = this.form.controls[field];
    if (control.hasError('required')) return field === 'name' ? 'Give the software a name.' : 'Give it a slug, e.g. sentinelone.';
    if (control.hasError('pattern')) return 'Use lower-case letters, digits and dashes, starting with a letter or digit.';
    return null;
  }

  protected async save(): Promise<void> {
    this.submitted.set(true);
    this.serverErrors.set({});
    this.formError.set(null);
    if (this.form.invalid || this.busy()) return;
    const value = this.form.getRawValue();
    const body: CreateSoftwareRequest = {
      name: value.name.trim(),
      slug: value.slug.trim(),
      vendor: value.vendor.trim() || null,
      platform: value.platform,
      notes: value.notes.trim() || null,
    };
    this.busy.set(true);
    try {
      const created = await firstValueFrom(this.api.create(body));
      await this.router.navigate(['/software', created.id]);
    } catch (error) {
      const { fields, message } = formErrors(error, (f) => (FIELDS as readonly string[]).includes(f), 'Only an administrator can add software.');
      this.serverErrors.set(fields);
      this.formError.set(message);
    } finally {
      this.busy.set(false);
    }
  }
}
