import type { FormControl, FormGroup, NonNullableFormBuilder } from '@angular/forms';
import { Validators } from '@angular/forms';
import {
  COMPUTER_KINDS,
  type ComputerKind,
  type DeploymentAction,
  type DeploymentInput,
  type DeploymentSummary,
  type DeploymentTarget,
  type DeploymentTargetKind,
  type Enforcement,
} from '@entitle/domain';

export const DEFAULT_PRIORITY = 100;

export type TargetForm = FormGroup<{
  kind: FormControl<DeploymentTargetKind>;
  tenantId: FormControl<string>;
  computerId: FormControl<string>;
  integrationId: FormControl<string>;
  contractTypes: FormControl<string[]>;
  itemIds: FormControl<number[]>;
}>;

/** Every field of a deployment; the target keeps each kind's choice, so switching kinds back and forth loses nothing. */
export function buildDeploymentForm(fb: NonNullableFormBuilder) {
  return fb.group({
    softwareId: ['', Validators.required],
    action: ['install' as DeploymentAction],
    version: ['latest'],
    enforcement: ['required' as Enforcement],
    priority: [DEFAULT_PRIORITY as number | null, [Validators.required, Validators.pattern(/^-?\d+$/)]],
    kinds: fb.group({ workstation: [false], server: [false], portable: [false] }),
    target: fb.group({
      kind: ['all' as DeploymentTargetKind],
      tenantId: [''],
      computerId: [''],
      integrationId: [''],
      contractTypes: [[] as string[]],
      itemIds: [[] as number[]],
    }) satisfies TargetForm,
    notes: [''],
  });
}

export type DeploymentForm = ReturnType<typeof buildDeploymentForm>;
export type DeploymentFormValue = ReturnType<DeploymentForm['getRawValue']>;
export type TargetFormValue = DeploymentFormValue['target'];

/** The target the form describes, or null while it lacks a choice (no tenant picked, no contract type ticked). */
export function toTarget(t: TargetFormValue): DeploymentTarget | null {
  switch (t.kind) {
    case 'all':
      return { kind: 'all' };
    case 'tenant':
      return t.tenantId ? { kind: 'tenant', tenantId: t.tenantId } : null;
    case 'computer':
      return t.computerId ? { kind: 'computer', computerId: t.computerId } : null;
    case 'contractType':
      return t.integrationId && t.contractTypes.length ? { kind: 'contractType', integrationId: t.integrationId, contractTypes: t.contractTypes } : null;
    case 'recurringItem':
      return t.integrationId && t.itemIds.length ? { kind: 'recurringItem', integrationId: t.integrationId, itemIds: t.itemIds } : null;
  }
}

/** The deployment the form describes, or null while it is incomplete: then there is nothing to preview or save. */
export function toInput(v: DeploymentFormValue): DeploymentInput | null {
  const target = toTarget(v.target);
  const priority = v.priority === null || `${v.priority}`.trim() === '' ? NaN : Number(v.priority);
  if (!v.softwareId || !target || !Number.isInteger(priority)) return null;
  const kinds = COMPUTER_KINDS.filter((k) => v.kinds[k]);
  return {
    softwareId: v.softwareId,
    action: v.action,
    version: v.action === 'install' ? v.version || 'latest' : null,
    enforcement: v.enforcement,
    priority,
    computerKinds: kinds.length ? kinds : null,
    target,
    notes: v.notes.trim() || null,
  };
}

/** A saved deployment as form values, to edit it. */
export function formValueOf(d: DeploymentSummary): DeploymentFormValue {
  const kinds = (kind: ComputerKind) => !!d.computerKinds?.includes(kind);
  const t = d.target;
  return {
    softwareId: d.software.id,
    action: d.action,
    version: d.version ?? 'latest',
    enforcement: d.enforcement,
    priority: d.priority,
    kinds: { workstation: kinds('workstation'), server: kinds('server'), portable: kinds('portable') },
    target: {
      kind: t.kind,
      tenantId: t.kind === 'tenant' ? t.tenantId : '',
      computerId: t.kind === 'computer' ? t.computerId : '',
      integrationId: t.kind === 'contractType' || t.kind === 'recurringItem' ? t.integrationId : '',
      contractTypes: t.kind === 'contractType' ? [...t.contractTypes] : [],
      itemIds: t.kind === 'recurringItem' ? [...t.itemIds] : [],
    },
    notes: d.notes ?? '',
  };
}
