import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { UserRole } from '@entitle/domain';
import { settle } from '../../../testing/settle';
import { SessionService } from '../../core/session.service';
import { IntegrationsPageComponent } from './integrations-page.component';
import { health, summary, syncRun } from './testing-fixtures';

describe(IntegrationsPageComponent.name, () => {
  let fixture: ComponentFixture<IntegrationsPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin'): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(SessionService).ensureLoaded();
    http.expectOne('/api/v1/auth/me').flush({ user: { id: 'u1', email: 'ada@example.com', name: null, role } });
    await loaded;
    fixture = TestBed.createComponent(IntegrationsPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  const connect = () => Array.from(element.querySelectorAll('a')).filter((a) => a.textContent?.trim() === 'Connect HaloPSA');
  const cells = () => Array.from(element.querySelectorAll('table[aria-label="Halo links"] tbody td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim());

  afterEach(() => http.verify());

  it.each([
    ['admin' as const, 1, 'The setup takes a few minutes'],
    ['technician' as const, 0, 'An administrator connects Halo'],
  ])('should invite a %s to connect Halo (%i buttons) when there is no link', async (role, buttons, text) => {
    await render(role);
    http.expectOne('/api/v1/integrations').flush([]);
    await settle(fixture);

    expect(element.querySelector('[data-testid="integrations-empty"]')?.textContent).toContain(text);
    expect(connect()).toHaveLength(buttons);
  });

  it('should list each link with its health and last sync when there are links', async () => {
    await render();
    http.expectOne('/api/v1/integrations').flush([
      summary({ health: health(['edit:reporting']), lastSync: syncRun({ status: 'held' }) }),
      summary({ id: 'other', name: 'Second Halo', health: null, lastSync: null }),
    ]);
    await settle(fixture);

    expect(cells()).toEqual([
      'Acme Halo', 'https://acme.halopsa.com', 'permissions missing', 'held 2026-12-04 10:00',
      'Second Halo', 'https://acme.halopsa.com', 'not checked', 'never',
    ]);
    expect(connect()[0]?.getAttribute('href')).toBe('/integrations/new');
  });

  it('should show the error and retry when the API fails', async () => {
    await render();
    http.expectOne('/api/v1/integrations').flush({ statusCode: 500, error: 'x', code: 'internal', message: 'Database unavailable' }, { status: 500, statusText: 'x' });
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not load the integrations. Database unavailable');

    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    http.expectOne('/api/v1/integrations').flush([summary()]);
    await settle(fixture);

    expect(cells()[0]).toBe('Acme Halo');
  });
});
