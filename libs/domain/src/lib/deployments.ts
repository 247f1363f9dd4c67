/**
 * API contracts of deployments (`/api/v1/deployments`): WHAT (a software, an action and a version), WHERE (a target)
 * and HOW (enforcement), as `docs/targeting.md` defines them. Saving a deployment changes nothing on any computer:
 * it applies when a maintenance session runs.
 */
import type { ComputerKind } from './computers';
import type { Platform } from './software';

export const DEPLOYMENT_ACTIONS = ['install', 'uninstall', 'ignore'] as const;
export type DeploymentAction = (typeof DEPLOYMENT_ACTIONS)[number];
/** required: every maintenance session; onboarding: only the session at enrollment; adhoc: only a session started for it. */
export const ENFORCEMENTS = ['required', 'onboarding', 'adhoc'] as const;
export type Enforcement = (typeof ENFORCEMENTS)[number];
export const TARGET_KINDS = ['all', 'tenant', 'computer', 'contractType', 'recurringItem'] as const;
export type DeploymentTargetKind = (typeof TARGET_KINDS)[number];

/** Contract and recurring-item targets name the Halo link whose snapshot they read. */
export type DeploymentTarget =
  | { kind: 'all' }
  | { kind: 'tenant'; tenantId: string }
  | { kind: 'computer'; computerId: string }
  | { kind: 'contractType'; integrationId: string; contractTypes: string[] }
  | { kind: 'recurringItem'; integrationId: string; itemIds: number[] };

/** `POST /api/v1/deployments`, and the draft of `POST /api/v1/deployments/preview`. */
export interface DeploymentInput {
  softwareId: string;
  action: DeploymentAction;
  /** `latest` or a version of the software; only for `install` (default `latest`), null otherwise. */
  version?: string | null;
  enforcement: Enforcement;
  /** Lower wins a tie between equally specific deployments (default 100). */
  priority?: number;
  /** null or absent: every kind. */
  computerKinds?: ComputerKind[] | null;
  target: DeploymentTarget;
  notes?: string | null;
}

/** `PATCH /api/v1/deployments/:id` */
export type UpdateDeploymentRequest = Partial<DeploymentInput>;

export interface DeploymentSummary {
  id: string;
  /** A short description an admin reads in lists and reasons ("Install SentinelOne (latest) on recurring item S1-CORE"). */
  label: string;
  software: { id: string; name: string; slug: string; platform: Platform };
  action: DeploymentAction;
  version: string | null;
  enforcement: Enforcement;
  priority: number;
  computerKinds: ComputerKind[] | null;
  target: DeploymentTarget;
  /** Words for the target, with names ("tenant Acme", "Halo recurring items SentinelOne Core (77) on Main Halo"). */
  targetLabel: string;
  notes: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/v1/deployments/preview`: a draft, optionally standing in for a saved deployment being edited. */
export interface DeploymentPreviewRequest extends DeploymentInput {
  /** The saved deployment the draft replaces in the preview (editing); absent for a new one. */
  id?: string;
}

export interface PreviewComputer {
  computerId: string;
  hostname: string;
  tenantId: string;
  tenantName: string;
  kind: ComputerKind;
  /** Why the deployment covers the computer. */
  reason: string;
}

export interface PreviewShadowed extends PreviewComputer {
  /** The deployment that wins there instead. */
  winner: { id: string; label: string; action: DeploymentAction };
}

/** `GET /api/v1/deployments/:id/preview` and `POST /api/v1/deployments/preview`: resolution over the stored snapshot. */
export interface DeploymentPreview {
  asOf: string;
  /** Computers of the software's platform that were considered. */
  computersConsidered: number;
  winsTotal: number;
  shadowedTotal: number;
  /** The first `limit` of each (default 200), sorted by tenant then hostname. */
  wins: PreviewComputer[];
  shadowed: PreviewShadowed[];
  /** Things worth knowing before saving: a contract type no contract in force has, an unmapped tenant, no snapshot yet. */
  warnings: string[];
}
