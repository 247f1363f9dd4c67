import type { DeploymentAction, DeploymentTargetKind, Enforcement } from '@entitle/domain';

export const ACTION_LABELS: Record<DeploymentAction, { label: string; hint: string }> = {
  install: { label: 'Install', hint: 'Install it, or upgrade it to the version chosen below.' },
  uninstall: { label: 'Uninstall', hint: 'Remove it wherever it is found.' },
  ignore: { label: 'Ignore', hint: 'Leave it alone: an exception that beats broader deployments.' },
};

export const ENFORCEMENT_LABELS: Record<Enforcement, { label: string; hint: string }> = {
  required: { label: 'Required', hint: 'Applied in every maintenance session, scheduled or by hand.' },
  onboarding: { label: 'Onboarding', hint: 'Applied only in the session that runs when a computer enrolls.' },
  adhoc: { label: 'Ad hoc', hint: 'Applied only in a session started for this deployment (Run now).' },
};

export const TARGET_LABELS: Record<DeploymentTargetKind, string> = {
  all: 'All computers',
  tenant: 'One tenant',
  computer: 'One computer',
  contractType: 'Halo contract types',
  recurringItem: 'Halo recurring items',
};
