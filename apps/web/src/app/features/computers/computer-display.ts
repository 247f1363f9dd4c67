import type { ComputerKind, EnrollmentKeySummary } from '@entitle/domain';

export const KIND_LABELS: Record<ComputerKind, string> = { workstation: 'Workstation', server: 'Server', portable: 'Portable' };

/** Why a key no longer enrolls anything, or that it still does. */
export function keyStatus(key: EnrollmentKeySummary, now: number = Date.now()): { label: string; badge: string } {
  if (key.revokedAt) return { label: 'revoked', badge: 'badge-danger' };
  if (key.usable) return { label: 'usable', badge: 'badge-success' };
  if (key.expiresAt && Date.parse(key.expiresAt) <= now) return { label: 'expired', badge: 'badge-warning' };
  if (key.maxUses !== null && key.uses >= key.maxUses) return { label: 'used up', badge: 'badge-warning' };
  return { label: 'not usable', badge: 'badge-warning' };
}
