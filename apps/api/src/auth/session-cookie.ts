import type { CookieOptions, Request } from 'express';

/**
 * The technician tab runs inside Halo's iframe, a third-party context: over https the cookie must be
 * `SameSite=None; Secure; Partitioned` (CHIPS) for the browser to send it there. On plain-http localhost, where
 * `Secure` cookies are not kept, `Lax` is the only setting that works.
 */
export function sessionCookieOptions(req: Request, maxAgeMs?: number): CookieOptions {
  const base: CookieOptions = { httpOnly: true, path: '/' };
  if (maxAgeMs !== undefined) base.maxAge = maxAgeMs;
  return req.secure ? { ...base, sameSite: 'none', secure: true, partitioned: true } : { ...base, sameSite: 'lax', secure: false };
}
