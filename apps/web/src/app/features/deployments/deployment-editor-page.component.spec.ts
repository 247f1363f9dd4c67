import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, type TestRequest } from '@angular/common/http/testing';
import { ChangeDetectionStrategy, Component } from '@angular/core';
import { type ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { ContractTypeEntry, DeploymentSummary, RecurringItemEntry, StartSessionsResponse, UserRole } from '@entitle/domain';
import {
  apiError,
  COMPUTER_ID,
  computer,
  deployment,
  DEPLOYMENT_ID,
  preview,
  sessionSummary,
  software,
  SOFTWARE_ID,
  tenant,
  TENANT_ID,
  version,
} from '../../../testing/fixtures';
import { signInAs } from '../../../testing/session';
import { summary } from '../integrations/testing-fixtures';
import { DeploymentEditorPageComponent } from './deployment-editor-page.component';
import { PREVIEW_DEBOUNCE_MS } from './deployment-preview.component';

@Component({ template: 'elsewhere', changeDetection: ChangeDetectionStrategy.OnPush })
class StubComponent {}

const LINK = summary();
const SOFTWARE = [software({ versions: [version({ id: 'v2', version: '1.2.0' }), version({ id: 'v1', version: '1.1.0' })] })];
const PREVIEW_URL = '/api/v1/deployments/preview';
const DRAFT = { softwareId: SOFTWARE_ID, action: 'install', version: 'latest', enforcement: 'required', priority: 100, computerKinds: null, target: { kind: 'all' } };

describe(DeploymentEditorPageComponent.name, () => {
  let fixture: ComponentFixture<DeploymentEditorPageComponent>;
  let http: HttpTestingController;
  let element: HTMLElement;

  /** Lets timers (the debounce) run for `ms`, with every promise they release, then renders. */
  async function tick(ms = 0): Promise<void> {
    await jest.advanceTimersByTimeAsync(ms);
    fixture.detectChanges();
    await jest.advanceTimersByTimeAsync(0);
    fixture.detectChanges();
  }

  async function render(role: UserRole = 'admin', saved: DeploymentSummary | null = null): Promise<void> {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'deployments', component: StubComponent },
          { path: 'deployments/:id', component: StubComponent },
        ]),
        { provide: PREVIEW_DEBOUNCE_MS, useValue: 300 },
      ],
    });
    http = TestBed.inject(HttpTestingController);
    await signInAs(http, role);
    fixture = TestBed.createComponent(DeploymentEditorPageComponent);
    if (saved) fixture.componentRef.setInput('id', saved.id);
    element = fixture.nativeElement as HTMLElement;
    await tick();
    if (!saved && role !== 'admin') return;
    http.expectOne('/api/v1/software').flush(SOFTWARE);
    http.expectOne('/api/v1/tenants').flush([tenant(), tenant({ id: 't2', name: 'Bolt & Co' })]);
    http.expectOne('/api/v1/integrations').flush([LINK]);
    if (saved) http.expectOne(`/api/v1/deployments/${saved.id}`).flush(saved);
    await tick();
  }

  afterEach(() => {
    http.verify();
    jest.useRealTimers();
  });

  const el = <T extends HTMLElement>(selector: string) => element.querySelector<T>(selector)!;
  const choose = (id: string, value: string) => {
    const select = el<HTMLSelectElement>(`#${id}`);
    select.value = value;
    select.dispatchEvent(new Event('change'));
  };
  const type = (id: string, value: string) => {
    const input = el<HTMLInputElement>(`#${id}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  };
  const radio = (name: string) => {
    const input = Array.from(element.querySelectorAll<HTMLInputElement>('input[type="radio"]')).find((r) => r.parentElement?.textContent?.trim().startsWith(name))!;
    input.click();
  };
  const checkbox = (label: string) => Array.from(element.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')).find((c) => c.parentElement?.textContent?.includes(label))!;
  const button = (label: string) => Array.from(element.querySelectorAll('button')).find((b) => b.textContent?.trim() === label);
  const text = (testId: string) => element.querySelector(`[data-testid="${testId}"]`)?.textContent?.replace(/\s+/g, ' ').trim();
  const previewRequest = (): TestRequest => http.expectOne({ method: 'POST', url: `${PREVIEW_URL}?limit=50` });
  const submit = () => el('form[aria-label="Deployment"]').dispatchEvent(new Event('submit'));

  it('should preview the draft only after a pause in typing, with where it wins and where it is shadowed, and why', async () => {
    await render();
    expect(text('preview-incomplete')).toContain('Choose the software');
    expect(text('applies-later')).toBe('Saving changes nothing on any computer: it applies at the next maintenance session.');

    choose('deployment-softwareId', SOFTWARE_ID);
    await tick(299);
    http.expectNone({ method: 'POST', url: `${PREVIEW_URL}?limit=50` });
    await tick(1);

    const request = previewRequest();
    expect(request.request.body).toEqual(DRAFT);
    expect(text('preview-loading')).toContain('Resolving');
    request.flush(
      preview({
        winsTotal: 3,
        shadowedTotal: 1,
        shadowed: [
          {
            computerId: 'c9', hostname: 'BOLT-PC7', tenantId: 't2', tenantName: 'Bolt & Co', kind: 'workstation', reason: 'all computers',
            winner: { id: 'd-ex', label: 'Ignore SentinelOne on tenant Bolt & Co', action: 'ignore' },
          },
        ],
        warnings: ['Tenant Bolt & Co is not mapped to a Halo client.'],
      }),
    );
    await tick();

    expect(text('preview-wins')).toBe('Wins on 3 computers');
    expect(text('preview-shadowed')).toBe('shadowed on 1');
    expect(element.querySelector('ul[aria-label="Computers it wins on"]')?.textContent).toContain('tenant Acme Dental');
    expect(element.querySelector('ul[aria-label="Computers where another deployment wins"]')?.textContent).toContain('Ignore SentinelOne on tenant Bolt & Co wins there (ignore)');
    expect(text('preview-warnings')).toContain('not mapped to a Halo client');
    expect(text('preview-loading')).toBeUndefined();
  });

  it('should never let the answer to an older draft overwrite a newer one', async () => {
    await render();
    choose('deployment-softwareId', SOFTWARE_ID);
    await tick(300);
    const older = previewRequest();

    radio('One tenant');
    await tick();
    choose('deployment-tenantId', TENANT_ID);
    await tick(300);
    const newer = previewRequest();

    expect(older.cancelled).toBe(true);
    expect(newer.request.body).toEqual({ ...DRAFT, target: { kind: 'tenant', tenantId: TENANT_ID } });
    newer.flush(preview({ winsTotal: 1 }));
    await tick();
    expect(text('preview-wins')).toBe('Wins on 1 computer');
  });

  it('should ask once for a burst of changes', async () => {
    await render();
    choose('deployment-softwareId', SOFTWARE_ID);
    type('deployment-priority', '5');
    await tick(100);
    type('deployment-priority', '50');
    await tick(100);
    type('deployment-notes', 'pilot customers first');
    await tick(300);

    expect(previewRequest().request.body).toEqual({ ...DRAFT, priority: 50 });
  });

  it('should offer the contract types of the Halo link, with contracts in force and clients, and preview the ticked ones', async () => {
    await render();
    choose('deployment-softwareId', SOFTWARE_ID);
    radio('Halo contract types');
    await tick();

    expect(el<HTMLSelectElement>('#deployment-integrationId').value).toBe(LINK.id);
    http.expectOne(`/api/v1/integrations/${LINK.id}/contract-types`).flush([
      { name: 'Managed Security', contractsInForce: 12, clients: 9, contractsTotal: 14 },
      { name: 'Backup Only', contractsInForce: 0, clients: 0, contractsTotal: 2 },
    ] satisfies ContractTypeEntry[]);
    await tick(300);
    expect(text('preview-incomplete')).toBeDefined();
    expect(element.querySelector('ul[aria-label="Contract types"]')?.textContent?.replace(/\s+/g, ' ')).toContain('Managed Security · 12 in force · 9 clients');

    checkbox('Managed Security').click();
    await tick(300);

    expect(previewRequest().request.body).toEqual({ ...DRAFT, target: { kind: 'contractType', integrationId: LINK.id, contractTypes: ['Managed Security'] } });
  });

  it('should offer the recurring items with their code, clients and quantity, and preview the ticked ones', async () => {
    await render();
    choose('deployment-softwareId', SOFTWARE_ID);
    radio('Halo recurring items');
    await tick();
    http.expectOne(`/api/v1/integrations/${LINK.id}/recurring-items`).flush([
      { itemId: 77, name: 'SentinelOne Core', code: 'S1-CORE', clients: 9, totalQuantity: 250, lines: 9 },
    ] satisfies RecurringItemEntry[]);
    await tick();
    expect(element.querySelector('ul[aria-label="Recurring items"]')?.textContent?.replace(/\s+/g, ' ')).toContain('SentinelOne Core S1-CORE · 9 clients · quantity 250');

    checkbox('SentinelOne Core').click();
    await tick(300);

    expect(previewRequest().request.body).toEqual({ ...DRAFT, target: { kind: 'recurringItem', integrationId: LINK.id, itemIds: [77] } });
  });

  it('should search the computers as the admin types and target the one picked', async () => {
    await render();
    choose('deployment-softwareId', SOFTWARE_ID);
    radio('One computer');
    await tick();
    type('deployment-computer-search', 'acme');
    await tick(300);
    const search = http.expectOne((r) => r.url === '/api/v1/computers');
    expect(search.request.params.get('search')).toBe('acme');
    expect(search.request.params.get('limit')).toBe('10');
    search.flush({ total: 1, items: [computer()] });
    await tick();

    button('ACME-PC1 · Acme Dental')!.click();
    await tick(300);

    expect(text('picked-computer')).toContain('ACME-PC1');
    expect(previewRequest().request.body).toEqual({ ...DRAFT, target: { kind: 'computer', computerId: COMPUTER_ID } });
  });

  it('should offer the software’s versions only for an install', async () => {
    await render();
    choose('deployment-softwareId', SOFTWARE_ID);
    await tick();
    expect(Array.from(el<HTMLSelectElement>('#deployment-version').options, (o) => o.textContent?.trim())).toEqual(['Latest (today 1.2.0)', '1.2.0', '1.1.0']);
    choose('deployment-version', '1.1.0');
    await tick();

    radio('Uninstall');
    await tick(300);

    expect(element.querySelector('#deployment-version')).toBeNull();
    expect(previewRequest().request.body).toEqual({ ...DRAFT, action: 'uninstall', version: null });
  });

  it('should create the deployment with every field and open it', async () => {
    await render();
    choose('deployment-softwareId', SOFTWARE_ID);
    radio('Onboarding');
    checkbox('Server').click();
    radio('One tenant');
    await tick();
    choose('deployment-tenantId', 't2');
    type('deployment-notes', ' servers only ');
    await tick();

    submit();
    const create = http.expectOne({ method: 'POST', url: '/api/v1/deployments' });
    expect(create.request.body).toEqual({ ...DRAFT, enforcement: 'onboarding', computerKinds: ['server'], target: { kind: 'tenant', tenantId: 't2' }, notes: 'servers only' });
    create.flush(deployment(), { status: 201, statusText: 'Created' });
    await tick();

    expect(TestBed.inject(Router).url).toBe(`/deployments/${DEPLOYMENT_ID}`);
    await tick(300);
    previewRequest();
  });

  it('should say what is missing and send nothing when the draft is incomplete', async () => {
    await render();

    submit();
    await tick();
    expect(el('#deployment-softwareId-error').textContent).toContain('Choose the software.');

    choose('deployment-softwareId', SOFTWARE_ID);
    radio('Halo recurring items');
    await tick();
    http.expectOne(`/api/v1/integrations/${LINK.id}/recurring-items`).flush([]);
    submit();
    await tick();

    expect(el('#deployment-target-error').textContent).toContain('tick at least one recurring item');
    expect(text('form-error')).toBe('Complete the fields below.');
  });

  it('should put the API’s messages under the target and the priority when it refuses the deployment', async () => {
    await render();
    choose('deployment-softwareId', SOFTWARE_ID);
    await tick();
    submit();

    const refused = apiError(400, 'Validation failed', [
      { field: 'target.kind', message: 'an all-computer install of this software exists already' },
      { field: 'priority', message: 'must not be less than 0' },
    ]);
    http.expectOne({ method: 'POST', url: '/api/v1/deployments' }).flush(refused.body, refused.init);
    await tick();

    expect(el('#deployment-target-error').textContent).toContain('an all-computer install of this software exists already');
    expect(el('#deployment-priority-error').textContent).toContain('must not be less than 0');
    expect(el('#deployment-priority').getAttribute('aria-invalid')).toBe('true');
    expect(text('form-error')).toBe('Check the fields below.');
    await tick(300);
    previewRequest();
  });

  describe('a saved deployment', () => {
    const saved = deployment();

    async function open(role: UserRole = 'admin'): Promise<void> {
      await render(role, saved);
      await tick(300);
      http.expectOne(`/api/v1/deployments/${DEPLOYMENT_ID}/preview?limit=50`).flush(preview());
      await tick();
    }

    it('should show it in the form and preview it as saved, then as edited', async () => {
      await open();

      expect(element.querySelector('h1')?.textContent).toBe(saved.label);
      expect(el<HTMLSelectElement>('#deployment-softwareId').value).toBe(SOFTWARE_ID);
      expect(el<HTMLSelectElement>('#deployment-tenantId').value).toBe(TENANT_ID);
      expect(text('preview-wins')).toBe('Wins on 1 computer');

      type('deployment-priority', '10');
      await tick(300);

      expect(previewRequest().request.body).toEqual({ ...DRAFT, priority: 10, target: { kind: 'tenant', tenantId: TENANT_ID }, id: DEPLOYMENT_ID });
      expect(button('Run now')?.disabled).toBe(true);
    });

    it('should save the changes in place', async () => {
      await open();
      type('deployment-priority', '10');
      await tick();

      submit();
      const patch = http.expectOne({ method: 'PATCH', url: `/api/v1/deployments/${DEPLOYMENT_ID}` });
      expect(patch.request.body).toEqual({ ...DRAFT, priority: 10, target: { kind: 'tenant', tenantId: TENANT_ID }, notes: null });
      patch.flush(deployment({ priority: 10 }));
      await tick();
      await tick(300);

      expect(text('deployment-message')).toContain('Saved. It applies from the next maintenance session.');
      expect(button('Run now')?.disabled).toBe(false);
      http.expectOne(`/api/v1/deployments/${DEPLOYMENT_ID}/preview?limit=50`).flush(preview());
    });

    it('should start sessions for it when Run now is pressed', async () => {
      await open();

      button('Run now')!.click();
      const start = http.expectOne({ method: 'POST', url: '/api/v1/maintenance-sessions' });
      expect(start.request.body).toEqual({ deploymentId: DEPLOYMENT_ID });
      start.flush({
        sessions: [sessionSummary({ id: 'a' }), sessionSummary({ id: 'b' })],
        skipped: [{ computerId: 'c3', hostname: 'ACME-PC3', reason: 'a session is already running' }],
      } satisfies StartSessionsResponse);
      await tick();

      expect(text('deployment-message')).toContain('Started 2 maintenance sessions; skipped 1 (a session is already running).');
      expect(element.querySelector('[data-testid="deployment-message"] a')?.getAttribute('href')).toBe(`/sessions?deploymentId=${DEPLOYMENT_ID}`);
    });

    it('should delete it after asking, and go back to the list', async () => {
      await open();

      button('Delete')!.click();
      await tick();
      expect(element.textContent).toContain('Delete this deployment?');
      element.querySelector<HTMLButtonElement>('.header-actions .button-danger')!.click();
      http.expectOne({ method: 'DELETE', url: `/api/v1/deployments/${DEPLOYMENT_ID}` }).flush(null, { status: 204, statusText: 'No Content' });
      await tick();

      expect(TestBed.inject(Router).url).toBe('/deployments');
    });

    it('should show a technician the deployment and its preview, with Run now but nothing that changes it', async () => {
      await open('technician');

      expect(text('preview-wins')).toBe('Wins on 1 computer');
      expect(el<HTMLSelectElement>('#deployment-softwareId').disabled).toBe(true);
      expect(button('Run now')).toBeDefined();
      for (const label of ['Save changes', 'Delete']) expect(button(label)).toBeUndefined();
    });

    it('should show the name of the computer it targets', async () => {
      const onComputer = deployment({ target: { kind: 'computer', computerId: COMPUTER_ID }, targetLabel: 'computer ACME-PC1' });
      await render('admin', onComputer);
      http.expectOne(`/api/v1/computers/${COMPUTER_ID}`).flush(computer());
      await tick(300);
      http.expectOne(`/api/v1/deployments/${DEPLOYMENT_ID}/preview?limit=50`).flush(preview());
      await tick();

      expect(text('picked-computer')).toContain('ACME-PC1 Acme Dental');
    });
  });

  it('should say only admins create deployments when a technician opens a new one', async () => {
    await render('technician');

    expect(text('admins-only')).toContain('Admins only');
    expect(element.querySelector('form')).toBeNull();
  });
});
