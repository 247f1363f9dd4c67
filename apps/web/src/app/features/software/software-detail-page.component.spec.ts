import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { SoftwareSummary, UserRole } from '@entitle/domain';
import { apiError, software, SOFTWARE_ID, version } from '../../../testing/fixtures';
import { signInAs } from '../../../testing/session';
import { settle } from '../../../testing/settle';
import { SoftwareDetailPageComponent } from './software-detail-page.component';

@Component({ template: 'list', changeDetection: ChangeDetectionStrategy.OnPush })
class ListStubComponent {}

const URL = `/api/v1/software/${SOFTWARE_ID}`;

describe(SoftwareDetailPageComponent.name, () => {
  let fixture: ComponentFixture<SoftwareDetailPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin', answer: SoftwareSummary = software()): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'software', component: ListStubComponent }])],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(http, role);
    fixture = TestBed.createComponent(SoftwareDetailPageComponent);
    fixture.componentRef.setInput('id', SOFTWARE_ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    http.expectOne(URL).flush(answer);
    await settle(fixture);
  }

  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.trim() === label);
  const field = (id: string) => element.querySelector<HTMLInputElement & HTMLTextAreaElement>(`#${id}`)!;
  const type = (id: string, value: string) => {
    field(id).value = value;
    field(id).dispatchEvent(new Event('input'));
  };
  const versions = () => Array.from(element.querySelectorAll('table[aria-label="Versions"] tbody tr[data-version] td:first-child'), (td) => td.textContent?.replace(/\s+/g, ' ').trim());

  afterEach(() => http.verify());

  it('should show the details and each version, with the scripts on demand', async () => {
    await render('admin', software({ versions: [version({ id: 'v2', version: '1.2.0' }), version({ id: 'v1', version: '1.1.0', timeoutSeconds: 120 })] }));

    expect(element.querySelector('h1')?.textContent).toBe('SentinelOne');
    expect(element.querySelector('.page-header')?.textContent).toContain('scripts in PowerShell');
    expect(versions()).toEqual(['1.2.0 latest', '1.1.0']);
    expect(element.querySelector('tr[data-version="1.1.0"]')?.textContent).toContain('120 s');

    element.querySelector<HTMLButtonElement>('tr[data-version="1.1.0"] button')!.click();
    await settle(fixture);

    expect(element.querySelector('tr[data-scripts="1.1.0"]')?.textContent).toContain('msiexec /i agent.msi /qn');
    expect(element.querySelector('tr[data-scripts="1.1.0"] h3')?.textContent).toBe('Install (PowerShell)');
  });

  it('should add a version with its three scripts and show it when the admin saves it', async () => {
    await render('admin', software({ platform: 'linux', versions: [], latestVersion: null }));
    expect(element.querySelector('[data-testid="no-versions"]')).not.toBeNull();

    button('Add a version')!.click();
    await settle(fixture);
    expect(element.querySelector('label[for="version-installScript"]')?.textContent).toBe('Install script (sh)');
    expect(element.querySelector('[data-testid="script-help"]')?.textContent).toContain('ENTITLE_ACTION');
    expect(element.querySelector('[data-testid="script-help"]')?.textContent).toContain('prints the installed version');
    type('version-version', '2.0.1');
    type('version-installScript', 'apt-get install -y huntress');
    type('version-uninstallScript', 'apt-get remove -y huntress');
    type('version-detectionScript', "dpkg-query -W -f='${Version}' huntress 2>/dev/null");
    type('version-timeoutSeconds', '300');
    element.querySelector('form[aria-label="Add a version"]')!.dispatchEvent(new Event('submit'));

    const add = http.expectOne({ method: 'POST', url: `${URL}/versions` });
    expect(add.request.body).toEqual({
      version: '2.0.1',
      installScript: 'apt-get install -y huntress',
      uninstallScript: 'apt-get remove -y huntress',
      detectionScript: "dpkg-query -W -f='${Version}' huntress 2>/dev/null",
      timeoutSeconds: 300,
    });
    add.flush(software({ platform: 'linux', latestVersion: '2.0.1', versions: [version({ version: '2.0.1' })] }), { status: 201, statusText: 'Created' });
    await settle(fixture);

    expect(versions()).toEqual(['2.0.1 latest']);
    expect(element.querySelector('form[aria-label="Add a version"]')).toBeNull();
  });

  it('should put the API’s message under the version when it refuses a duplicate', async () => {
    await render();
    button('Edit')!.click();
    await settle(fixture);
    button('Edit')!.click();
    await settle(fixture);
    type('version-version', '1.1.0');
    element.querySelector('form[aria-label="Edit version 1.2.0"]')!.dispatchEvent(new Event('submit'));

    const patch = http.expectOne({ method: 'PATCH', url: `${URL}/versions/${version().id}` });
    expect(patch.request.body).toMatchObject({ version: '1.1.0', timeoutSeconds: null });
    const conflict = apiError(409, 'version: 1.1.0 already exists for this software', [{ field: 'version', message: 'already exists' }]);
    patch.flush(conflict.body, conflict.init);
    await settle(fixture);

    expect(element.querySelector('#version-version-error')?.textContent).toContain('already exists');
  });

  it('should save the edited details when the admin changes them', async () => {
    await render();
    button('Edit')!.click();
    await settle(fixture);
    type('software-vendor', '');
    type('software-notes', 'Needs the site token.');
    element.querySelector('form[aria-label="Edit the software"]')!.dispatchEvent(new Event('submit'));

    const patch = http.expectOne({ method: 'PATCH', url: URL });
    expect(patch.request.body).toEqual({ name: 'SentinelOne', slug: 'sentinelone', vendor: null, notes: 'Needs the site token.' });
    patch.flush(software({ vendor: null, notes: 'Needs the site token.' }));
    await settle(fixture);

    expect(element.querySelector('.facts')?.textContent).toContain('Needs the site token.');
  });

  it('should say deployments use it when deleting is refused with 409', async () => {
    await render('admin', software({ deploymentCount: 1 }));

    button('Delete software')!.click();
    await settle(fixture);
    button('Delete')!.click();
    const conflict = apiError(409, 'SentinelOne is used by 1 deployment(s): delete or change them first');
    http.expectOne({ method: 'DELETE', url: URL }).flush(conflict.body, conflict.init);
    await settle(fixture);

    expect(element.querySelector('[data-testid="software-message"]')?.textContent).toContain('Could not delete SentinelOne. SentinelOne is used by 1 deployment(s): delete or change them first');
  });

  it('should go back to the list when the software is deleted', async () => {
    await render();

    button('Delete software')!.click();
    await settle(fixture);
    button('Delete')!.click();
    http.expectOne({ method: 'DELETE', url: URL }).flush(null, { status: 204, statusText: 'No Content' });
    await settle(fixture);

    expect(TestBed.inject(Router).url).toBe('/software');
  });

  it('should show the scripts without any button that changes them when a technician opens it', async () => {
    await render('technician');

    expect(button('Scripts')).toBeDefined();
    for (const label of ['Edit', 'Add a version', 'Delete software', 'Delete']) expect(button(label)).toBeUndefined();
  });

  it('should say the software does not exist when the API answers 404', async () => {
    TestBed.configureTestingModule({ providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])] });
    http = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SoftwareDetailPageComponent);
    fixture.componentRef.setInput('id', SOFTWARE_ID);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
    const missing = apiError(404, 'Not found');
    http.expectOne(URL).flush(missing.body, missing.init);
    await settle(fixture);

    expect(element.querySelector('[data-testid="software-not-found"]')).not.toBeNull();
  });
});
