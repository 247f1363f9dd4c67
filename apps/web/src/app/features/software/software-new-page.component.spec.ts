import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { UserRole } from '@entitle/domain';
import { apiError, software } from '../../../testing/fixtures';
import { signInAs } from '../../../testing/session';
import { settle } from '../../../testing/settle';
import { SoftwareNewPageComponent } from './software-new-page.component';

@Component({ template: 'detail', changeDetection: ChangeDetectionStrategy.OnPush })
class DetailStubComponent {}

describe(SoftwareNewPageComponent.name, () => {
  let fixture: ComponentFixture<SoftwareNewPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  async function render(role: UserRole = 'admin'): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([{ path: 'software/:id', component: DetailStubComponent }])],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(http, role);
    fixture = TestBed.createComponent(SoftwareNewPageComponent);
    element = fixture.nativeElement as HTMLElement;
    await settle(fixture);
  }

  const input = (id: string) => element.querySelector<HTMLInputElement & HTMLSelectElement>(`#software-${id}`)!;
  const type = (id: string, value: string) => {
    input(id).value = value;
    input(id).dispatchEvent(new Event(input(id).tagName === 'SELECT' ? 'change' : 'input'));
  };
  const submit = () => element.querySelector('form')!.dispatchEvent(new Event('submit'));

  afterEach(() => http.verify());

  it('should suggest the slug from the name until the admin types one', async () => {
    await render();

    type('name', 'Huntress MDR');
    await settle(fixture);
    expect(input('slug').value).toBe('huntress-mdr');

    type('slug', 'huntress');
    type('name', 'Huntress Managed EDR');
    await settle(fixture);
    expect(input('slug').value).toBe('huntress');
  });

  it('should create the software and open its page when the form is sent', async () => {
    await render();
    type('name', ' SentinelOne ');
    type('vendor', 'SentinelOne Inc.');
    type('platform', 'linux');
    await settle(fixture);
    expect(element.querySelector('#software-platform-hint')?.textContent).toContain('Scripts run with sh');

    submit();
    const create = http.expectOne({ method: 'POST', url: '/api/v1/software' });
    expect(create.request.body).toEqual({ name: 'SentinelOne', slug: 'sentinelone', vendor: 'SentinelOne Inc.', platform: 'linux', notes: null });
    create.flush(software({ platform: 'linux' }), { status: 201, statusText: 'Created' });
    await settle(fixture);

    expect(TestBed.inject(Router).url).toBe(`/software/${software().id}`);
  });

  it('should say what is missing and send nothing when the form is blank', async () => {
    await render();

    submit();
    await settle(fixture);

    expect(element.querySelector('#software-name-error')?.textContent).toContain('Give the software a name.');
    expect(element.querySelector('#software-slug-error')?.textContent).toContain('Give it a slug');
  });

  it.each([
    ['refuses it', 400, 'must be lower-case letters, digits and dashes'],
    ['says another software has it', 409, 'already in use'],
  ])('should put the API’s message under the slug when it %s', async (_case, status, message) => {
    await render();
    type('name', 'SentinelOne');
    submit();

    const refused = apiError(status, 'Refused', [{ field: 'slug', message }]);
    http.expectOne({ method: 'POST', url: '/api/v1/software' }).flush(refused.body, refused.init);
    await settle(fixture);

    expect(element.querySelector('#software-slug-error')?.textContent).toContain(message);
    expect(input('slug').getAttribute('aria-invalid')).toBe('true');
    expect(element.querySelector('[data-testid="form-error"]')?.textContent).toContain('Check the fields below.');
  });

  it('should say only admins add software when a technician opens it', async () => {
    await render('technician');

    expect(element.querySelector('[data-testid="admins-only"]')?.textContent).toContain('Admins only');
    expect(element.querySelector('form')).toBeNull();
  });
});
