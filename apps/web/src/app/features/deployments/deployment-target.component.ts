import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, input, type OnInit, signal } from '@angular/core';
import { takeUntilDestroyed, toObservable } from '@angular/core/rxjs-interop';
import { ReactiveFormsModule } from '@angular/forms';
import {
  type ComputerSummary,
  type ContractTypeEntry,
  type IntegrationSummary,
  type RecurringItemEntry,
  TARGET_KINDS,
  type TenantSummary,
} from '@entitle/domain';
import { catchError, debounceTime, distinctUntilChanged, map, type Observable, of, startWith, switchMap } from 'rxjs';
import { describeApiError } from '../../core/api';
import { ComputersApiService } from '../computers/computers-api.service';
import { IntegrationsApiService } from '../integrations/integrations-api.service';
import { PREVIEW_DEBOUNCE_MS } from './deployment-preview.component';
import { TARGET_LABELS } from './deployment-display';
import type { TargetForm, TargetFormValue } from './deployment-form';

export const COMPUTER_SEARCH_LIMIT = 10;

type Catalog<T> = { state: 'idle' } | { state: 'loading' } | { state: 'ready'; entries: T[] } | { state: 'error'; error: string };
type CatalogAnswer =
  | { kind: 'contractType'; catalog: Catalog<ContractTypeEntry> }
  | { kind: 'recurringItem'; catalog: Catalog<RecurringItemEntry> };

/**
 * WHERE a deployment applies: all computers, a tenant, one computer (searched), or the clients with Halo contract types
 * or recurring items, picked from the link's catalogs with how many contracts, clients and seats each has today.
 */
@Component({
  selector: 'ent-deployment-target',
  imports: [ReactiveFormsModule],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <fieldset [formGroup]="form()" [attr.aria-describedby]="error() ? 'deployment-target-error' : null">
      <legend>Target</legend>
      <div class="kinds" role="radiogroup" aria-label="Target">
        @for (k of kinds; track k) {
          <label class="choice">
            <input type="radio" formControlName="kind" [value]="k" (change)="kindChosen()" />
            {{ labels[k] }}
          </label>
        }
      </div>

      @if (value().kind === 'contractType' || value().kind === 'recurringItem') {
        <div class="field">
          <label for="deployment-integrationId">Halo link</label>
          @if (integrations().length === 0) {
            <p class="muted" data-testid="no-links">No Halo is connected: connect one on the Integrations page first.</p>
          } @else {
            <select id="deployment-integrationId" formControlName="integrationId" (change)="linkChosen()">
              <option value="" disabled>Choose a Halo link…</option>
              @for (l of integrations(); track l.id) { <option [value]="l.id">{{ l.name }}</option> }
            </select>
          }
        </div>
      }

      @switch (value().kind) {
        @case ('tenant') {
          <div class="field">
            <label for="deployment-tenantId">Tenant</label>
            <select id="deployment-tenantId" formControlName="tenantId">
              <option value="" disabled>Choose a tenant…</option>
              @for (t of tenants(); track t.id) { <option [value]="t.id">{{ t.name }}</option> }
            </select>
            <p class="hint muted">Every computer of the tenant. Beats contract, recurring-item and all-computer deployments of the same software.</p>
          </div>
        }
        @case ('computer') {
          <div class="field">
            @if (picked(); as c) {
              <span class="label">Computer</span>
              <div class="picked" data-testid="picked-computer">
                <strong>{{ c.hostname }}</strong>&nbsp;<span class="muted">{{ c.tenantName }}</span>
                @if (!readonly()) { <button type="button" class="button button-ghost" (click)="unpick()">Change</button> }
              </div>
            } @else {
              <label for="deployment-computer-search">Computer</label>
              <input id="deployment-computer-search" type="search" placeholder="Search by name, serial or user" autocomplete="off"
                [value]="search()" (input)="search.set(text($event))" />
              @if (results().state === 'loading') {
                <p class="muted" role="status"><span class="spinner"></span> Searching…</p>
              } @else if (results().state === 'error') {
                <p class="error-text" role="alert">Could not search the computers. {{ resultsError() }}</p>
              } @else if (search().trim()) {
                <ul class="results" aria-label="Matching computers">
                  @for (c of found(); track c.id) {
                    <li><button type="button" class="button button-ghost" (click)="pick(c)">{{ c.hostname }} <span class="muted">· {{ c.tenantName }}</span></button></li>
                  } @empty {
                    <li class="muted">No computer matches “{{ search().trim() }}”.</li>
                  }
                </ul>
              }
            }
            <p class="hint muted">One computer: the most specific target, it beats every other deployment of the same software.</p>
          </div>
        }
        @case ('contractType') {
          @let catalog = contractTypes();
          @if (value().integrationId) {
            <div class="field">
              <span class="label">Contract types</span>
              @switch (catalog.state) {
                @case ('loading') { <p class="muted" role="status"><span class="spinner"></span> Loading the contract types…</p> }
                @case ('error') { <p class="error-text" role="alert">Could not load the contract types. {{ catalogError(catalog) }}</p> }
                @case ('ready') {
                  <ul class="catalog" aria-label="Contract types">
                    @for (name of missingContractTypes(); track name) {
                      <li><label class="choice"><input type="checkbox" checked [disabled]="readonly()" (change)="toggleContractType(name)" />
                        {{ name }} <span class="badge badge-warning">not in the last sync</span></label></li>
                    }
                    @for (c of contractTypeEntries(); track c.name) {
                      <li><label class="choice">
                        <input type="checkbox" [checked]="value().contractTypes.includes(c.name)" [disabled]="readonly()" (change)="toggleContractType(c.name)" />
                        {{ c.name }} <span class="muted">· {{ c.contractsInForce }} in force · {{ c.clients }} {{ c.clients === 1 ? 'client' : 'clients' }}</span>
                      </label></li>
                    } @empty {
                      <li class="muted">This link has no contract types yet: run a sync on the integration’s page.</li>
                    }
                  </ul>
                }
              }
              <p class="hint muted">Computers of the tenants whose Halo client has a contract of a ticked type in force (a contract for one site covers that site only).</p>
            </div>
          }
        }
        @case ('recurringItem') {
          @let catalog = recurringItems();
          @if (value().integrationId) {
            <div class="field">
              <span class="label">Recurring items</span>
              @switch (catalog.state) {
                @case ('loading') { <p class="muted" role="status"><span class="spinner"></span> Loading the recurring items…</p> }
                @case ('error') { <p class="error-text" role="alert">Could not load the recurring items. {{ catalogError(catalog) }}</p> }
                @case ('ready') {
                  <ul class="catalog" aria-label="Recurring items">
                    @for (id of missingItems(); track id) {
                      <li><label class="choice"><input type="checkbox" checked [disabled]="readonly()" (change)="toggleItem(id)" />
                        item #{{ id }} <span class="badge badge-warning">not in the last sync</span></label></li>
                    }
                    @for (i of itemEntries(); track i.itemId) {
                      <li><label class="choice">
                        <input type="checkbox" [checked]="value().itemIds.includes(i.itemId)" [disabled]="readonly()" (change)="toggleItem(i.itemId)" />
                        {{ i.name }}@if (i.code) {&nbsp;<code>{{ i.code }}</code>}<span class="muted">&nbsp;· {{ i.clients }} {{ i.clients === 1 ? 'client' : 'clients' }} · quantity {{ i.totalQuantity }}</span>
                      </label></li>
                    } @empty {
                      <li class="muted">No item is billed on this link’s recurring invoices yet: run a sync on the integration’s page.</li>
                    }
                  </ul>
                }
              }
              <p class="hint muted">Computers of the tenants billed for a ticked item on a recurring invoice in force. When the line ends, the next session applies whatever else covers them.</p>
            </div>
          }
        }
        @default {
          <p class="hint muted">Every computer of the software’s platform. The least specific target: any other deployment of the same software beats it.</p>
        }
      }


      @if (error(); as message) {
        <p class="field-error" id="deployment-target-error">{{ message }}</p>
      }
    </fieldset>
  `,
  styles: `
    :host { display: block; }
    fieldset { display: grid; gap: 0.75rem; }
    .kinds { display: flex; flex-wrap: wrap; gap: 0.4rem 1rem; }
    .choice { display: inline-flex; align-items: center; gap: 0.4rem; font-weight: 450; }
    .label { font-weight: 550; font-size: 0.9rem; }
    .picked { display: flex; align-items: center; gap: 0.5rem; }
    .results, .catalog { list-style: none; margin: 0; padding: 0; display: grid; gap: 0.15rem; max-height: 16rem; overflow-y: auto; }
    .catalog { border: 1px solid var(--border); border-radius: var(--radius); padding: 0.5rem 0.7rem; }
    .results .button { padding: 0.3rem 0.5rem; color: var(--text); }
  `,
})
export class DeploymentTargetComponent implements OnInit {
  private readonly computersApi = inject(ComputersApiService);
  private readonly integrationsApi = inject(IntegrationsApiService);
  private readonly debounceMs = inject(PREVIEW_DEBOUNCE_MS);
  private readonly destroyRef = inject(DestroyRef);

  readonly form = input.required<TargetForm>();
  readonly tenants = input.required<TenantSummary[]>();
  readonly integrations = input.required<IntegrationSummary[]>();
  /** The saved target's computer, so its name shows before anyone searches. */
  readonly computer = input<ComputerSummary | null>(null);
  readonly readonly = input(false);
  readonly error = input<string | null>(null);

  protected readonly kinds = TARGET_KINDS;
  protected readonly labels = TARGET_LABELS;
  protected readonly value = signal<TargetFormValue>({ kind: 'all', tenantId: '', computerId: '', integrationId: '', contractTypes: [], itemIds: [] });
  protected readonly search = signal('');
  protected readonly pickedHere = signal<ComputerSummary | null>(null);
  protected readonly picked = computed(() => {
    const id = this.value().computerId;
    if (!id) return null;
    const here = this.pickedHere();
    if (here?.id === id) return here;
    const saved = this.computer();
    return saved?.id === id ? saved : null;
  });

  /** Searching as the admin types; a newer search cancels an older one on its way. */
  protected readonly results = signal<Catalog<ComputerSummary>>({ state: 'idle' });
  protected readonly found = computed(() => {
    const r = this.results();
    return r.state === 'ready' ? r.entries : [];
  });
  protected readonly resultsError = computed(() => {
    const r = this.results();
    return r.state === 'error' ? r.error : '';
  });

  protected readonly contractTypes = signal<Catalog<ContractTypeEntry>>({ state: 'idle' });
  protected readonly recurringItems = signal<Catalog<RecurringItemEntry>>({ state: 'idle' });
  protected readonly contractTypeEntries = computed(() => {
    const c = this.contractTypes();
    return c.state === 'ready' ? c.entries : [];
  });
  protected readonly itemEntries = computed(() => {
    const c = this.recurringItems();
    return c.state === 'ready' ? c.entries : [];
  });
  /** Chosen names the catalog no longer lists (gone from Halo since): still shown, so unticking them is possible. */
  protected readonly missingContractTypes = computed(() => {
    const known = new Set(this.contractTypeEntries().map((c) => c.name));
    return this.value().contractTypes.filter((name) => !known.has(name));
  });
  protected readonly missingItems = computed(() => {
    const known = new Set(this.itemEntries().map((i) => i.itemId));
    return this.value().itemIds.filter((id) => !known.has(id));
  });

  constructor() {
    toObservable(this.search)
      .pipe(
        map((text) => text.trim()),
        debounceTime(this.debounceMs),
        distinctUntilChanged(),
        switchMap((text): Observable<Catalog<ComputerSummary>> =>
          text
            ? this.computersApi.list({ search: text, limit: COMPUTER_SEARCH_LIMIT }).pipe(
                map((page) => ({ state: 'ready' as const, entries: page.items })),
                catchError((error: unknown) => of({ state: 'error' as const, error: describeApiError(error) })),
                startWith({ state: 'loading' as const }),
              )
            : of({ state: 'idle' as const }),
        ),
        takeUntilDestroyed(),
      )
      .subscribe((results) => this.results.set(results));

    // The catalog of the chosen link, read again only when the link or the kind of target changes.
    const catalogKey = computed(() => {
      const { kind, integrationId } = this.value();
      return (kind === 'contractType' || kind === 'recurringItem') && integrationId ? `${kind}:${integrationId}` : '';
    });
    toObservable(catalogKey)
      .pipe(
        distinctUntilChanged(),
        switchMap((key) => {
          const [kind, id] = key.split(':');
          if (!id) return of(null);
          if (kind === 'contractType') {
            return this.integrationsApi.contractTypes(id).pipe(
              map((entries): CatalogAnswer => ({ kind: 'contractType', catalog: { state: 'ready', entries } })),
              catchError((error: unknown) => of<CatalogAnswer>({ kind: 'contractType', catalog: { state: 'error', error: describeApiError(error) } })),
              startWith<CatalogAnswer>({ kind: 'contractType', catalog: { state: 'loading' } }),
            );
          }
          return this.integrationsApi.recurringItems(id).pipe(
            map((entries): CatalogAnswer => ({ kind: 'recurringItem', catalog: { state: 'ready', entries } })),
            catchError((error: unknown) => of<CatalogAnswer>({ kind: 'recurringItem', catalog: { state: 'error', error: describeApiError(error) } })),
            startWith<CatalogAnswer>({ kind: 'recurringItem', catalog: { state: 'loading' } }),
          );
        }),
        takeUntilDestroyed(),
      )
      .subscribe((answer) => {
        if (answer?.kind === 'contractType') this.contractTypes.set(answer.catalog);
        if (answer?.kind === 'recurringItem') this.recurringItems.set(answer.catalog);
      });
  }

  ngOnInit(): void {
    const form = this.form();
    this.value.set(form.getRawValue());
    form.valueChanges.pipe(takeUntilDestroyed(this.destroyRef)).subscribe(() => this.value.set(form.getRawValue()));
  }

  protected text(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected catalogError(catalog: Catalog<unknown>): string {
    return catalog.state === 'error' ? catalog.error : '';
  }

  /** A Halo target on an MSP with one Halo link needs no choice of link. */
  protected kindChosen(): void {
    const { kind, integrationId } = this.form().getRawValue();
    const links = this.integrations();
    if ((kind === 'contractType' || kind === 'recurringItem') && !integrationId && links.length === 1) {
      this.form().controls.integrationId.setValue(links[0]?.id ?? '');
    }
  }

  /** Names and item ids belong to one link's snapshot: another link starts with nothing ticked. */
  protected linkChosen(): void {
    this.form().patchValue({ contractTypes: [], itemIds: [] });
  }

  protected pick(computer: ComputerSummary): void {
    this.pickedHere.set(computer);
    this.form().controls.computerId.setValue(computer.id);
    this.search.set('');
  }

  protected unpick(): void {
    this.form().controls.computerId.setValue('');
  }

  protected toggleContractType(name: string): void {
    const control = this.form().controls.contractTypes;
    control.setValue(control.value.includes(name) ? control.value.filter((n) => n !== name) : [...control.value, name]);
  }

  protected toggleItem(id: number): void {
    const control = this.form().controls.itemIds;
    control.setValue(control.value.includes(id) ? control.value.filter((n) => n !== id) : [...control.value, id]);
  }
}
