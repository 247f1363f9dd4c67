import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { ComputerSummary, DesiredState, SessionPage, StartSessionsResponse, UserRole } from '@entitle/domain';
import { apiError, COMPUTER_ID, computer, DEPLOYMENT_ID, desiredEntry, inventoryEntry, SESSION_ID, sessionSummary } from '../../../testing/fixtures';
import { signInAs } from '../../../testing/session';
import { settle } from '../../../testing/settle';
import { ComputerPageComponent } from './computer-page.component';

@Component({ template: 'elsewhere', changeDetection: ChangeDetectionStrategy.OnPush })
class StubComponent {}

const URL = `/api/v1/computers/${COMPUTER_ID}`;
const DESIRED: DesiredState = {
  computerId: COMPUTER_ID,
  asOf: '2026-12-04',
  entries: [
    desiredEntry({
      reason: 'contract MSC-24 (Managed Security) in force',
      deployment: { id: DEPLOYMENT_ID, label: 'Install SentinelOne (latest) on contract type Managed Security' },
      shadowed: [{ id: 'd-all', label: 'Uninstall SentinelOne on all computers' }],
      detected: { version: '1.1.0', detectedAt: '2026-12-04T09:00:00.000Z' },
    }),
    desiredEntry({ softwareId: 's2', software: 'huntress', softwareName: 'Huntress', action: 'ignore', version: null, resolvedVersion: null, enforcement: 'adhoc', reason: 'computer ACME-PC1', deployment: { id: 'd-ex', label: 'Ignore Huntress on ACME-PC1' } }),
  ],
};

describe(ComputerPageComponent.name, () => {
  let fixture: ComponentFixture<ComputerPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin', answer: ComputerSummary = computer()): Promise<void> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sessions/:id', component: StubComponent },
          { path: 'computers', component: StubComponent },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(http, role);
    fixture = TestBed.createComponent(ComputerPageComponent);
    fixture.componentRef.setInput('id', COMPUTER_ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    http.expectOne(URL).flush(answer);
    await settle(fixture);
    http.expectOne(`${URL}/desired-state`).flush(DESIRED);
    http.expectOne(`${URL}/inventory`).flush([inventoryEntry(), inventoryEntry({ softwareId: 's2', softwareName: 'Huntress', version: null })]);
    sessionsRequest().flush({ total: 1, items: [sessionSummary()] } satisfies SessionPage);
    if (role === 'admin') http.expectOne(`${URL}/halo-sites`).flush([{ id: 30, name: 'HQ' }, { id: 31, name: 'Branch' }]);
    await settle(fixture);
  }

  const sessionsRequest = (): TestRequest => http.expectOne((r) => r.method === 'GET' && r.url === '/api/v1/maintenance-sessions');
  const rows = (table: string) =>
    Array.from(element.querySelectorAll(`table[aria-label="${table}"] tbody tr`), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim()));
  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.trim() === label);
  /** The first facts list as term → description. */
  const facts = () =>
    Object.fromEntries(Array.from(element.querySelectorAll('.facts')[0]?.querySelectorAll('dt') ?? [], (dt) => [dt.textContent?.trim(), dt.nextElementSibling?.textContent?.trim()]));

  afterEach(() => http.verify());

  it('should show the facts, what it should have with why, what detection found and its sessions', async () => {
    await render();

    expect(element.querySelector('h1')?.textContent?.trim()).toBe('ACME-PC1');
    expect(element.querySelector('[data-testid="online"]')?.textContent).toBe('online');
    expect(facts()).toMatchObject({
      'Operating system': 'Windows 11 Pro 23H2',
      Serial: 'SN-1001',
      'Hardware ID': '4C4C4544-0042-3510-8051-B4C04F4E3232',
      'Logged-in user': 'ACME\\dora',
      Agent: '0.1.0',
      'Last seen': '2026-12-04 10:05:00',
      Online: 'yes',
    });
    expect(rows('Desired state')).toEqual([
      [
        'SentinelOne', 'install latest (1.2.0)', 'required', 'Install SentinelOne (latest) on contract type Managed Security',
        'contract MSC-24 (Managed Security) in force', 'Uninstall SentinelOne on all computers', '1.1.0 2026-12-04 09:00',
      ],
      ['Huntress', 'ignore', 'adhoc', 'Ignore Huntress on ACME-PC1', 'computer ACME-PC1', 'none', 'not detected yet'],
    ]);
    expect(element.querySelector('tr[data-software="sentinelone"] td:nth-child(4) a')?.getAttribute('href')).toBe(`/deployments/${DEPLOYMENT_ID}`);
    expect(element.querySelector('tr[data-software="sentinelone"] td:nth-child(6) a')?.getAttribute('href')).toBe('/deployments/d-all');
    expect(rows('Detected software')).toEqual([
      ['SentinelOne', '1.1.0', '2026-12-04 10:00'],
      ['Huntress', 'absent', '2026-12-04 10:00'],
    ]);
    expect(rows('Maintenance sessions')[0]?.[1]).toBe('succeeded');
  });

  it('should ask for this computer’s ten latest sessions', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ComputerPageComponent);
    fixture.componentRef.setInput('id', COMPUTER_ID);
    await settle(fixture);
    http.expectOne(URL).flush(computer());
    await settle(fixture);
    http.expectOne(`${URL}/desired-state`).flush({ ...DESIRED, entries: [] });
    http.expectOne(`${URL}/inventory`).flush([]);

    const request = sessionsRequest();
    expect(request.request.params.get('computerId')).toBe(COMPUTER_ID);
    expect(request.request.params.get('limit')).toBe('10');
    request.flush({ total: 0, items: [] });
    await settle(fixture);

    element = fixture.nativeElement as HTMLElement;
    expect(element.querySelector('[data-testid="desired-empty"]')?.textContent).toContain('No deployment covers this computer');
    expect(element.querySelector('[data-testid="inventory-empty"]')).not.toBeNull();
    expect(element.querySelector('[data-testid="sessions-empty"]')).not.toBeNull();
  });

  it.each(['admin', 'technician'] as const)('should start maintenance and open the session when a %s presses Run maintenance', async (role) => {
    await render(role);

    button('Run maintenance')!.click();
    const start = http.expectOne({ method: 'POST', url: '/api/v1/maintenance-sessions' });
    expect(start.request.body).toEqual({ computerId: COMPUTER_ID });
    start.flush({ sessions: [sessionSummary({ status: 'pending' })], skipped: [] } satisfies StartSessionsResponse, { status: 201, statusText: 'Created' });
    await settle(fixture);

    expect(TestBed.inject(Router).url).toBe(`/sessions/${SESSION_ID}`);
  });

  it('should say why no session started when one is already under way', async () => {
    await render();

    button('Run maintenance')!.click();
    http.expectOne({ method: 'POST', url: '/api/v1/maintenance-sessions' }).flush({
      sessions: [],
      skipped: [{ computerId: COMPUTER_ID, hostname: 'ACME-PC1', reason: 'a session is already pending' }],
    } satisfies StartSessionsResponse);
    await settle(fixture);

    expect(element.querySelector('[data-testid="computer-message"]')?.textContent).toContain('No session started: a session is already pending.');
    expect(element.querySelector('[data-testid="computer-message"] a')?.getAttribute('href')).toBe(`/sessions?computerId=${COMPUTER_ID}`);
  });

  it('should save the Halo site, primary user and kind an admin picks', async () => {
    await render();
    const site = element.querySelector<HTMLSelectElement>('#computer-haloSiteId')!;
    expect(Array.from(site.options, (o) => o.textContent?.trim())).toEqual(['Not set', 'HQ', 'Branch']);

    site.value = '31';
    site.dispatchEvent(new Event('change'));
    const email = element.querySelector<HTMLInputElement>('#computer-primaryUserEmail')!;
    email.value = ' dora@acme.example ';
    email.dispatchEvent(new Event('input'));
    const kind = element.querySelector<HTMLSelectElement>('#computer-kind')!;
    kind.value = 'portable';
    kind.dispatchEvent(new Event('change'));
    element.querySelector('form[aria-label="Computer settings"]')!.dispatchEvent(new Event('submit'));

    const patch = http.expectOne({ method: 'PATCH', url: URL });
    expect(patch.request.body).toEqual({ haloSiteId: 31, primaryUserEmail: 'dora@acme.example', kind: 'portable' });
    patch.flush(computer({ haloSiteId: 31, haloSiteName: 'Branch', primaryUserEmail: 'dora@acme.example', kind: 'portable' }));
    await settle(fixture);
    http.expectOne(`${URL}/desired-state`).flush(DESIRED);
    await settle(fixture);

    expect(element.querySelector('[data-testid="form-saved"]')).not.toBeNull();
    expect(element.querySelector<HTMLSelectElement>('#computer-haloSiteId')?.value).toBe('31');
  });

  it('should put the API’s message under the site when it refuses it', async () => {
    await render();
    const site = element.querySelector<HTMLSelectElement>('#computer-haloSiteId')!;
    site.value = '30';
    site.dispatchEvent(new Event('change'));
    element.querySelector('form[aria-label="Computer settings"]')!.dispatchEvent(new Event('submit'));

    const refused = apiError(400, 'Validation failed', [{ field: 'haloSiteId', message: 'is not a site of the tenant’s Halo client' }]);
    http.expectOne({ method: 'PATCH', url: URL }).flush(refused.body, refused.init);
    await settle(fixture);

    expect(element.querySelector('#computer-haloSiteId-error')?.textContent).toContain('is not a site of the tenant’s Halo client');
  });

  it('should revoke the agent after asking', async () => {
    await render();

    button('Revoke agent')!.click();
    await settle(fixture);
    expect(element.textContent).toContain('Its check-ins are refused until it enrolls again.');
    button('Revoke')!.click();
    http.expectOne({ method: 'POST', url: `${URL}/revoke-agent` }).flush(computer({ agentActive: false }));
    await settle(fixture);

    expect(element.querySelector('.page-header')?.textContent).toContain('agent revoked');
    expect(button('Revoke agent')).toBeUndefined();
  });

  it('should let a technician run maintenance but change nothing', async () => {
    await render('technician');

    expect(button('Run maintenance')).toBeDefined();
    for (const label of ['Revoke agent', 'Delete', 'Save']) expect(button(label)).toBeUndefined();
    expect(element.querySelector('form')).toBeNull();
  });

  it('should keep the page readable when the desired state cannot be resolved', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ComputerPageComponent);
    fixture.componentRef.setInput('id', COMPUTER_ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    http.expectOne(URL).flush(computer());
    await settle(fixture);
    const failure = apiError(500, 'Resolver failed');
    http.expectOne(`${URL}/desired-state`).flush(failure.body, failure.init);
    http.expectOne(`${URL}/inventory`).flush([inventoryEntry()]);
    sessionsRequest().flush({ total: 0, items: [] });
    await settle(fixture);

    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not resolve its deployments. Resolver failed');
    expect(rows('Detected software')).toHaveLength(1);

    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    http.expectOne(`${URL}/desired-state`).flush(DESIRED);
    await settle(fixture);
    expect(rows('Desired state')).toHaveLength(2);
  });

  it('should say the computer does not exist when the API answers 404', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ComputerPageComponent);
    fixture.componentRef.setInput('id', COMPUTER_ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    const missing = apiError(404, 'Not found');
    http.expectOne(URL).flush(missing.body, missing.init);
    await settle(fixture);

    expect(element.querySelector('[data-testid="computer-not-found"]')).not.toBeNull();
  });
});
