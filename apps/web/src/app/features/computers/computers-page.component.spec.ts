import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ComputerPage, UserRole } from '@entitle/domain';
import { apiError, COMPUTER_ID, computer, createdKey, enrollmentKey, tenant, TENANT_ID } from '../../../testing/fixtures';
import { signInAs } from '../../../testing/session';
import { settle } from '../../../testing/settle';
import { ComputersPageComponent } from './computers-page.component';

const OTHER_TENANT = tenant({ id: 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb', name: 'Bolt & Co' });

describe(ComputersPageComponent.name, () => {
  let fixture: ComponentFixture<ComputersPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin', page: ComputerPage = { total: 2, items: [computer(), computer({ id: 'c2', hostname: 'ACME-SRV', kind: 'server', online: false, lastSeenAt: null, agentActive: false, haloSiteName: 'HQ', primaryUserEmail: 'dora@acme.example' })] }): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    await signInAs(http, role);
    fixture = TestBed.createComponent(ComputersPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    http.expectOne('/api/v1/tenants').flush([tenant(), OTHER_TENANT]);
    if (role === 'admin') keysRequest().flush([enrollmentKey()]);
    computersRequest().flush(page);
    await settle(fixture);
  }

  const computersRequest = (): TestRequest => http.expectOne((r) => r.url === '/api/v1/computers');
  const keysRequest = (): TestRequest => http.expectOne((r) => r.method === 'GET' && r.url === '/api/v1/enrollment-keys');
  const rows = (table: string) =>
    Array.from(element.querySelectorAll(`table[aria-label="${table}"] tbody tr`), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim()));
  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.trim() === label);
  const choose = (id: string, value: string) => {
    const select = element.querySelector<HTMLSelectElement>(`#${id}`)!;
    select.value = value;
    select.dispatchEvent(new Event('change'));
  };
  const type = (id: string, value: string) => {
    const input = element.querySelector<HTMLInputElement>(`#${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };

  afterEach(() => http.verify());

  it('should list each computer with its online dot, tenant, kind, site, user and last check-in', async () => {
    await render();

    expect(rows('Computers')).toEqual([
      ['online ACME-PC1', 'Acme Dental', 'Workstation', 'Windows 11 Pro', '', 'ACME\\dora', '2026-12-04 10:05'],
      ['offline ACME-SRV agent revoked', 'Acme Dental', 'Server', 'Windows 11 Pro', 'HQ', 'dora@acme.example', 'never'],
    ]);
    expect(element.querySelector('tr[data-computer="ACME-PC1"] .dot')?.classList).toContain('online');
    expect(element.querySelector('tr[data-computer="ACME-SRV"] .dot')?.classList).not.toContain('online');
    expect(element.querySelector('tr[data-computer="ACME-PC1"] a')?.getAttribute('href')).toBe(`/computers/${COMPUTER_ID}`);
    expect(element.querySelector('[data-testid="computers-range"]')?.textContent).toContain('1–2 of 2');
    expect(rows('Enrollment keys')).toEqual([['Office rollout', 'Acme Dental', 'enr_ab12…', '3 of 10', 'never', '2026-12-04 11:00', 'usable', 'Revoke']]);
  });

  it('should ask for the chosen filters, and offer the tenant’s Halo sites once a tenant is chosen', async () => {
    await render();

    choose('computers-tenant', TENANT_ID);
    const byTenant = computersRequest();
    expect(byTenant.request.params.get('tenantId')).toBe(TENANT_ID);
    byTenant.flush({ total: 1, items: [computer()] } satisfies ComputerPage);
    await settle(fixture);
    expect(keysRequest().request.params.get('tenantId')).toBe(TENANT_ID);
    http.expectOne(`/api/v1/computers/${COMPUTER_ID}/halo-sites`).flush([{ id: 30, name: 'HQ' }, { id: 31, name: 'Branch' }]);
    await settle(fixture);

    choose('computers-site', '31');
    expect(computersRequest().request.params.get('haloSiteId')).toBe('31');
    choose('computers-online', 'false');
    expect(computersRequest().request.params.get('online')).toBe('false');
    choose('computers-kind', 'portable');
    expect(computersRequest().request.params.get('kind')).toBe('portable');
    choose('computers-platform', 'macos');
    expect(computersRequest().request.params.get('platform')).toBe('macos');
    element.querySelector<HTMLInputElement>('#computers-search')!.value = ' dora ';
    element.querySelector('form[role="search"]')!.dispatchEvent(new Event('submit'));
    const last = computersRequest();
    expect(last.request.params.keys().sort()).toEqual(['haloSiteId', 'kind', 'limit', 'online', 'platform', 'search', 'tenantId']);
    expect(last.request.params.get('search')).toBe('dora');
    last.flush({ total: 0, items: [] } satisfies ComputerPage);
    await settle(fixture);

    expect(element.querySelector('[data-testid="computers-empty"]')?.textContent).toContain('No computer matches these filters.');
    button('Clear the filters')!.click();
    expect(computersRequest().request.params.keys()).toEqual(['limit']);
    await settle(fixture);
    expect(keysRequest().request.params.has('tenantId')).toBe(false);
  });

  it('should page through the computers', async () => {
    await render('admin', { total: 70, items: Array.from({ length: 50 }, (_, i) => computer({ id: `c${i}`, hostname: `PC-${i}` })) });
    expect(button('Previous')?.disabled).toBe(true);

    button('Next')!.click();
    const next = computersRequest();
    expect(next.request.params.get('offset')).toBe('50');
    next.flush({ total: 70, items: Array.from({ length: 20 }, (_, i) => computer({ id: `d${i}`, hostname: `PC-${50 + i}` })) });
    await settle(fixture);

    expect(element.querySelector('[data-testid="computers-range"]')?.textContent).toContain('51–70 of 70');
    expect(button('Next')?.disabled).toBe(true);
  });

  it('should make an enrollment key and show the key and its command once, when an admin adds computers', async () => {
    await render();

    button('Add computers')!.click();
    await settle(fixture);
    choose('key-tenantId', TENANT_ID);
    type('key-name', ' Office rollout ');
    type('key-maxUses', '10');
    element.querySelector('form[aria-label="New enrollment key"]')!.dispatchEvent(new Event('submit'));

    const create = http.expectOne({ method: 'POST', url: '/api/v1/enrollment-keys' });
    expect(create.request.body).toEqual({ tenantId: TENANT_ID, name: 'Office rollout', expiresAt: null, maxUses: 10 });
    create.flush(createdKey(), { status: 201, statusText: 'Created' });
    await settle(fixture);
    keysRequest().flush([enrollmentKey({ uses: 0 })]);
    await settle(fixture);

    expect(element.querySelector('[data-testid="key-once"]')?.textContent).toContain('Entitle shows them only this once');
    expect(element.querySelector<HTMLInputElement>('[data-testid="created-key"]')?.value).toBe(createdKey().key);
    expect(element.querySelector<HTMLTextAreaElement>('[data-testid="enroll-command"]')?.value).toBe(createdKey().enrollCommand);
    expect(rows('Enrollment keys')[0]?.[3]).toBe('0 of 10');

    button('Done')!.click();
    await settle(fixture);
    expect(element.querySelector('[data-testid="created-key"]')).toBeNull();
    expect(element.textContent).not.toContain(createdKey().key);
  });

  it('should send the expiry as a moment in UTC', async () => {
    await render();
    button('Add computers')!.click();
    await settle(fixture);
    choose('key-tenantId', TENANT_ID);
    type('key-expiresAt', '2026-12-31T18:00');
    element.querySelector('form[aria-label="New enrollment key"]')!.dispatchEvent(new Event('submit'));

    const create = http.expectOne({ method: 'POST', url: '/api/v1/enrollment-keys' });
    // The tests run with TZ=UTC, so local 18:00 is 18:00Z.
    expect(create.request.body).toEqual({ tenantId: TENANT_ID, name: null, expiresAt: '2026-12-31T18:00:00.000Z', maxUses: null });
    const refused = apiError(400, 'Validation failed', [{ field: 'expiresAt', message: 'must be in the future' }]);
    create.flush(refused.body, refused.init);
    await settle(fixture);

    expect(element.querySelector('#key-expiresAt-error')?.textContent).toContain('must be in the future');
  });

  it('should ask for a tenant and send nothing when none is chosen', async () => {
    await render();
    button('Add computers')!.click();
    await settle(fixture);

    element.querySelector('form[aria-label="New enrollment key"]')!.dispatchEvent(new Event('submit'));
    await settle(fixture);

    expect(element.querySelector('#key-tenantId-error')?.textContent).toContain('Choose the tenant');
  });

  it('should revoke a key after asking, and show it revoked', async () => {
    await render();

    button('Revoke')!.click();
    await settle(fixture);
    expect(element.textContent).toContain('Revoke Office rollout? It enrolls nothing more.');
    element.querySelector<HTMLButtonElement>('table[aria-label="Enrollment keys"] .button-danger')!.click();
    http.expectOne({ method: 'DELETE', url: `/api/v1/enrollment-keys/${enrollmentKey().id}` }).flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);
    keysRequest().flush([enrollmentKey({ usable: false, revokedAt: '2026-12-04T12:00:00.000Z' })]);
    await settle(fixture);

    expect(rows('Enrollment keys')[0]?.slice(6)).toEqual(['revoked', '']);
  });

  it('should offer a technician no way to add computers, and no enrollment keys', async () => {
    await render('technician');

    expect(rows('Computers')).toHaveLength(2);
    expect(button('Add computers')).toBeUndefined();
    expect(element.querySelector('table[aria-label="Enrollment keys"]')).toBeNull();
  });

  it.each([
    ['admin' as const, 'Add computers makes an enrollment key'],
    ['technician' as const, 'An administrator adds computers'],
  ])('should say how computers arrive when none is enrolled (%s)', async (role, text) => {
    await render(role, { total: 0, items: [] });

    expect(element.querySelector('[data-testid="computers-empty"]')?.textContent).toContain(text);
  });

  it('should show the error and retry when the API fails', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ComputersPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    http.expectOne('/api/v1/tenants').flush([]);
    const failure = apiError(500, 'Database unavailable');
    computersRequest().flush(failure.body, failure.init);
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not load the computers. Database unavailable');

    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    computersRequest().flush({ total: 1, items: [computer()] });
    await settle(fixture);

    expect(rows('Computers')).toHaveLength(1);
  });

  it('should start filtered to one tenant when opened from the Tenants page', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    await signInAs(http, 'admin');
    fixture = TestBed.createComponent(ComputersPageComponent);
    fixture.componentRef.setInput('tenantId', TENANT_ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    http.expectOne('/api/v1/tenants').flush([tenant()]);
    expect(keysRequest().request.params.get('tenantId')).toBe(TENANT_ID);

    expect(computersRequest().request.params.get('tenantId')).toBe(TENANT_ID);
  });
});
