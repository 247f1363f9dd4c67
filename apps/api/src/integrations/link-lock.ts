import { createHash } from 'node:crypto';

/** The advisory-lock key of one link: one sync (or approval, or deletion) per link across every API process. */
export function linkLockKey(integrationId: string): string {
  return createHash('sha256').update(`entitle:sync:${integrationId}`).digest().readBigInt64BE(0).toString();
}
