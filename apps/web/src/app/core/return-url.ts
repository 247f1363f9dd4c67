/**
 * Where to go after signing in. Only paths inside this app are accepted: `returnUrl` comes from the
 * address bar, and following `//evil.example` or `https://evil.example` would make the sign-in page an
 * open redirect.
 */
export function safeReturnUrl(raw: string | null | undefined, fallback = '/'): string {
  if (!raw || !raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return fallback;
  if (raw === '/sign-in' || raw.startsWith('/sign-in?') || raw.startsWith('/sign-in/')) return fallback;
  return raw;
}
