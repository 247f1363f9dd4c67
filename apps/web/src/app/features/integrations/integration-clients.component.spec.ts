import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { AutoMapProposal, BulkMappingResult, HaloClientEntry, TenantSummary, UserRole } from '@entitle/domain';
import { settle } from '../../../testing/settle';
import { SessionService } from '../../core/session.service';
import { describeBulkResult, IntegrationClientsComponent } from './integration-clients.component';

const ID = '11111111-1111-4111-8111-111111111111';
const BASE = `/api/v1/integrations/${ID}`;

const client = (haloClientId: number, name: string, tenant: HaloClientEntry['tenant'] = null): HaloClientEntry => ({ haloClientId, name, inactive: false, missingFromHalo: false, tenant });
const tenant = (id: string, name: string, haloClientId: number | null = null): TenantSummary => ({
  id, name, mapping: haloClientId === null ? null : { integrationId: ID, haloClientId }, maintenanceSchedule: null, nextMaintenanceAt: null, computerCount: 0, createdAt: '2026-12-04T10:00:00.000Z', updatedAt: '2026-12-04T10:00:00.000Z',
});

const CLIENTS = [client(12, 'Acme Ltd'), client(13, 'Bolt & Co'), client(14, 'Cobalt Ltd'), client(15, 'Delta Ltd', { id: 't9', name: 'Delta' })];
const TENANTS = [tenant('t1', 'Acme Ltd'), tenant('t2', 'bolt and co'), tenant('t9', 'Delta', 15)];
const PROPOSAL: AutoMapProposal = {
  suggestions: [
    { haloClientId: 12, clientName: 'Acme Ltd', tenantId: 't1', tenantName: 'Acme Ltd', match: 'exact' },
    { haloClientId: 13, clientName: 'Bolt & Co', tenantId: 't2', tenantName: 'bolt and co', match: 'normalised' },
  ],
  ambiguous: [],
};

describe(IntegrationClientsComponent.name, () => {
  let fixture: ComponentFixture<IntegrationClientsComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  function answerLoad(clients = CLIENTS, tenants = TENANTS, proposal = PROPOSAL): void {
    http.expectOne(`${BASE}/clients`).flush(clients);
    http.expectOne('/api/v1/tenants').flush(tenants);
    http.expectOne({ method: 'GET', url: `${BASE}/auto-map` }).flush(proposal);
  }

  async function render(role: UserRole = 'admin'): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(SessionService).ensureLoaded();
    http.expectOne('/api/v1/auth/me').flush({ user: { id: 'u1', email: 'ada@example.com', name: null, role } });
    await loaded;
    fixture = TestBed.createComponent(IntegrationClientsComponent);
    fixture.componentRef.setInput('integrationId', ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    answerLoad();
    await settle(fixture);
  }

  const button = (pattern: RegExp) => Array.from(element.querySelectorAll('button')).find((b) => pattern.test(b.textContent?.trim() ?? ''));
  const checkbox = (label: string) => element.querySelector<HTMLInputElement>(`input[aria-label="${label}"]`)!;
  const message = () => element.querySelector('[data-testid="clients-message"]')?.textContent?.trim();

  afterEach(() => http.verify());

  it('should confirm only the suggestions left ticked when Accept is pressed', async () => {
    await render();
    expect(button(/^Accept 2 suggestions$/)).toBeDefined();

    checkbox('Map Bolt & Co to bolt and co').click();
    await settle(fixture);
    button(/^Accept 1 suggestion$/)!.click();

    const confirm = http.expectOne({ method: 'POST', url: `${BASE}/auto-map` });
    expect(confirm.request.body).toEqual({ mappings: [{ haloClientId: 12, tenantId: 't1' }] });
    confirm.flush({ applied: [{ haloClientId: 12, tenantId: 't1', tenantName: 'Acme Ltd' }], skipped: [] } satisfies BulkMappingResult);
    await settle(fixture);
    answerLoad([client(12, 'Acme Ltd', { id: 't1', name: 'Acme Ltd' }), ...CLIENTS.slice(1)], TENANTS, { suggestions: [PROPOSAL.suggestions[1]!], ambiguous: [] });
    await settle(fixture);

    expect(message()).toBe('Mapped 1 client.');
    expect(element.querySelector('[data-testid="clients-summary"]')?.textContent).toContain('4 clients · 2 mapped · 2 unmapped');
  });

  it('should create one tenant per selected unmapped client when the bulk button is pressed', async () => {
    await render();
    expect(checkbox('Select Delta Ltd')).toBeNull();

    checkbox('Select Cobalt Ltd').click();
    checkbox('Select Acme Ltd').click();
    await settle(fixture);
    button(/^Create 2 tenants/)!.click();

    const create = http.expectOne({ method: 'POST', url: `${BASE}/clients/create-tenants` });
    expect(create.request.body).toEqual({ haloClientIds: [14, 12] });
    create.flush({ applied: [{ haloClientId: 14, tenantId: 't3', tenantName: 'Cobalt Ltd' }], skipped: [{ haloClientId: 12, reason: 'already mapped' }] } satisfies BulkMappingResult);
    await settle(fixture);
    answerLoad();
    await settle(fixture);

    expect(message()).toBe('Created tenants for 1 client; skipped 1 (already mapped).');
  });

  it('should show only unmapped clients, filtered by name, when asked', async () => {
    await render();

    button(/^Unmapped$/)!.click();
    const search = element.querySelector<HTMLInputElement>('#clients-search')!;
    search.value = 'ltd';
    search.dispatchEvent(new Event('input'));
    await settle(fixture);

    const names = Array.from(element.querySelectorAll('table[aria-label="Halo clients"] tbody tr[data-client-id]'), (r) => r.getAttribute('data-client-id'));
    expect(names).toEqual(['12', '14']);
  });

  it('should show the mapping without checkboxes or buttons when a technician opens it', async () => {
    await render('technician');

    expect(element.querySelectorAll('input[type="checkbox"]')).toHaveLength(0);
    expect(button(/^(Accept|Create|Unmap$|Map to)/)).toBeUndefined();
    expect(element.textContent).toContain('Delta');
  });

  it('should say a sync comes first when the link has no clients yet', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IntegrationClientsComponent);
    fixture.componentRef.setInput('integrationId', ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    answerLoad([], [], { suggestions: [], ambiguous: [] });
    await settle(fixture);

    expect(element.querySelector('[data-testid="clients-empty"]')?.textContent).toContain('Run a sync');
  });
});

describe(describeBulkResult.name, () => {
  it.each<[BulkMappingResult, string]>([
    [{ applied: [{ haloClientId: 1, tenantId: 't', tenantName: 'T' }], skipped: [] }, 'Mapped 1 client.'],
    [{ applied: [], skipped: [{ haloClientId: 1, reason: 'tenant already mapped' }, { haloClientId: 2, reason: 'tenant already mapped' }] }, 'Mapped 0 clients; skipped 2 (tenant already mapped).'],
  ])('should summarise %j as %s', (result, expected) => {
    expect(describeBulkResult('Mapped', result)).toBe(expected);
  });
});
