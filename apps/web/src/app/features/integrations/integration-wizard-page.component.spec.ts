import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { UserRole } from '@entitle/domain';
import { settle } from '../../../testing/settle';
import { SessionService } from '../../core/session.service';
import { API_PERMISSIONS } from './halo-setup-steps';
import { IntegrationWizardPageComponent } from './integration-wizard-page.component';
import { health, summary } from './testing-fixtures';

describe(IntegrationWizardPageComponent.name, () => {
  let fixture: ComponentFixture<IntegrationWizardPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin'): Promise<void> {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(SessionService).ensureLoaded();
    http.expectOne('/api/v1/auth/me').flush({ user: { id: 'u1', email: 'ada@example.com', name: null, role } });
    await loaded;
    fixture = TestBed.createComponent(IntegrationWizardPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  const button = (label: string) => Array.from(element.querySelectorAll('button, a')).find((b) => b.textContent?.trim() === label) as HTMLElement | undefined;
  const fill = (id: string, value: string) => {
    const input = element.querySelector<HTMLInputElement>(`#integration-${id}`)!;
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const submit = () => element.querySelector('form')!.dispatchEvent(new Event('submit'));
  const rowStatuses = () => Array.from(element.querySelectorAll('tr[data-permission]'), (row) => [row.getAttribute('data-permission'), row.getAttribute('data-status')]);

  async function fillCredentials(): Promise<void> {
    button('I have the Client ID and Secret')!.click();
    await settle(fixture);
    fill('name', ' Acme Halo ');
    fill('haloUrl', 'https://acme.halopsa.com');
    fill('clientId', 'client-1');
    fill('clientSecret', 'secret-1');
  }

  afterEach(() => http.verify());

  it('should show what to create in Halo first, with every API permission', async () => {
    await render();

    const listed = Array.from(element.querySelectorAll('table[aria-label="API permissions to grant"] tbody td:first-child'), (td) => td.textContent?.trim());
    expect(listed).toEqual(API_PERMISSIONS.map((p) => p.permission));
    expect(element.textContent).toContain('Login Type to Agent');
    expect(element.querySelector('table[aria-label="Agent permissions: Feature access"]')).not.toBeNull();
  });

  it('should say which fields are empty and send nothing when the form is submitted blank', async () => {
    await render();
    button('I have the Client ID and Secret')!.click();
    await settle(fixture);

    submit();
    await settle(fixture);

    expect(element.querySelector('#integration-haloUrl-error')?.textContent).toContain('Enter your Halo address');
    expect(element.querySelector('#integration-clientSecret-error')?.textContent).toContain('Client Secret');
    expect(element.querySelector('#integration-tenant-error')).toBeNull();
  });

  it('should create the link, then show one row per permission with the missing one red, when Halo lacks a scope', async () => {
    await render();
    await fillCredentials();
    submit();

    const create = http.expectOne({ method: 'POST', url: '/api/v1/integrations' });
    expect(create.request.body).toEqual({ name: 'Acme Halo', haloUrl: 'https://acme.halopsa.com', clientId: 'client-1', clientSecret: 'secret-1', tenant: null, authUrl: null });
    create.flush(summary());
    await settle(fixture);
    http.expectOne({ method: 'POST', url: `/api/v1/integrations/${summary().id}/health-check` }).flush(health(['edit:reporting']));
    await settle(fixture);

    expect(rowStatuses()).toEqual(API_PERMISSIONS.map((p) => [p.permission, p.permission === 'edit:reporting' ? 'missing' : 'granted']));
    expect(element.querySelector('[data-testid="health-summary"]')?.textContent).toContain('1 of 10 permissions is not granted');

    button('Check again')!.click();
    http.expectOne(`/api/v1/integrations/${summary().id}/health-check`).flush(health());
    await settle(fixture);

    expect(element.querySelector('[data-testid="health-summary"]')?.textContent).toContain('Healthy');
    expect(button('Open the link')?.getAttribute('href')).toBe(`/integrations/${summary().id}`);
  });

  it('should put the API’s messages under their inputs when it refuses the fields', async () => {
    await render();
    await fillCredentials();
    fill('haloUrl', 'acme');
    submit();

    http.expectOne({ method: 'POST', url: '/api/v1/integrations' }).flush(
      { statusCode: 400, error: 'Bad Request', code: 'validation_failed', message: 'x', errors: [{ field: 'haloUrl', message: 'must be an http(s) URL such as https://acme.halopsa.com' }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle(fixture);

    expect(element.querySelector('#integration-haloUrl-error')?.textContent).toContain('must be an http(s) URL');
    expect(element.querySelector('#integration-haloUrl')?.getAttribute('aria-invalid')).toBe('true');
    expect(element.querySelector('[data-testid="wizard-error"]')?.textContent).toContain('Check the fields below.');
  });

  it('should update the link it made, keeping the stored secret, when the credentials are saved again with an empty secret', async () => {
    await render();
    await fillCredentials();
    submit();
    http.expectOne({ method: 'POST', url: '/api/v1/integrations' }).flush(summary());
    await settle(fixture);
    http.expectOne(`/api/v1/integrations/${summary().id}/health-check`).flush({ ...health(), connected: false, ok: false, errorCode: 'invalid_credentials', error: 'Halo refused the Client ID or Secret', permissions: [] });
    await settle(fixture);
    expect(element.querySelector('[data-testid="health-summary"]')?.textContent).toContain('Halo refused the Client ID or Secret');

    button('Change the credentials')!.click();
    await settle(fixture);
    fill('clientId', 'client-2');
    submit();

    const patch = http.expectOne({ method: 'PATCH', url: `/api/v1/integrations/${summary().id}` });
    expect(patch.request.body).toEqual({ name: 'Acme Halo', haloUrl: 'https://acme.halopsa.com', clientId: 'client-2', tenant: null, authUrl: null });
    patch.flush(summary({ clientId: 'client-2' }));
    await settle(fixture);
    http.expectOne(`/api/v1/integrations/${summary().id}/health-check`).flush(health());
    await settle(fixture);

    expect(element.querySelector('[data-testid="health-summary"]')?.textContent).toContain('Healthy');
  });

  it('should say only admins connect a Halo when a technician opens it', async () => {
    await render('technician');

    expect(element.querySelector('[data-testid="admins-only"]')?.textContent).toContain('Admins only');
    expect(element.querySelector('form')).toBeNull();
  });
});
