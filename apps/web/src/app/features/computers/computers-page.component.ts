import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, effect, inject, input, type OnInit, signal, untracked } from '@angular/core';
import { RouterLink } from '@angular/router';
import { COMPUTER_KINDS, type ComputerKind, type ComputerSummary, type Platform, PLATFORMS, type TenantSummary } from '@entitle/domain';
import { firstValueFrom } from 'rxjs';
import { describeApiError } from '../../core/api';
import { SessionService } from '../../core/session.service';
import { PageStateComponent } from '../../shared/page-state.component';
import { PLATFORM_LABELS } from '../software/software-display';
import { TenantsApiService } from '../tenants/tenants-api.service';
import { KIND_LABELS } from './computer-display';
import { ComputersApiService, type HaloSite } from './computers-api.service';
import { EnrollmentKeyFormComponent } from './enrollment-key-form.component';
import { EnrollmentKeysComponent } from './enrollment-keys.component';

export const COMPUTERS_PAGE_SIZE = 50;

type LoadState = 'loading' | 'ready' | 'error';
type Online = '' | 'true' | 'false';

/** Every enrolled computer, filtered and paged; admins add computers with an enrollment key. */
@Component({
  selector: 'ent-computers-page',
  imports: [DatePipe, RouterLink, EnrollmentKeyFormComponent, EnrollmentKeysComponent, PageStateComponent],
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <header class="page-header">
      <div>
        <h1>Computers</h1>
        <p class="muted">Every enrolled computer, its customer, and whether its agent checks in.</p>
      </div>
      @if (session.isAdmin() && !adding()) {
        <button type="button" class="button button-primary" (click)="adding.set(true)">Add computers</button>
      }
    </header>

    @if (adding()) {
      <ent-enrollment-key-form [tenants]="tenants()" [tenantId]="tenantFilter()" (created)="keysVersion.set(keysVersion() + 1)" (closed)="adding.set(false)" />
    }

    <form class="filters panel" role="search" aria-label="Filter the computers" (submit)="applySearch($event, searchInput.value)">
      <div class="field">
        <label for="computers-tenant">Tenant</label>
        <select id="computers-tenant" [value]="tenantFilter() ?? ''" (change)="setTenant(value($event))">
          <option value="">Every tenant</option>
          @for (t of tenants(); track t.id) { <option [value]="t.id">{{ t.name }}</option> }
        </select>
      </div>
      @if (sites().length) {
        <div class="field">
          <label for="computers-site">Halo site</label>
          <select id="computers-site" [value]="siteFilter() ?? ''" (change)="setSite(value($event))">
            <option value="">Every site</option>
            @for (site of sites(); track site.id) { <option [value]="site.id">{{ site.name }}</option> }
          </select>
        </div>
      }
      <div class="field">
        <label for="computers-kind">Kind</label>
        <select id="computers-kind" [value]="kindFilter() ?? ''" (change)="setKind(value($event))">
          <option value="">Any kind</option>
          @for (k of kinds; track k) { <option [value]="k">{{ kindLabel[k] }}</option> }
        </select>
      </div>
      <div class="field">
        <label for="computers-online">Agent</label>
        <select id="computers-online" [value]="onlineFilter()" (change)="setOnline(value($event))">
          <option value="">Online or offline</option>
          <option value="true">Online</option>
          <option value="false">Offline</option>
        </select>
      </div>
      <div class="field">
        <label for="computers-platform">Platform</label>
        <select id="computers-platform" [value]="platformFilter() ?? ''" (change)="setPlatform(value($event))">
          <option value="">Any platform</option>
          @for (p of platforms; track p) { <option [value]="p">{{ platformLabel[p] }}</option> }
        </select>
      </div>
      <div class="field search">
        <label for="computers-search">Search</label>
        <span class="search-row">
          <input #searchInput id="computers-search" type="search" placeholder="Name, serial or user" [value]="search()" />
          <button type="submit" class="button">Search</button>
        </span>
      </div>
    </form>

    <ent-page-state [state]="state()" what="the computers" [error]="error()" (retry)="reload()">
      <ng-template>
        @if (items().length === 0) {
          <div class="panel state" data-testid="computers-empty">
            @if (filtered()) {
              <p>No computer matches these filters.</p>
              <button type="button" class="button" (click)="clearFilters(searchInput)">Clear the filters</button>
            } @else {
              <p>No computer enrolled yet.</p>
              @if (session.isAdmin()) {
                <p class="muted">Add computers makes an enrollment key and the command to run on each computer.</p>
              } @else {
                <p class="muted">An administrator adds computers; they show here at their first check-in.</p>
              }
            }
          </div>
        } @else {
          <div class="panel table-wrap">
            <table class="table" aria-label="Computers">
              <thead>
                <tr>
                  <th scope="col">Computer</th>
                  <th scope="col">Tenant</th>
                  <th scope="col">Kind</th>
                  <th scope="col">OS</th>
                  <th scope="col">Halo site</th>
                  <th scope="col">User</th>
                  <th scope="col">Last seen</th>
                </tr>
              </thead>
              <tbody>
                @for (c of items(); track c.id) {
                  <tr [attr.data-computer]="c.hostname">
                    <td class="nowrap">
                      <span class="dot" [class.online]="c.online" [title]="c.online ? 'online' : 'offline'"></span><span class="visually-hidden">{{ c.online ? 'online' : 'offline' }}&nbsp;</span><a [routerLink]="['/computers', c.id]">{{ c.hostname }}</a>
                      @if (!c.agentActive) {&nbsp;<span class="badge badge-danger">agent revoked</span>}
                    </td>
                    <td>{{ c.tenantName }}</td>
                    <td>{{ kindLabel[c.kind] }}</td>
                    <td>{{ c.osName ?? platformLabel[c.platform] }}</td>
                    <td>{{ c.haloSiteName ?? '' }}</td>
                    <td>{{ c.primaryUserEmail ?? c.loggedInUser ?? '' }}</td>
                    <td class="nowrap">{{ c.lastSeenAt ? (c.lastSeenAt | date: 'yyyy-MM-dd HH:mm') : 'never' }}</td>
                  </tr>
                }
              </tbody>
            </table>
          </div>
          <div class="pager">
            <span class="muted" data-testid="computers-range">{{ offset() + 1 }}–{{ offset() + items().length }} of {{ total() }}</span>
            <button type="button" class="button" (click)="go(-1)" [disabled]="offset() === 0">Previous</button>
            <button type="button" class="button" (click)="go(1)" [disabled]="offset() + items().length >= total()">Next</button>
          </div>
        }
      </ng-template>
    </ent-page-state>

    @if (session.isAdmin()) {
      <!-- Enrollment keys are admin-only in the API: a technician has no use for them. -->
      <div class="keys">
        <ent-enrollment-keys [tenantId]="tenantFilter()" [version]="keysVersion()" />
      </div>
    }
  `,
  styles: `
    .filters { display: flex; flex-wrap: wrap; gap: 0.75rem; align-items: flex-end; padding: 0.9rem 1rem; margin-bottom: 1rem; }
    .filters .field { gap: 0.2rem; }
    .filters label { font-size: 0.8rem; color: var(--muted); }
    .search { flex: 1; min-width: 16rem; }
    .search-row { display: flex; gap: 0.5rem; }
    .search-row input { flex: 1; }
    .keys { margin-top: 1.5rem; }
    ent-enrollment-key-form { margin-bottom: 1rem; }
  `,
})
export class ComputersPageComponent implements OnInit {
  protected readonly session = inject(SessionService);
  private readonly api = inject(ComputersApiService);
  private readonly tenantsApi = inject(TenantsApiService);

  /** `?tenantId=`, from the Tenants page's computer counts; bound by `withComponentInputBinding()`. */
  readonly tenantId = input<string | undefined>();

  protected readonly kinds = COMPUTER_KINDS;
  protected readonly kindLabel = KIND_LABELS;
  protected readonly platforms = PLATFORMS;
  protected readonly platformLabel = PLATFORM_LABELS;

  protected readonly state = signal<LoadState>('loading');
  protected readonly error = signal<string | null>(null);
  protected readonly items = signal<ComputerSummary[]>([]);
  protected readonly total = signal(0);
  protected readonly offset = signal(0);
  protected readonly tenants = signal<TenantSummary[]>([]);
  protected readonly adding = signal(false);
  protected readonly keysVersion = signal(0);

  protected readonly tenantFilter = signal<string | null>(null);
  protected readonly siteFilter = signal<number | null>(null);
  protected readonly kindFilter = signal<ComputerKind | null>(null);
  protected readonly onlineFilter = signal<Online>('');
  protected readonly platformFilter = signal<Platform | null>(null);
  protected readonly search = signal('');
  /** Halo sites per tenant: the sites of the Halo client it maps to, the same for each of its computers. */
  private readonly sitesByTenant = signal<ReadonlyMap<string, HaloSite[]>>(new Map());
  protected readonly sites = computed(() => {
    const tenant = this.tenantFilter();
    return tenant ? (this.sitesByTenant().get(tenant) ?? []) : [];
  });
  protected readonly filtered = computed(
    () => !!(this.tenantFilter() || this.siteFilter() !== null || this.kindFilter() || this.onlineFilter() || this.platformFilter() || this.search()),
  );
  /** Answers to outdated filters are dropped: only the latest request may fill the table. */
  private generation = 0;

  constructor() {
    effect(() => {
      const tenantId = this.tenantId() ?? null;
      untracked(() => {
        this.tenantFilter.set(tenantId);
        this.siteFilter.set(null);
        this.offset.set(0);
        void this.reload();
      });
    });
  }

  ngOnInit(): void {
    void this.loadTenants();
  }

  protected value(event: Event): string {
    return (event.target as HTMLSelectElement).value;
  }

  protected setTenant(id: string): void {
    this.tenantFilter.set(id || null);
    this.siteFilter.set(null);
    this.restart();
  }

  protected setSite(id: string): void {
    this.siteFilter.set(id ? Number(id) : null);
    this.restart();
  }

  protected setKind(kind: string): void {
    this.kindFilter.set((kind || null) as ComputerKind | null);
    this.restart();
  }

  protected setOnline(online: string): void {
    this.onlineFilter.set(online as Online);
    this.restart();
  }

  protected setPlatform(platform: string): void {
    this.platformFilter.set((platform || null) as Platform | null);
    this.restart();
  }

  protected applySearch(event: Event, text: string): void {
    event.preventDefault();
    this.search.set(text.trim());
    this.restart();
  }

  protected clearFilters(searchInput: HTMLInputElement): void {
    searchInput.value = '';
    this.tenantFilter.set(null);
    this.siteFilter.set(null);
    this.kindFilter.set(null);
    this.onlineFilter.set('');
    this.platformFilter.set(null);
    this.search.set('');
    this.restart();
  }

  protected go(direction: 1 | -1): void {
    this.offset.update((offset) => Math.max(0, offset + direction * COMPUTERS_PAGE_SIZE));
    void this.reload();
  }

  protected async reload(): Promise<void> {
    const generation = ++this.generation;
    this.state.set('loading');
    try {
      const page = await firstValueFrom(
        this.api.list({
          limit: COMPUTERS_PAGE_SIZE,
          offset: this.offset(),
          tenantId: this.tenantFilter(),
          haloSiteId: this.siteFilter(),
          kind: this.kindFilter(),
          online: this.onlineFilter() === '' ? null : this.onlineFilter() === 'true',
          platform: this.platformFilter(),
          search: this.search() || null,
        }),
      );
      if (generation !== this.generation) return;
      this.items.set(page.items);
      this.total.set(page.total);
      this.state.set('ready');
      void this.loadSites(page.items);
    } catch (error) {
      if (generation !== this.generation) return;
      this.error.set(describeApiError(error));
      this.state.set('error');
    }
  }

  private restart(): void {
    this.offset.set(0);
    void this.reload();
  }

  private async loadTenants(): Promise<void> {
    try {
      this.tenants.set(await firstValueFrom(this.tenantsApi.list()));
    } catch {
      // The tenant filter stays empty; the list itself still works and says so if the API is down.
    }
  }

  /** The API lists sites per computer; any computer of the chosen tenant answers for all of them. */
  private async loadSites(items: ComputerSummary[]): Promise<void> {
    const tenant = this.tenantFilter();
    if (!tenant || this.sitesByTenant().has(tenant)) return;
    const sample = items.find((c) => c.tenantId === tenant);
    if (!sample) return;
    try {
      const sites = await firstValueFrom(this.api.haloSites(sample.id));
      this.sitesByTenant.update((map) => new Map(map).set(tenant, sites));
    } catch {
      // Without the sites there is no site filter; everything else works.
    }
  }
}
