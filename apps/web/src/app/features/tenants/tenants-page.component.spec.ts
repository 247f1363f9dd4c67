import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { HaloClientEntry, TenantSummary, UserRole } from '@entitle/domain';
import { apiError, tenant as tenantFixture } from '../../../testing/fixtures';
import { signInAs } from '../../../testing/session';
import { settle } from '../../../testing/settle';
import { summary } from '../integrations/testing-fixtures';
import { TenantsPageComponent } from './tenants-page.component';

const LINK = summary({ name: 'Acme Halo' });
const tenant = (id: string, name: string, haloClientId: number | null, overrides: Partial<TenantSummary> = {}): TenantSummary =>
  tenantFixture({ id, name, mapping: haloClientId === null ? null : { integrationId: LINK.id, haloClientId }, ...overrides });

describe(TenantsPageComponent.name, () => {
  let fixture: ComponentFixture<TenantsPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole | null = null): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    if (role) await signInAs(http, role);
    fixture = TestBed.createComponent(TenantsPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  async function answer(tenants: TenantSummary[]): Promise<void> {
    http.expectOne('/api/v1/tenants').flush(tenants);
    http.expectOne('/api/v1/integrations').flush([]);
    await settle(fixture);
  }

  const rows = () =>
    Array.from(element.querySelectorAll('table[aria-label="Tenants"] tbody tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim()));
  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === label);

  afterEach(() => http.verify());

  it('should list each tenant with its Halo client, link, computers and schedule when the API answers', async () => {
    await render();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Loading the tenants');

    http.expectOne('/api/v1/tenants').flush([
      tenant('t1', 'Acme Dental', 12, { computerCount: 14, maintenanceSchedule: '0 2 * * *', nextMaintenanceAt: '2026-12-05T02:00:00.000Z' }),
      tenant('t2', 'Walk-in customers', null),
    ]);
    http.expectOne('/api/v1/integrations').flush([LINK]);
    await settle(fixture);
    http.expectOne(`/api/v1/integrations/${LINK.id}/clients`).flush([{ haloClientId: 12, name: 'Acme Dental Ltd', inactive: false, missingFromHalo: false, tenant: { id: 't1', name: 'Acme Dental' } }] satisfies HaloClientEntry[]);
    await settle(fixture);

    expect(rows()).toEqual([
      ['Acme Dental', 'Acme Dental Ltd #12', 'Acme Halo', '14', '0 2 * * * · next 2026-12-05 02:00 UTC', 'Run maintenance'],
      ['Walk-in customers', 'not mapped', '', '0', 'only by hand', ''],
    ]);
    expect(element.querySelector('tr[data-tenant="Acme Dental"] a[href^="/computers"]')?.getAttribute('href')).toBe('/computers?tenantId=t1');
    expect(element.querySelector('[data-testid="tenants-summary"]')?.textContent).toContain('2 tenants · 1 mapped to Halo');
  });

  it('should save the schedule an admin types and show the next run', async () => {
    await render('admin');
    await answer([tenant('t1', 'Acme Dental', null)]);

    button('Edit the schedule of Acme Dental')!.click();
    await settle(fixture);
    element.querySelector<HTMLInputElement>('#schedule-t1')!.value = ' 0 2 * * * ';
    element.querySelector('form')!.dispatchEvent(new Event('submit'));

    const patch = http.expectOne({ method: 'PATCH', url: '/api/v1/tenants/t1' });
    expect(patch.request.body).toEqual({ maintenanceSchedule: '0 2 * * *' });
    patch.flush(tenant('t1', 'Acme Dental', null, { maintenanceSchedule: '0 2 * * *', nextMaintenanceAt: '2026-12-05T02:00:00.000Z' }));
    await settle(fixture);

    expect(rows()[0]?.[4]).toBe('0 2 * * * · next 2026-12-05 02:00 UTC');
    expect(element.querySelector('form')).toBeNull();
  });

  it('should clear the schedule to "only by hand" when the box is emptied', async () => {
    await render('admin');
    await answer([tenant('t1', 'Acme Dental', null, { maintenanceSchedule: '0 2 * * *' })]);

    button('Edit the schedule of Acme Dental')!.click();
    await settle(fixture);
    element.querySelector<HTMLInputElement>('#schedule-t1')!.value = '';
    element.querySelector('form')!.dispatchEvent(new Event('submit'));

    const patch = http.expectOne({ method: 'PATCH', url: '/api/v1/tenants/t1' });
    expect(patch.request.body).toEqual({ maintenanceSchedule: null });
    patch.flush(tenant('t1', 'Acme Dental', null));
    await settle(fixture);

    expect(rows()[0]?.[4]).toBe('only by hand');
  });

  it('should show the API’s message under the schedule when it refuses the cron', async () => {
    await render('admin');
    await answer([tenant('t1', 'Acme Dental', null)]);

    button('Edit the schedule of Acme Dental')!.click();
    await settle(fixture);
    element.querySelector<HTMLInputElement>('#schedule-t1')!.value = 'every night';
    element.querySelector('form')!.dispatchEvent(new Event('submit'));
    const refused = apiError(400, 'Validation failed', [{ field: 'maintenanceSchedule', message: 'must be a cron expression of five fields, e.g. 0 2 * * *' }]);
    http.expectOne({ method: 'PATCH', url: '/api/v1/tenants/t1' }).flush(refused.body, refused.init);
    await settle(fixture);

    expect(element.querySelector('#schedule-t1-error')?.textContent).toContain('must be a cron expression of five fields');
    expect(element.querySelector('#schedule-t1')?.getAttribute('aria-invalid')).toBe('true');
  });

  it('should offer no way to edit the schedule when a technician opens it', async () => {
    await render('technician');
    await answer([tenant('t1', 'Acme Dental', null, { maintenanceSchedule: '0 2 * * *' })]);

    expect(rows()[0]?.[4]).toBe('0 2 * * *');
    expect(button('Edit the schedule of Acme Dental')).toBeUndefined();
  });

  it('should start maintenance on every computer of a tenant and say which were left out when a technician asks', async () => {
    await render('technician');
    await answer([tenant('t1', 'Acme Dental', null, { computerCount: 3 })]);

    button('Run maintenance on every computer of Acme Dental')!.click();
    const post = http.expectOne({ method: 'POST', url: '/api/v1/maintenance-sessions' });
    expect(post.request.body).toEqual({ tenantId: 't1' });
    post.flush({
      sessions: [{ id: 's1' }, { id: 's2' }],
      skipped: [{ computerId: 'c3', hostname: 'ACME-PC3', reason: 'a session is already pending (s0)' }],
    });
    await settle(fixture);

    expect(element.querySelector('[data-testid="tenants-started"]')?.textContent).toContain(
      'Started 2 maintenance sessions for Acme Dental. 1 left out: ACME-PC3 (a session is already pending (s0)).',
    );
    expect(element.querySelector('[data-testid="tenants-started"] a')?.getAttribute('href')).toBe('/sessions');
  });

  it('should offer no maintenance for a tenant without computers', async () => {
    await render('admin');
    await answer([tenant('t1', 'Acme Dental', null)]);

    expect(button('Run maintenance on every computer of Acme Dental')).toBeUndefined();
  });

  it('should point to the integrations when there is no tenant yet', async () => {
    await render();
    await answer([]);

    expect(element.querySelector('[data-testid="tenants-empty"]')?.textContent).toContain('Clients tab');
  });

  it('should show the error and retry when the API fails', async () => {
    await render();
    const failure = apiError(500, 'Database unavailable');
    http.expectOne('/api/v1/tenants').flush(failure.body, failure.init);
    http.expectOne('/api/v1/integrations').flush([]);
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not load the tenants. Database unavailable');

    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    await answer([tenant('t2', 'Walk-in customers', null)]);

    expect(rows()).toEqual([['Walk-in customers', 'not mapped', '', '0', 'only by hand', '']]);
  });
});
