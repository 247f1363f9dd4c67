import { createHmac, randomBytes } from 'node:crypto';

/** Resource scope areas of Halo's API applications (halo-api.md §1.2, PS module validator). */
export const SCOPE_AREAS = ['tickets', 'calendar', 'customers', 'crm', 'timesheets', 'contracts', 'suppliers', 'items', 'projects', 'sales',
  'quotes', 'sos', 'pos', 'invoices', 'reporting', 'software', 'softwarelicensing', 'kb', 'assets'] as const;
const OTHER_SCOPES = ['admin', 'access:chat', 'access:adpasswordreset', 'editMine:timesheets'];

export function isKnownScope(scope: string): boolean {
  if (scope === 'all' || scope === 'all:standard' || OTHER_SCOPES.includes(scope)) return true;
  const [verb, area] = scope.split(':');
  return (verb === 'read' || verb === 'edit') && (SCOPE_AREAS as readonly string[]).includes(area);
}

/**
 * Expands scope tokens into the set of concrete `read:X`/`edit:X` grants. `all` grants everything, reporting
 * included; `all:standard` everything but reporting (halo-api.md §1.2: reporting scopes are separate).
 * `edit:X` implies `read:X`.
 */
export function expandScopes(scopes: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const scope of scopes) {
    if (scope === 'all' || scope === 'all:standard') {
      for (const area of SCOPE_AREAS) {
        if (scope === 'all:standard' && area === 'reporting') continue;
        out.add(`read:${area}`).add(`edit:${area}`);
      }
    } else if (scope.startsWith('edit:')) {
      out.add(scope).add(`read:${scope.slice(5)}`);
    } else {
      out.add(scope);
    }
  }
  return out;
}

export interface Application {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export interface IssuedToken {
  clientId: string;
  grants: Set<string>;
  expiresAt: number;
}

export type TokenOutcome =
  | { ok: true; body: Record<string, string | number> }
  | { ok: false; status: number; body: { error: string; error_description: string } };

export class AuthServer {
  private readonly applications = new Map<string, Application>();
  private readonly tokens = new Map<string, IssuedToken>();
  private readonly signingKey = randomBytes(32);
  /**
   * Lifetime a new token really has. It equals `expires_in` (`advertisedTtlSeconds`) unless the
   * `tokenTtlSeconds` fault shortens it, which is how early expiry is simulated.
   */
  tokenTtlSeconds: number;

  constructor(readonly now: () => number, readonly advertisedTtlSeconds: number) {
    this.tokenTtlSeconds = advertisedTtlSeconds;
  }

  setApplication(app: Application): void {
    for (const scope of app.scopes) if (!isKnownScope(scope)) throw new Error(`unknown scope ${scope}`);
    this.applications.set(app.clientId, app);
  }

  expireAll(): number {
    const count = this.tokens.size;
    this.tokens.clear();
    return count;
  }

  get issuedCount(): number {
    return this.tokens.size;
  }

  /** The client-credentials grant (halo-api.md §1.2). */
  issue(form: URLSearchParams): TokenOutcome {
    const grantType = form.get('grant_type');
    if (grantType !== 'client_credentials') {
      return { ok: false, status: 400, body: { error: 'unsupported_grant_type', error_description: `The grant type '${grantType ?? ''}' is not supported.` } };
    }
    const app = this.applications.get(form.get('client_id') ?? '');
    if (!app || app.clientSecret !== (form.get('client_secret') ?? '')) {
      return { ok: false, status: 401, body: { error: 'invalid_client', error_description: 'The client application is not valid or the secret is wrong.' } };
    }
    const requested = (form.get('scope') ?? 'all').split(/\s+/).filter((s) => s !== '');
    const appGrants = expandScopes(app.scopes);
    let grants: Set<string>;
    if (requested.length === 0 || requested.includes('all')) {
      grants = appGrants;
    } else {
      for (const scope of requested) {
        const ok = isKnownScope(scope) && [...expandScopes([scope])].every((g) => appGrants.has(g));
        if (!ok) return { ok: false, status: 400, body: { error: 'invalid_scope', error_description: `The specified 'scope' is invalid: ${scope}` } };
      }
      grants = expandScopes(requested);
    }
    const expiresAt = this.now() + this.tokenTtlSeconds * 1000;
    const accessToken = this.jwt({ client_id: app.clientId, scope: [...grants].join(' '), exp: Math.floor(expiresAt / 1000) });
    this.tokens.set(accessToken, { clientId: app.clientId, grants, expiresAt });
    return {
      ok: true,
      body: {
        token_type: 'Bearer', access_token: accessToken, expires_in: this.advertisedTtlSeconds, scope: [...grants].sort().join(' '),
        id_token: this.jwt({ name: 'API Agent', email: 'api@msp.example', agent_id: 1 }),
        refresh_token: randomBytes(24).toString('hex'),
      },
    };
  }

  verify(authorization: string | undefined): IssuedToken | null {
    const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
    if (!match) return null;
    const token = this.tokens.get(match[1].trim());
    if (!token) return null;
    if (token.expiresAt <= this.now()) {
      this.tokens.delete(match[1].trim());
      return null;
    }
    return token;
  }

  private jwt(payload: Record<string, unknown>): string {
    const encode = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
    const body = `${encode({ alg: 'HS256', typ: 'JWT' })}.${encode({ ...payload, iat: Math.floor(this.now() / 1000), jti: randomBytes(8).toString('hex') })}`;
    return `${body}.${createHmac('sha256', this.signingKey).update(body).digest('base64url')}`;
  }
}
