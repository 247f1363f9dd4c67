import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SessionPage } from '@entitle/domain';
import { apiError, COMPUTER_ID, DEPLOYMENT_ID, SESSION_ID, sessionSummary } from '../../../testing/fixtures';
import { settle } from '../../../testing/settle';
import { SessionsPageComponent } from './sessions-page.component';

const BASE = '/api/v1/maintenance-sessions';

describe(SessionsPageComponent.name, () => {
  let fixture: ComponentFixture<SessionsPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(query: { computerId?: string } = {}): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SessionsPageComponent);
    if (query.computerId) fixture.componentRef.setInput('computerId', query.computerId);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  const list = (): TestRequest => http.expectOne((r) => r.url === BASE);
  const rows = () =>
    Array.from(element.querySelectorAll('table[aria-label="Maintenance sessions"] tbody tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim()));
  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.trim() === label);

  afterEach(() => http.verify());

  it('should list each session with its status, computer, trigger, summary and times when the API answers', async () => {
    await render();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Loading the sessions');

    const request = list();
    expect(request.request.params.get('limit')).toBe('50');
    expect(request.request.params.has('status')).toBe(false);
    request.flush({
      total: 2,
      items: [
        sessionSummary({ id: 's2', status: 'running', phase: 'executing', summary: 'installing SentinelOne', finishedAt: null, trigger: 'deployment', deployment: { id: DEPLOYMENT_ID, label: 'Install SentinelOne' } }),
        sessionSummary({ status: 'timed_out', summary: 'the agent stopped reporting', error: 'no result within 15 min' }),
      ],
    } satisfies SessionPage);
    await settle(fixture);

    expect(rows()).toEqual([
      ['2026-12-04 10:00', 'running', 'ACME-PC1', 'Acme Dental', 'deployment Install SentinelOne', 'installing SentinelOne', '10:01:00', '—'],
      ['2026-12-04 10:00', 'timed out', 'ACME-PC1', 'Acme Dental', 'by hand', 'the agent stopped reporting no result within 15 min', '10:01:00', '10:03:00'],
    ]);
    expect(element.querySelector(`tr[data-session="${SESSION_ID}"] a`)?.getAttribute('href')).toBe(`/sessions/${SESSION_ID}`);
    expect(element.querySelector('[data-testid="sessions-range"]')?.textContent).toContain('1–2 of 2');
  });

  it('should ask for the chosen status from the first page when the filter changes', async () => {
    await render();
    list().flush({ total: 120, items: [sessionSummary()] } satisfies SessionPage);
    await settle(fixture);
    button('Older')!.click();
    expect(list().request.params.get('offset')).toBe('50');
    await settle(fixture);

    const select = element.querySelector<HTMLSelectElement>('#sessions-status')!;
    select.value = 'failed';
    select.dispatchEvent(new Event('change'));
    const filtered = list();
    expect(filtered.request.params.get('status')).toBe('failed');
    expect(filtered.request.params.has('offset')).toBe(false);
    filtered.flush({ total: 0, items: [] } satisfies SessionPage);
    await settle(fixture);

    expect(element.querySelector('[data-testid="sessions-empty"]')?.textContent).toContain('No failed session.');
  });

  it('should page through older sessions and back', async () => {
    await render();
    list().flush({ total: 60, items: Array.from({ length: 50 }, (_, i) => sessionSummary({ id: `s${i}` })) } satisfies SessionPage);
    await settle(fixture);
    expect(button('Newer')?.disabled).toBe(true);

    button('Older')!.click();
    list().flush({ total: 60, items: Array.from({ length: 10 }, (_, i) => sessionSummary({ id: `t${i}` })) } satisfies SessionPage);
    await settle(fixture);

    expect(element.querySelector('[data-testid="sessions-range"]')?.textContent).toContain('51–60 of 60');
    expect(button('Older')?.disabled).toBe(true);
    button('Newer')!.click();
    expect(list().request.params.has('offset')).toBe(false);
  });

  it('should ask only for one computer’s sessions when opened from its page', async () => {
    await render({ computerId: COMPUTER_ID });

    const request = list();
    expect(request.request.params.get('computerId')).toBe(COMPUTER_ID);
    request.flush({ total: 0, items: [] } satisfies SessionPage);
    await settle(fixture);

    expect(element.querySelector('[data-testid="sessions-narrowed"]')?.textContent).toContain('Only the sessions of one computer.');
    expect(element.querySelector('[data-testid="sessions-empty"]')?.textContent).toContain('No maintenance session yet.');
  });

  it('should show the error and retry when the API fails', async () => {
    await render();
    const failure = apiError(500, 'Database unavailable');
    list().flush(failure.body, failure.init);
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not load the sessions. Database unavailable');

    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    list().flush({ total: 1, items: [sessionSummary()] } satisfies SessionPage);
    await settle(fixture);

    expect(rows()).toHaveLength(1);
  });
});
