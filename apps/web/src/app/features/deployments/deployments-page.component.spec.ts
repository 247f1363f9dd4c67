import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { UserRole } from '@entitle/domain';
import { apiError, deployment, DEPLOYMENT_ID } from '../../../testing/fixtures';
import { signInAs } from '../../../testing/session';
import { settle } from '../../../testing/settle';
import { DeploymentsPageComponent } from './deployments-page.component';

describe(DeploymentsPageComponent.name, () => {
  let fixture: ComponentFixture<DeploymentsPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin'): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    await signInAs(http, role);
    fixture = TestBed.createComponent(DeploymentsPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  const rows = () =>
    Array.from(element.querySelectorAll('table[aria-label="Deployments"] tbody tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim()));
  const newLinks = () => Array.from(element.querySelectorAll('a')).filter((a) => a.textContent?.trim() === 'New deployment');

  afterEach(() => http.verify());

  it('should list each deployment with its software, action, target, enforcement and priority', async () => {
    await render();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Loading the deployments');

    http.expectOne('/api/v1/deployments').flush([
      deployment(),
      deployment({
        id: 'd2',
        label: 'Uninstall SentinelOne on all computers',
        action: 'uninstall',
        version: null,
        enforcement: 'adhoc',
        priority: 500,
        target: { kind: 'all' },
        targetLabel: 'all computers',
      }),
    ]);
    await settle(fixture);

    expect(rows()).toEqual([
      ['Install SentinelOne (latest) on tenant Acme Dental', 'SentinelOne', 'Install latest', 'tenant Acme Dental', 'Required', '100'],
      ['Uninstall SentinelOne on all computers', 'SentinelOne', 'Uninstall', 'all computers', 'Ad hoc', '500'],
    ]);
    expect(element.querySelector('table a')?.getAttribute('href')).toBe(`/deployments/${DEPLOYMENT_ID}`);
    expect(newLinks()[0]?.getAttribute('href')).toBe('/deployments/new');
  });

  it.each([
    ['admin' as const, 1, 'A deployment says which software goes to which computers'],
    ['technician' as const, 0, 'An administrator creates deployments'],
  ])('should say what to do (%s, %i buttons) when there is no deployment', async (role, buttons, text) => {
    await render(role);
    http.expectOne('/api/v1/deployments').flush([]);
    await settle(fixture);

    expect(element.querySelector('[data-testid="deployments-empty"]')?.textContent).toContain(text);
    expect(newLinks()).toHaveLength(buttons);
  });

  it('should hide New deployment from a technician', async () => {
    await render('technician');
    http.expectOne('/api/v1/deployments').flush([deployment()]);
    await settle(fixture);

    expect(rows()).toHaveLength(1);
    expect(newLinks()).toHaveLength(0);
  });

  it('should show the error and retry when the API fails', async () => {
    await render();
    const failure = apiError(500, 'Database unavailable');
    http.expectOne('/api/v1/deployments').flush(failure.body, failure.init);
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not load the deployments. Database unavailable');

    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    http.expectOne('/api/v1/deployments').flush([deployment()]);
    await settle(fixture);

    expect(rows()).toHaveLength(1);
  });
});
