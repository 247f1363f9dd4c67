import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import type { AuditEntry, AuditPage, UserRole } from '@entitle/domain';
import { settle } from '../../../testing/settle';
import { SessionService } from '../../core/session.service';
import { AuditPageComponent } from './audit-page.component';

function entry(n: number): AuditEntry {
  return {
    id: `e${n}`,
    at: `2026-12-04T10:${String(n).padStart(2, '0')}:00.000Z`,
    actor: { id: 'u1', email: 'ada@example.com' },
    action: 'auth.login',
    method: 'POST',
    path: '/api/v1/auth/login',
    status: 200,
    ip: '127.0.0.1',
    userAgent: 'test',
    requestId: null,
  };
}

describe(AuditPageComponent.name, () => {
  let fixture: ComponentFixture<AuditPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin'): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting()] });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(SessionService).ensureLoaded();
    http.expectOne('/api/v1/auth/me').flush({ user: { id: 'u1', email: 'ada@example.com', name: null, role } });
    await loaded;
    fixture = TestBed.createComponent(AuditPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  const auditRequest = (): TestRequest => http.expectOne((request) => request.url === '/api/v1/audit');
  const rows = () => Array.from(element.querySelectorAll('tbody tr'), (row) => row.querySelector('td')?.getAttribute('title'));
  const text = () => element.textContent?.replace(/\s+/g, ' ') ?? '';

  afterEach(() => http.verify());

  it('should show loading, then the entries with a way to older ones, when the API answers', async () => {
    await render();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Loading the audit log');

    const request = auditRequest();
    expect(request.request.params.get('limit')).toBe('50');
    expect(request.request.params.has('before')).toBe(false);
    request.flush({ items: [entry(2), entry(1)], nextBefore: 'cursor-1' } satisfies AuditPage);
    await settle(fixture);

    expect(rows()).toEqual([entry(2).at, entry(1).at]);
    expect(text()).toContain('POST /api/v1/auth/login');

    element.querySelector<HTMLButtonElement>('.pager button')!.click();
    const older = auditRequest();
    expect(older.request.params.get('before')).toBe('cursor-1');
    older.flush({ items: [entry(0)], nextBefore: null } satisfies AuditPage);
    await settle(fixture);

    expect(rows()).toEqual([entry(2).at, entry(1).at, entry(0).at]);
    expect(element.querySelector('.pager button')).toBeNull();
    expect(text()).toContain('That is the oldest entry.');
  });

  it('should say there is nothing yet when the log is empty', async () => {
    await render();
    auditRequest().flush({ items: [], nextBefore: null } satisfies AuditPage);
    await settle(fixture);

    expect(element.querySelector('[data-testid="audit-empty"]')?.textContent).toContain('Nothing recorded yet');
    expect(element.querySelector('table')).toBeNull();
  });

  it('should ask the API for matching entries when a filter is applied', async () => {
    await render();
    auditRequest().flush({ items: [entry(1)], nextBefore: null } satisfies AuditPage);
    await settle(fixture);

    const input = element.querySelector<HTMLInputElement>('input[type="search"]')!;
    input.value = '  users.create ';
    element.querySelector<HTMLFormElement>('form.filter')!.dispatchEvent(new Event('submit'));
    const filtered = auditRequest();
    expect(filtered.request.params.get('action')).toBe('users.create');
    filtered.flush({ items: [], nextBefore: null } satisfies AuditPage);
    await settle(fixture);

    expect(element.querySelector('[data-testid="audit-empty"]')?.textContent).toContain('“users.create”');
  });

  it('should show the error and retry when the API fails', async () => {
    await render();
    auditRequest().flush({ statusCode: 500, error: 'x', code: 'internal', message: 'Database unavailable' }, { status: 500, statusText: 'x' });
    await settle(fixture);

    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not load the audit log. Database unavailable');

    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    auditRequest().flush({ items: [entry(1)], nextBefore: null } satisfies AuditPage);
    await settle(fixture);

    expect(rows()).toEqual([entry(1).at]);
  });

  it.each([
    ['the user is a technician', 'technician' as const, false],
    ['the API refuses with 403', 'admin' as const, true],
  ])('should say it is for admins only when %s', async (_case, role, asksApi) => {
    await render(role);
    if (asksApi) {
      auditRequest().flush({ statusCode: 403, error: 'x', code: 'forbidden', message: 'x' }, { status: 403, statusText: 'x' });
      await settle(fixture);
    }

    expect(element.querySelector('[data-testid="admins-only"]')?.textContent).toContain('Admins only');
    expect(element.querySelector('table')).toBeNull();
  });
});
