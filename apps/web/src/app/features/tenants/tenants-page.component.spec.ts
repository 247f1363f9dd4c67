import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { HaloClientEntry, TenantSummary } from '@entitle/domain';
import { settle } from '../../../testing/settle';
import { summary } from '../integrations/testing-fixtures';
import { TenantsPageComponent } from './tenants-page.component';

const LINK = summary({ name: 'Acme Halo' });
const tenant = (id: string, name: string, haloClientId: number | null): TenantSummary => ({
  id, name, mapping: haloClientId === null ? null : { integrationId: LINK.id, haloClientId }, createdAt: '2026-12-04T10:00:00.000Z', updatedAt: '2026-12-04T10:00:00.000Z',
});

describe(TenantsPageComponent.name, () => {
  let fixture: ComponentFixture<TenantsPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(TenantsPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  const rows = () =>
    Array.from(element.querySelectorAll('table[aria-label="Tenants"] tbody tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim()));

  afterEach(() => http.verify());

  it('should list each tenant with its Halo client and link when the API answers', async () => {
    await render();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Loading the tenants');

    http.expectOne('/api/v1/tenants').flush([tenant('t1', 'Acme Dental', 12), tenant('t2', 'Walk-in customers', null)]);
    http.expectOne('/api/v1/integrations').flush([LINK]);
    await settle(fixture);
    http.expectOne(`/api/v1/integrations/${LINK.id}/clients`).flush([{ haloClientId: 12, name: 'Acme Dental Ltd', inactive: false, missingFromHalo: false, tenant: { id: 't1', name: 'Acme Dental' } }] satisfies HaloClientEntry[]);
    await settle(fixture);

    expect(rows()).toEqual([
      ['Acme Dental', 'Acme Dental Ltd #12', 'Acme Halo'],
      ['Walk-in customers', 'not mapped', ''],
    ]);
    expect(element.querySelector('[data-testid="tenants-summary"]')?.textContent).toContain('2 tenants · 1 mapped to Halo');
  });

  it('should point to the integrations when there is no tenant yet', async () => {
    await render();
    http.expectOne('/api/v1/tenants').flush([]);
    http.expectOne('/api/v1/integrations').flush([]);
    await settle(fixture);

    expect(element.querySelector('[data-testid="tenants-empty"]')?.textContent).toContain('Clients tab');
  });

  it('should show the error and retry when the API fails', async () => {
    await render();
    http.expectOne('/api/v1/tenants').flush({ statusCode: 500, error: 'x', code: 'internal', message: 'Database unavailable' }, { status: 500, statusText: 'x' });
    http.expectOne('/api/v1/integrations').flush([]);
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not load the tenants. Database unavailable');

    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    http.expectOne('/api/v1/tenants').flush([tenant('t2', 'Walk-in customers', null)]);
    http.expectOne('/api/v1/integrations').flush([]);
    await settle(fixture);

    expect(rows()).toEqual([['Walk-in customers', 'not mapped', '']]);
  });
});
