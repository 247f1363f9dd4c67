import { TestBed } from '@angular/core/testing';
import { NonNullableFormBuilder } from '@angular/forms';
import { deployment, SOFTWARE_ID, TENANT_ID } from '../../../testing/fixtures';
import { buildDeploymentForm, type DeploymentFormValue, formValueOf, toInput } from './deployment-form';

describe(toInput.name, () => {
  const blank = (): DeploymentFormValue => TestBed.runInInjectionContext(() => buildDeploymentForm(TestBed.inject(NonNullableFormBuilder))).getRawValue();
  const filled = (overrides: Partial<DeploymentFormValue> = {}): DeploymentFormValue => ({ ...blank(), softwareId: SOFTWARE_ID, ...overrides });
  const target = (overrides: Partial<DeploymentFormValue['target']>) => ({ ...blank().target, ...overrides });

  it('should describe an install of the latest version on every computer when only the software is chosen', () => {
    expect(toInput(filled())).toEqual({
      softwareId: SOFTWARE_ID,
      action: 'install',
      version: 'latest',
      enforcement: 'required',
      priority: 100,
      computerKinds: null,
      target: { kind: 'all' },
      notes: null,
    });
  });

  it.each([
    ['no software is chosen', { softwareId: '' }],
    ['the tenant target has no tenant', { target: target({ kind: 'tenant' }) }],
    ['the computer target has no computer', { target: target({ kind: 'computer' }) }],
    ['no contract type is ticked', { target: target({ kind: 'contractType', integrationId: 'i1' }) }],
    ['no Halo link is chosen for the items', { target: target({ kind: 'recurringItem', itemIds: [77] }) }],
    ['the priority is not a whole number', { priority: 1.5 }],
    ['the priority is empty', { priority: null }],
  ])('should be incomplete when %s', (_case, overrides) => {
    expect(toInput(filled(overrides as Partial<DeploymentFormValue>))).toBeNull();
  });

  it('should send no version unless it installs, and only the ticked kinds', () => {
    const input = toInput(filled({ action: 'uninstall', version: '1.2.0', kinds: { workstation: true, server: false, portable: true } }));

    expect(input).toMatchObject({ action: 'uninstall', version: null, computerKinds: ['workstation', 'portable'] });
  });

  it('should read only the chosen kind of target', () => {
    const input = toInput(filled({ target: target({ kind: 'recurringItem', tenantId: TENANT_ID, integrationId: 'i1', itemIds: [77, 78] }) }));

    expect(input?.target).toEqual({ kind: 'recurringItem', integrationId: 'i1', itemIds: [77, 78] });
  });

  it('should give back the saved deployment when its form values are read', () => {
    const saved = deployment({ computerKinds: ['server'], notes: 'pilot', target: { kind: 'contractType', integrationId: 'i1', contractTypes: ['Managed Security'] } });

    expect(toInput(formValueOf(saved))).toEqual({
      softwareId: SOFTWARE_ID,
      action: 'install',
      version: 'latest',
      enforcement: 'required',
      priority: 100,
      computerKinds: ['server'],
      target: { kind: 'contractType', integrationId: 'i1', contractTypes: ['Managed Security'] },
      notes: 'pilot',
    });
  });
});
