import * as argon2 from 'argon2';
import { createHash, randomBytes } from 'node:crypto';

/** Passwords: argon2id with the library's defaults (64 MiB, t=3), as OWASP recommends. */
export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * Session cookies, API tokens and agent keys are 256 random bits, so a fast SHA-256 is enough to store them:
 * there is nothing to brute-force, and lookups stay an index hit.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function randomToken(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** A readable random password for the first admin when none is configured. */
export function randomPassword(): string {
  return randomBytes(18).toString('base64url');
}
