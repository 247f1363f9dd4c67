import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SessionDetail, UserRole } from '@entitle/domain';
import { apiError, DEPLOYMENT_ID, SESSION_ID, sessionAction, sessionDetail } from '../../../testing/fixtures';
import { signInAs } from '../../../testing/session';
import { settle } from '../../../testing/settle';
import { SESSION_POLL_MS, SessionPageComponent } from './session-page.component';

const URL = `/api/v1/maintenance-sessions/${SESSION_ID}`;

const pending = sessionDetail({ status: 'pending', phase: 'waiting', summary: 'waiting for the computer to check in', startedAt: null, finishedAt: null, plan: [], actions: [] });
const running = sessionDetail({
  status: 'running',
  phase: 'executing',
  summary: 'upgrading SentinelOne',
  finishedAt: null,
  actions: [sessionAction({ status: 'running', exitCode: null, output: null, finishedAt: null })],
});

describe(SessionPageComponent.name, () => {
  let fixture: ComponentFixture<SessionPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(first: SessionDetail, role: UserRole = 'technician'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: SESSION_POLL_MS, useValue: 0 }],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(http, role);
    fixture = TestBed.createComponent(SessionPageComponent);
    fixture.componentRef.setInput('id', SESSION_ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    http.expectOne(URL).flush(first);
    await settle(fixture);
  }

  /** The poll timer (0 ms here) fires after the answer's promise settles: one more turn lets it run. */
  async function nextPoll(answer: SessionDetail): Promise<void> {
    await settle(fixture);
    http.expectOne(URL).flush(answer);
    await settle(fixture);
  }

  const text = (testId: string) => element.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
  const current = () => element.querySelector('.phases li[aria-current="step"]')?.textContent?.trim();
  const rows = (table: string) =>
    Array.from(element.querySelectorAll(`table[aria-label="${table}"] tbody tr`), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim()));
  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.trim() === label);

  afterEach(() => http.verify());

  it('should follow the session live, phase by phase, and stop asking when it ends', async () => {
    await render(pending);
    expect(text('session-status')).toBe('pending');
    expect(current()).toBe('Waiting for the computer');
    expect(text('plan-empty')).toContain('The plan is made when the computer checks in.');

    await nextPoll(running);
    expect(current()).toBe('Installing and removing');
    expect(Array.from(element.querySelectorAll('.phases li.done'), (li) => li.textContent?.trim())).toEqual(['Waiting for the computer', 'Detecting']);
    expect(text('session-summary')).toBe('upgrading SentinelOne');
    expect(rows('Actions')).toEqual([['upgrade SentinelOne 1.2.0', 'running', '—', '—', 'none yet']]);

    await nextPoll(sessionDetail());
    expect(text('session-status')).toBe('succeeded');
    expect(current()).toBe('Done');
    expect(button('Cancel session')).toBeUndefined();

    await settle(fixture);
    await settle(fixture);
    http.expectNone(URL);
  });

  it('should show the plan with what was wanted, found and done, and why', async () => {
    await render(sessionDetail());

    expect(rows('Plan').map((cells) => cells.slice(0, 6))).toEqual([['SentinelOne', 'install 1.2.0', '1.1.0', 'upgrade', '1.1.0 installed, 1.2.0 wanted', '1.2.0']]);
    const why = element.querySelector('table[aria-label="Plan"] tbody td:last-child')!;
    expect(why.textContent).toContain('tenant Acme Dental');
    expect(why.querySelector('a')?.getAttribute('href')).toBe(`/deployments/${DEPLOYMENT_ID}`);
    expect(rows('Actions').map((cells) => cells.slice(0, 4))).toEqual([['upgrade SentinelOne 1.2.0', 'succeeded', '0', '45.0 s']]);
    expect(element.querySelector('table[aria-label="Actions"] summary')?.textContent).toBe('Output (2 lines)');
    expect(element.querySelector('table[aria-label="Actions"] pre')?.textContent).toBe('Installing 1.2.0\nDone');
    expect(text('output-truncated')).toBeUndefined();
    await settle(fixture);
    http.expectNone(URL);
  });

  it('should say who started it, and not show steps as passed when it was cancelled before the computer checked in', async () => {
    await render(sessionDetail({ status: 'cancelled', trigger: 'enrollment', createdBy: 'enrollment', summary: 'cancelled by ada@example.com', startedAt: null, plan: [], actions: [] }));

    expect(element.querySelector('.page-header')?.textContent?.replace(/\s+/g, ' ')).toContain('Acme Dental · started when the computer enrolled');
    expect(element.querySelector('.page-header')?.textContent).not.toContain('by enrollment');
    expect(element.querySelectorAll('.phases li.done')).toHaveLength(0);
    expect(current()).toBe('Done');
    expect(text('plan-empty')).toBe('No plan: the session ended before the computer checked in.');
  });

  it('should say when an action’s output was cut', async () => {
    await render(sessionDetail({ status: 'failed', actions: [sessionAction({ status: 'failed', exitCode: 1603, output: 'start\n[... 90000 bytes of output left out ...]\nend', outputTruncated: true })] }));

    expect(rows('Actions')[0]?.slice(0, 3)).toEqual(['upgrade SentinelOne 1.2.0', 'failed', '1603']);
    expect(text('output-truncated')).toContain('longer than 64 KB: the middle was left out');
  });

  it('should stop asking, and drop the question on its way, when the page is closed while the session runs', async () => {
    await render(running);
    await settle(fixture);
    const inFlight = http.expectOne(URL);

    fixture.destroy();
    await settle();
    await settle();

    expect(inFlight.cancelled).toBe(true);
    http.expectNone(URL);
  });

  it('should cancel the session, ignore the poll on its way and stop asking when a technician presses Cancel', async () => {
    await render(running);
    await settle(fixture);
    const inFlight = http.expectOne(URL);

    button('Cancel session')!.click();
    expect(inFlight.cancelled).toBe(true);
    http.expectOne({ method: 'POST', url: `${URL}/cancel` }).flush(sessionDetail({ status: 'cancelled', summary: 'cancelled by ada@example.com' }));
    await settle(fixture);
    await settle(fixture);

    expect(text('session-status')).toBe('cancelled');
    expect(text('session-summary')).toBe('cancelled by ada@example.com');
    expect(button('Cancel session')).toBeUndefined();
    http.expectNone(URL);
  });

  it('should keep asking after one failed poll and say it lost touch', async () => {
    await render(running);
    await settle(fixture);
    const failure = apiError(502, 'Bad gateway');
    http.expectOne(URL).flush(failure.body, failure.init);
    await settle(fixture);
    expect(text('session-message')).toContain('Lost touch with the session for a moment.');

    await nextPoll(sessionDetail());
    expect(text('session-message')).toBeUndefined();
    expect(text('session-status')).toBe('succeeded');
  });

  it('should say the session does not exist when the API answers 404', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SessionPageComponent);
    fixture.componentRef.setInput('id', SESSION_ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    const missing = apiError(404, 'Not found');
    http.expectOne(URL).flush(missing.body, missing.init);
    await settle(fixture);

    expect(element.querySelector('[data-testid="session-not-found"]')).not.toBeNull();
  });
});
