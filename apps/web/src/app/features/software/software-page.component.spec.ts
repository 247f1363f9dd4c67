import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { UserRole } from '@entitle/domain';
import { apiError, software } from '../../../testing/fixtures';
import { signInAs } from '../../../testing/session';
import { settle } from '../../../testing/settle';
import { SoftwarePageComponent } from './software-page.component';

describe(SoftwarePageComponent.name, () => {
  let fixture: ComponentFixture<SoftwarePageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin'): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    await signInAs(http, role);
    fixture = TestBed.createComponent(SoftwarePageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  const rows = () =>
    Array.from(element.querySelectorAll('table[aria-label="Software"] tbody tr'), (tr) => Array.from(tr.querySelectorAll('td'), (td) => td.textContent?.replace(/\s+/g, ' ').trim()));
  const addLinks = () => Array.from(element.querySelectorAll('a')).filter((a) => a.textContent?.trim() === 'Add software');

  afterEach(() => http.verify());

  it('should list each software with its vendor, platform, latest version and deployments when the API answers', async () => {
    await render();
    expect(element.querySelector('[role="status"]')?.textContent).toContain('Loading the software');

    http.expectOne('/api/v1/software').flush([
      software({ deploymentCount: 2 }),
      software({ id: 's2', name: 'Huntress', slug: 'huntress', vendor: null, platform: 'linux', latestVersion: null, versions: [] }),
    ]);
    await settle(fixture);

    expect(rows()).toEqual([
      ['SentinelOne sentinelone', 'SentinelOne Inc.', 'Windows', '1.2.0', '2'],
      ['Huntress huntress', '', 'Linux', 'no version', '0'],
    ]);
    expect(element.querySelector('table a')?.getAttribute('href')).toBe(`/software/${software().id}`);
    expect(addLinks()[0]?.getAttribute('href')).toBe('/software/new');
  });

  it.each([
    ['admin' as const, 1, 'Add a software and a first version'],
    ['technician' as const, 0, 'An administrator adds software'],
  ])('should say what to do (%s, %i buttons) when the library is empty', async (role, buttons, text) => {
    await render(role);
    http.expectOne('/api/v1/software').flush([]);
    await settle(fixture);

    expect(element.querySelector('[data-testid="software-empty"]')?.textContent).toContain(text);
    expect(addLinks()).toHaveLength(buttons);
  });

  it('should hide Add software from a technician when there is software', async () => {
    await render('technician');
    http.expectOne('/api/v1/software').flush([software()]);
    await settle(fixture);

    expect(rows()).toHaveLength(1);
    expect(addLinks()).toHaveLength(0);
  });

  it('should show the error and retry when the API fails', async () => {
    await render();
    const failure = apiError(500, 'Database unavailable');
    http.expectOne('/api/v1/software').flush(failure.body, failure.init);
    await settle(fixture);
    expect(element.querySelector('[role="alert"]')?.textContent).toContain('Could not load the software. Database unavailable');

    element.querySelector<HTMLButtonElement>('[role="alert"] button')!.click();
    http.expectOne('/api/v1/software').flush([software()]);
    await settle(fixture);

    expect(rows()[0]?.[0]).toBe('SentinelOne sentinelone');
  });
});
