import { ChangeDetectionStrategy, Component, computed, inject, input, type OnInit, signal } from '@angular/core';
import type { AutoMapProposal, BulkMappingResult, HaloClientEntry, TenantSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { SessionService } from '../../core/session.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { TenantsApiService } from '../tenants/tenants-api.service';
import { IntegrationsApiService } from './integrations-api.service';

type LoadState = 'loading' | 'ready' | 'error';
type Filter = 'all' | 'unmapped' | 'mapped';

/** "Mapped 3 clients; skipped 1 (already mapped)." */
export function describeBulkResult(verb: string, result: BulkMappingResult): string {
  const applied = `${verb} ${result.applied.length} ${result.applied.length === 1 ? 'client' : 'clients'}`;
  if (!result.skipped.length) return `${applied}.`;
  const reasons = [...new Set(result.skipped.map((s) => s.reason))].join('; ');
  return `${applied}; skipped ${result.skipped.length} (${reasons}).`;
}

/**
 * The link's Halo clients and their tenants: auto-map suggestions to accept, a tenant to pick by hand,
 * and one new tenant per selected unmapped client. Technicians see the same, without the buttons.
 */
@Component({
  selector: 'ent-integration-clients',
  imports: [PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <ent-page-state [state]="state()" what="the clients" [error]="error()" (retry)="reload()">
      <ng-template>
        @if (message(); as text) {
          <div class="alert" [class.alert-error]="messageIsError()" [class.alert-ok]="!messageIsError()" role="status" data-testid="clients-message">{{ text }}</div>
        }
        @if (clients().length === 0) {
          <div class="panel state" data-testid="clients-empty">
            <p>No Halo clients yet.</p>
            <p class="muted">Run a sync on the Overview tab; the clients it fetches show here for mapping.</p>
          </div>
        } @else {
          @let proposal = autoMap();
          @if (proposal && proposal.suggestions.length) {
            <section class="panel section" aria-labelledby="suggestions-heading" data-testid="auto-map">
              <div class="section-head">
                <h2 id="suggestions-heading">Auto-map suggestions</h2>
                @if (session.isAdmin()) {
                  <button type="button" class="button button-primary" (click)="acceptSuggestions()" [disabled]="busy() || chosenSuggestions().size === 0">
                    Accept {{ chosenSuggestions().size }} {{ chosenSuggestions().size === 1 ? 'suggestion' : 'suggestions' }}
                  </button>
                }
              </div>
              <p class="muted">Unmapped Halo clients whose name matches an unmapped tenant. Nothing is applied until you accept.</p>
              <div class="table-wrap">
                <table class="table" aria-label="Auto-map suggestions">
                  <thead>
                    <tr>
                      @if (session.isAdmin()) { <th scope="col"><span class="visually-hidden">Accept</span></th> }
                      <th scope="col">Halo client</th><th scope="col">Tenant</th><th scope="col">Match</th>
                    </tr>
                  </thead>
                  <tbody>
                    @for (s of proposal.suggestions; track s.haloClientId) {
                      <tr>
                        @if (session.isAdmin()) {
                          <td><input type="checkbox" [checked]="chosenSuggestions().has(s.haloClientId)" (change)="toggleSuggestion(s.haloClientId)"
                            [attr.aria-label]="'Map ' + s.clientName + ' to ' + s.tenantName" /></td>
                        }
                        <td>{{ s.clientName }}</td>
                        <td>{{ s.tenantName }}</td>
                        <td><span class="badge" [class.badge-success]="s.match === 'exact'" [class.badge-warning]="s.match !== 'exact'">{{ s.match }}</span></td>
                      </tr>
                    }
                  </tbody>
                </table>
              </div>
            </section>
          }
          @if (proposal && proposal.ambiguous.length) {
            <p class="muted" data-testid="ambiguous">
              {{ proposal.ambiguous.length }} {{ proposal.ambiguous.length === 1 ? 'client matches' : 'clients match' }} more than one tenant and
              {{ proposal.ambiguous.length === 1 ? 'needs' : 'need' }} mapping by hand:
              {{ ambiguousNames() }}.
            </p>
          }

          <section class="panel section" aria-labelledby="clients-heading">
            <div class="section-head">
              <h2 id="clients-heading">Halo clients</h2>
              <span class="muted" data-testid="clients-summary">{{ clients().length }} clients · {{ mappedCount() }} mapped · {{ clients().length - mappedCount() }} unmapped</span>
            </div>
            <div class="toolbar">
              <div class="filters" role="group" aria-label="Show">
                @for (f of filters; track f.id) {
                  <button type="button" class="button" [class.active]="filter() === f.id" [attr.aria-pressed]="filter() === f.id" (click)="setFilter(f.id)">{{ f.label }}</button>
                }
              </div>
              <label for="clients-search" class="visually-hidden">Search clients</label>
              <input id="clients-search" type="search" placeholder="Search by name" [value]="search()" (input)="search.set(searchValue($event))" />
              @if (session.isAdmin()) {
                <button type="button" class="button button-primary" (click)="createTenants()" [disabled]="busy() || selected().size === 0">
                  @if (selected().size) {
                    Create {{ selected().size }} {{ selected().size === 1 ? 'tenant' : 'tenants' }} from the selected clients
                  } @else {
                    Select unmapped clients to create tenants
                  }
                </button>
              }
            </div>
            <div class="table-wrap">
              <table class="table" aria-label="Halo clients">
                <thead>
                  <tr>
                    @if (session.isAdmin()) {
                      <th scope="col"><input type="checkbox" aria-label="Select every unmapped client shown" [checked]="allShownSelected()" (change)="toggleAllShown()" /></th>
                    }
                    <th scope="col">Halo client</th>
                    <th scope="col">Tenant</th>
                    @if (session.isAdmin()) { <th scope="col"><span class="visually-hidden">Actions</span></th> }
                  </tr>
                </thead>
                <tbody>
                  @for (c of shown(); track c.haloClientId) {
                    <tr [attr.data-client-id]="c.haloClientId">
                      @if (session.isAdmin()) {
                        <td>
                          @if (!c.tenant) {
                            <input type="checkbox" [checked]="selected().has(c.haloClientId)" (change)="toggleSelected(c.haloClientId)" [attr.aria-label]="'Select ' + c.name" />
                          }
                        </td>
                      }
                      <td>
                        {{ c.name }} <span class="muted">#{{ c.haloClientId }}</span>
                        @if (c.inactive) { <span class="badge badge-warning">inactive</span> }
                        @if (c.missingFromHalo) { <span class="badge badge-danger" title="In an earlier sync, not in the last one">missing from Halo</span> }
                      </td>
                      <td class="tenant">
                        @if (editing() === c.haloClientId) {
                          <label [for]="'map-' + c.haloClientId" class="visually-hidden">Tenant for {{ c.name }}</label>
                          <select [id]="'map-' + c.haloClientId" #pick>
                            @for (t of unmappedTenants(); track t.id) { <option [value]="t.id">{{ t.name }}</option> }
                          </select>
                          <button type="button" class="button" (click)="map(c, pick.value)" [disabled]="busy() || !pick.value">Save</button>
                          <button type="button" class="button button-ghost" (click)="editing.set(null)">Cancel</button>
                        } @else if (c.tenant) {
                          {{ c.tenant.name }}
                        } @else {
                          <span class="muted">not mapped</span>
                        }
                      </td>
                      @if (session.isAdmin()) {
                        <td class="nowrap">
                          @if (c.tenant) {
                            <button type="button" class="button button-ghost" (click)="unmap(c)" [disabled]="busy()">Unmap</button>
                          } @else if (editing() !== c.haloClientId && unmappedTenants().length) {
                            <button type="button" class="button button-ghost" (click)="editing.set(c.haloClientId)">Map to a tenant…</button>
                          }
                        </td>
                      }
                    </tr>
                  } @empty {
                    <tr><td colspan="4" class="muted">No client matches.</td></tr>
                  }
                </tbody>
              </table>
            </div>
          </section>
        }
      </ng-template>
    </ent-page-state>
  `,
  styles: `
    :host { display: block; }
    .section { padding: 1.25rem 1.5rem; margin-bottom: 1rem; }
    .section-head { display: flex; align-items: center; justify-content: space-between; gap: 1rem; margin-bottom: 0.5rem; }
    .section-head h2 { margin: 0; }
    .section .table-wrap { border: 1px solid var(--border); border-radius: var(--radius); }
    .toolbar { display: flex; flex-wrap: wrap; gap: 0.5rem; align-items: center; margin-bottom: 0.75rem; }
    .toolbar input[type='search'] { width: 14rem; }
    .toolbar .button-primary { margin-left: auto; }
    .filters { display: flex; gap: 0.25rem; }
    .filters .active { background: var(--accent-soft); border-color: var(--accent); color: var(--accent); }
    .tenant { display: flex; gap: 0.4rem; align-items: center; }
    select { font: inherit; padding: 0.35rem 0.5rem; border: 1px solid #c3ccd6; border-radius: var(--radius); }
    .alert { margin-bottom: 1rem; }
    .alert-ok { background: var(--success-soft); color: var(--success); border: 1px solid #b7dfc3; }
  `,
})
export class IntegrationClientsComponent implements OnInit {
  protected readonly session = inject(SessionService);
  private readonly api = inject(IntegrationsApiService);
  private readonly tenantsApi = inject(TenantsApiService);

  readonly integrationId = input.required<string>();

  protected readonly filters: readonly { id: Filter; label: string }[] = [
    { id: 'all', label: 'All' },
    { id: 'unmapped', label: 'Unmapped' },
    { id: 'mapped', label: 'Mapped' },
  ];

  protected readonly state = signal<LoadState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly clients = signal<HaloClientEntry[]>([]);
  protected readonly tenants = signal<TenantSummary[]>([]);
  protected readonly autoMap = signal<AutoMapProposal | null>(null);
  protected readonly chosenSuggestions = signal<ReadonlySet<number>>(new Set());
  protected readonly selected = signal<ReadonlySet<number>>(new Set());
  protected readonly filter = signal<Filter>('all');
  protected readonly search = signal('');
  protected readonly editing = signal<number | null>(null);
  protected readonly busy = signal(false);
  protected readonly message = signal<string | null>(null);
  protected readonly messageIsError = signal(false);

  protected readonly mappedCount = computed(() => this.clients().filter((c) => c.tenant).length);
  protected readonly unmappedTenants = computed(() => this.tenants().filter((t) => !t.mapping));
  protected readonly ambiguousNames = computed(() => (this.autoMap()?.ambiguous ?? []).map((a) => a.clientName).join(', '));
  protected readonly shown = computed(() => {
    const needle = this.search().trim().toLowerCase();
    const filter = this.filter();
    return this.clients().filter(
      (c) => (filter === 'all' || (filter === 'mapped') === !!c.tenant) && (!needle || c.name.toLowerCase().includes(needle)),
    );
  });
  protected readonly allShownSelected = computed(() => {
    const unmapped = this.shown().filter((c) => !c.tenant);
    return unmapped.length > 0 && unmapped.every((c) => this.selected().has(c.haloClientId));
  });

  ngOnInit(): void {
    void this.reload();
  }

  protected async reload(): Promise<void> {
    this.state.set('loading');
    try {
      await this.load();
      this.state.set('ready');
    } catch (error) {
      this.error.set(describeApiError(error));
      this.state.set('error');
    }
  }

  protected setFilter(filter: Filter): void {
    this.filter.set(filter);
  }

  protected searchValue(event: Event): string {
    return (event.target as HTMLInputElement).value;
  }

  protected toggleSuggestion(id: number): void {
    this.chosenSuggestions.update((set) => toggled(set, id));
  }

  protected toggleSelected(id: number): void {
    this.selected.update((set) => toggled(set, id));
  }

  protected toggleAllShown(): void {
    const ids = this.shown().filter((c) => !c.tenant).map((c) => c.haloClientId);
    this.selected.set(this.allShownSelected() ? new Set() : new Set([...this.selected(), ...ids]));
  }

  protected async acceptSuggestions(): Promise<void> {
    const chosen = this.chosenSuggestions();
    const mappings = (this.autoMap()?.suggestions ?? []).filter((s) => chosen.has(s.haloClientId)).map(({ haloClientId, tenantId }) => ({ haloClientId, tenantId }));
    await this.act(async () => describeBulkResult('Mapped', await firstValueFrom(this.api.confirmAutoMap(this.integrationId(), mappings))));
  }

  protected async createTenants(): Promise<void> {
    const ids = [...this.selected()];
    await this.act(async () => describeBulkResult('Created tenants for', await firstValueFrom(this.api.createTenants(this.integrationId(), ids))));
  }

  protected async map(client: HaloClientEntry, tenantId: string): Promise<void> {
    await this.act(async () => {
      const entry = await firstValueFrom(this.api.mapClient(this.integrationId(), client.haloClientId, tenantId));
      return `Mapped ${client.name} to ${entry.tenant?.name ?? 'the tenant'}.`;
    });
  }

  protected async unmap(client: HaloClientEntry): Promise<void> {
    await this.act(async () => {
      await firstValueFrom(this.api.unmapClient(this.integrationId(), client.haloClientId));
      return `${client.name} is no longer mapped.`;
    });
  }

  /** One change at a time; afterwards everything is read again, since one mapping changes the suggestions. */
  private async act(change: () => Promise<string>): Promise<void> {
    if (this.busy()) return;
    this.busy.set(true);
    this.message.set(null);
    try {
      const text = await change();
      this.editing.set(null);
      this.selected.set(new Set());
      await this.load();
      this.message.set(text);
      this.messageIsError.set(false);
    } catch (error) {
      this.message.set(describeApiError(error));
      this.messageIsError.set(true);
    } finally {
      this.busy.set(false);
    }
  }

  private async load(): Promise<void> {
    const id = this.integrationId();
    const [clients, tenants, autoMap] = await Promise.all([
      firstValueFrom(this.api.clients(id)),
      firstValueFrom(this.tenantsApi.list()),
      firstValueFrom(this.api.autoMapProposal(id)),
    ]);
    this.clients.set(clients);
    this.tenants.set(tenants);
    this.autoMap.set(autoMap);
    // Every suggestion starts chosen: accepting them all is the common case, unticking the odd one the exception.
    this.chosenSuggestions.set(new Set(autoMap.suggestions.map((s) => s.haloClientId)));
  }
}

function toggled(set: ReadonlySet<number>, id: number): ReadonlySet<number> {
  const next = new Set(set);
  if (next.has(id)) next.delete(id);
  else next.add(id);
  return next;
}
