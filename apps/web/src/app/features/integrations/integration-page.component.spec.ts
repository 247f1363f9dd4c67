import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SyncRun, UserRole } from '@entitle/domain';
import { settle } from '../../../testing/settle';
import { SessionService } from '../../core/session.service';
import { IntegrationPageComponent, SYNC_POLL_MS } from './integration-page.component';
import { health, summary, syncRun } from './testing-fixtures';

const ID = summary().id;
const RUNS_URL = `/api/v1/integrations/${ID}/sync-runs`;

describe(IntegrationPageComponent.name, () => {
  let fixture: ComponentFixture<IntegrationPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin', runs: SyncRun[] = []): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: SYNC_POLL_MS, useValue: 0 }],
    });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(SessionService).ensureLoaded();
    http.expectOne('/api/v1/auth/me').flush({ user: { id: 'u1', email: 'ada@example.com', name: null, role } });
    await loaded;
    fixture = TestBed.createComponent(IntegrationPageComponent);
    fixture.componentRef.setInput('id', ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    http.expectOne(`/api/v1/integrations/${ID}`).flush(summary({ health: health() }));
    http.expectOne((r) => r.url === RUNS_URL).flush(runs);
    await settle(fixture);
  }

  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.trim() === label);
  const runsRequest = (): TestRequest => http.expectOne((r) => r.url === RUNS_URL);
  const progress = () => element.querySelector('[data-testid="sync-progress"]')?.textContent?.replace(/\s+/g, ' ').trim();

  afterEach(() => http.verify());

  it('should show the health, the custom tab URL for Halo and no sync yet when the link is new', async () => {
    await render();

    expect(element.querySelector('[data-testid="health-summary"]')?.textContent).toContain('Healthy');
    expect(element.querySelector<HTMLInputElement>('[data-testid="tab-url"]')?.value).toBe(`${location.origin}/technician-pod/psa/${ID}/ticket/$FAULTID`);
    expect(element.querySelector('[data-testid="no-syncs"]')).not.toBeNull();
  });

  it('should poll the run it started until it ends, then list it, when Sync now is pressed', async () => {
    await render();
    const running = syncRun({ status: 'running', finishedAt: null, counts: null, haloRequests: null, source: null });

    button('Sync now')!.click();
    http.expectOne({ method: 'POST', url: `/api/v1/integrations/${ID}/sync` }).flush({ run: running }, { status: 202, statusText: 'Accepted' });
    await settle(fixture);
    expect(progress()).toContain('Syncing from Halo');
    expect(button('Syncing…')?.disabled).toBe(true);

    // The poll timer (0 ms here) is queued after the answer's promise settles: one more turn lets it fire.
    await settle(fixture);
    http.expectOne(`${RUNS_URL}/${running.id}`).flush(running);
    await settle(fixture);
    await settle(fixture);
    http.expectOne(`${RUNS_URL}/${running.id}`).flush(syncRun());
    await settle(fixture);
    http.expectOne(`/api/v1/integrations/${ID}`).flush(summary({ health: health(), lastSync: syncRun() }));
    runsRequest().flush([syncRun()]);
    await settle(fixture);

    expect(progress()).toContain('succeeded 30 clients · 50 sites');
    expect(progress()).toContain('13 Halo requests');
    expect(element.querySelectorAll('table[aria-label="Recent syncs"] tbody tr')).toHaveLength(1);
    expect(button('Sync now')?.disabled).toBe(false);
  });

  it('should say why the sync did not start when the API refuses it', async () => {
    await render();

    button('Sync now')!.click();
    http.expectOne({ method: 'POST', url: `/api/v1/integrations/${ID}/sync` }).flush(
      { statusCode: 500, error: 'x', code: 'internal', message: 'Database unavailable' },
      { status: 500, statusText: 'x' },
    );
    await settle(fixture);

    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not start the sync. Database unavailable');
  });

  it.each([
    ['approve', 'Approve the sync'],
    ['discard', 'Discard it'],
  ] as const)('should %s the held sync and refresh the runs when the admin decides', async (decision, label) => {
    const held = syncRun({
      status: 'held',
      drop: { contracts: { before: 100, dropped: 60, share: 0.6 }, recurringLines: { before: 300, dropped: 3, share: 0.01 }, threshold: 0.25 },
    });
    await render('admin', [held]);
    expect(element.querySelector('[data-testid="held-sync"]')?.textContent).toContain('Contracts: 60 of 100 gone (60%)');

    button(label)!.click();
    http.expectOne({ method: 'POST', url: `${RUNS_URL}/${held.id}/${decision}` }).flush({ ...held, status: decision === 'approve' ? 'approved' : 'discarded' });
    await settle(fixture);
    http.expectOne(`/api/v1/integrations/${ID}`).flush(summary());
    runsRequest().flush([{ ...held, status: decision === 'approve' ? 'approved' : 'discarded' }]);
    await settle(fixture);

    expect(element.querySelector('[data-testid="held-sync"]')).toBeNull();
  });

  it('should offer no button that changes the link when a technician opens it', async () => {
    await render('technician', [syncRun({ status: 'held' })]);

    expect(button('Sync now')).toBeUndefined();
    expect(button('Run health check')).toBeUndefined();
    expect(button('Approve the sync')).toBeUndefined();
    expect(element.querySelector('[data-testid="held-sync"]')?.textContent).toContain('An administrator decides');
  });

  it('should say the link does not exist when the API answers 404', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(IntegrationPageComponent);
    fixture.componentRef.setInput('id', ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    http.expectOne(`/api/v1/integrations/${ID}`).flush({ statusCode: 404, error: 'x', code: 'not_found', message: 'x' }, { status: 404, statusText: 'x' });
    runsRequest().flush({ statusCode: 404, error: 'x', code: 'not_found', message: 'x' }, { status: 404, statusText: 'x' });
    await settle(fixture);

    expect(element.querySelector('[data-testid="link-not-found"]')).not.toBeNull();
  });
});
