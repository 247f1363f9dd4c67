import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { SessionUser, UserRole } from '@entitle/domain';
import { settle } from '../../testing/settle';
import { SessionService } from '../core/session.service';
import { ShellComponent } from './shell.component';

@Component({ template: 'page', changeDetection: ChangeDetectionStrategy.OnPush })
class PageComponent {}

const user = (role: UserRole): SessionUser => ({ id: 'u1', email: 'sam@msp.example', name: 'Sam Tech', role });

describe(ShellComponent.name, () => {
  let harness: RouterTestingHarness;
  let http: HttpTestingController;

  async function render(role: UserRole): Promise<HTMLElement> {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'sign-in', component: PageComponent },
          { path: '', component: ShellComponent, children: [{ path: '**', component: PageComponent }] },
        ]),
      ],
    });
    http = TestBed.inject(HttpTestingController);
    const loaded = TestBed.inject(SessionService).ensureLoaded();
    http.expectOne('/api/v1/auth/me').flush({ user: user(role) });
    await loaded;
    harness = await RouterTestingHarness.create('/integrations');
    return harness.routeNativeElement!.ownerDocument.body;
  }

  const navLabels = (root: HTMLElement) =>
    Array.from(root.querySelectorAll('nav a'), (link) => link.textContent?.trim());

  it.each([
    ['admin' as const, ['Integrations', 'Tenants', 'Computers', 'Software', 'Deployments', 'Sessions', 'Audit']],
    ['technician' as const, ['Integrations', 'Tenants', 'Computers', 'Software', 'Deployments', 'Sessions']],
  ])('should show the entries a user may open when the role is %s', async (role, expected) => {
    const root = await render(role);

    expect(navLabels(root)).toEqual(expected);
    expect(root.querySelector('[data-testid="signed-in-user"]')?.textContent).toContain('Sam Tech');
    expect(root.querySelector('nav a.active')?.textContent?.trim()).toBe('Integrations');
  });

  it('should end the session and show sign-in when Sign out is pressed', async () => {
    const root = await render('admin');

    root.querySelector<HTMLButtonElement>('.account button')!.click();
    http.expectOne({ method: 'POST', url: '/api/v1/auth/logout' }).flush(null, { status: 204, statusText: 'No Content' });
    await settle();

    expect(TestBed.inject(Router).url).toBe('/sign-in');
    expect(TestBed.inject(SessionService).user()).toBeNull();
  });
});
