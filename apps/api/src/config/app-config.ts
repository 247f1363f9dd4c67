/**
 * The one typed configuration of the API, parsed once from the environment at boot.
 * Nothing else in the API reads `process.env`. Boot fails listing every bad key at once, so an admin fixes them in one go.
 */
export interface AppConfig {
  port: number;
  host: string;
  databaseUrl: string;
  /** Public URL users reach Entitle at (used in links shown to admins, such as the Halo custom tab URL). */
  publicUrl: string | null;
  /** Key for AES-256-GCM encryption of Halo client secrets at rest (32 bytes, base64 or hex). */
  secretKey: Buffer;
  admin: { email: string | null; password: string | null };
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  logPretty: boolean;
  /** Folder holding the built web app (index.html); null disables serving it. */
  webDir: string | null;
  sessionTtlHours: number;
  /** Express `trust proxy`: set when Entitle runs behind a TLS-terminating proxy, so https is detected for cookies. */
  trustProxy: boolean;
  /** Origins allowed to frame Entitle (the technician tab lives in Halo's iframe). */
  frameAncestors: string[];
  /** Periodic work (syncs, scheduled sessions) runs only where this is on; a Postgres lock keeps it once per cluster. */
  cronEnabled: boolean;
  /** A sync that would drop more than this share of contracts or recurring lines is held for an admin (0 to 1). */
  syncDropThreshold: number;
  /** How often agents check in when they have no work; a computer is online when seen within two of these. */
  agentCheckInSeconds: number;
  /** A maintenance session for a computer that does not check in expires after this many hours. */
  maintenanceExpiryHours: number;
  /** Timeout of a script whose software version sets none. */
  scriptTimeoutSeconds: number;
  /** The built agent (`dist/apps/agent/entitle-agent.js`) served at `/api/v1/agent/download`; null: not served. */
  agentBundle: string | null;
  version: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const DEFAULT_FRAME_ANCESTORS = ["'self'", 'https://*.halopsa.com', 'https://*.haloitsm.com', 'https://*.haloservicedesk.com'];

type Env = Record<string, string | undefined>;

export function loadConfig(env: Env, version = '0.0.0'): AppConfig {
  const problems: string[] = [];
  const str = (key: string): string | undefined => {
    const v = env[key];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };
  const int = (key: string, fallback: number, min: number, max: number): number => {
    const raw = str(key);
    if (raw === undefined) return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${key}: must be an integer from ${min} to ${max}, got "${raw}"`);
      return fallback;
    }
    return n;
  };
  const bool = (key: string, fallback: boolean): boolean => {
    const raw = str(key);
    if (raw === undefined) return fallback;
    if (/^(1|true|yes|on)$/i.test(raw)) return true;
    if (/^(0|false|no|off)$/i.test(raw)) return false;
    problems.push(`${key}: must be true or false, got "${raw}"`);
    return fallback;
  };

  const databaseUrl = str('DATABASE_URL') ?? '';
  if (!databaseUrl) problems.push('DATABASE_URL: required (postgres://user:password@host:5432/database)');
  else if (!/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push('DATABASE_URL: must start with postgres:// or postgresql://');

  const publicUrl = str('ENTITLE_PUBLIC_URL') ?? null;
  if (publicUrl && !/^https?:\/\/[^\s/]+/.test(publicUrl)) problems.push(`ENTITLE_PUBLIC_URL: must be an http(s) URL, got "${publicUrl}"`);

  let secretKey = Buffer.alloc(0);
  const rawKey = str('ENTITLE_SECRET_KEY');
  if (!rawKey) problems.push('ENTITLE_SECRET_KEY: required, 32 random bytes as base64 or hex (openssl rand -base64 32)');
  else {
    secretKey = /^[0-9a-fA-F]{64}$/.test(rawKey) ? Buffer.from(rawKey, 'hex') : Buffer.from(rawKey, 'base64');
    if (secretKey.length !== 32) problems.push('ENTITLE_SECRET_KEY: must decode to exactly 32 bytes (openssl rand -base64 32)');
  }

  const adminEmail = str('ENTITLE_ADMIN_EMAIL') ?? null;
  const adminPassword = env['ENTITLE_ADMIN_PASSWORD'] ?? null;
  if (adminEmail && !/^[^\s@]+@[^\s@]+$/.test(adminEmail)) problems.push(`ENTITLE_ADMIN_EMAIL: not an e-mail address: "${adminEmail}"`);
  if (adminEmail && !adminPassword) problems.push('ENTITLE_ADMIN_PASSWORD: required when ENTITLE_ADMIN_EMAIL is set');
  if (!adminEmail && adminPassword) problems.push('ENTITLE_ADMIN_EMAIL: required when ENTITLE_ADMIN_PASSWORD is set');
  if (adminPassword && adminPassword.length < 12) problems.push('ENTITLE_ADMIN_PASSWORD: must be at least 12 characters');

  const logLevelRaw = (str('LOG_LEVEL') ?? 'info').toLowerCase();
  const logLevel = (LOG_LEVELS as readonly string[]).includes(logLevelRaw) ? (logLevelRaw as AppConfig['logLevel']) : 'info';
  if (logLevel !== logLevelRaw) problems.push(`LOG_LEVEL: must be one of ${LOG_LEVELS.join(', ')}, got "${logLevelRaw}"`);

  const frameAncestors = (str('ENTITLE_FRAME_ANCESTORS')?.split(/[\s,]+/).filter(Boolean)) ?? DEFAULT_FRAME_ANCESTORS;
  for (const origin of frameAncestors) {
    if (origin !== "'self'" && !/^https?:\/\/[^\s]+$/.test(origin)) problems.push(`ENTITLE_FRAME_ANCESTORS: "${origin}" is not an origin such as https://acme.halopsa.com`);
  }

  const share = (key: string, fallback: number): number => {
    const raw = str(key);
    const n = raw === undefined ? fallback : Number(raw);
    if (!Number.isFinite(n) || n < 0 || n > 1) problems.push(`${key}: must be a number from 0 to 1, got "${raw}"`);
    return Number.isFinite(n) && n >= 0 && n <= 1 ? n : fallback;
  };

  const config: AppConfig = {
    port: int('PORT', 3000, 0, 65535),
    host: str('HOST') ?? '0.0.0.0',
    databaseUrl,
    publicUrl: publicUrl?.replace(/\/+$/, '') ?? null,
    secretKey,
    admin: { email: adminEmail?.toLowerCase() ?? null, password: adminPassword },
    logLevel,
    logPretty: bool('LOG_PRETTY', false),
    webDir: str('ENTITLE_WEB_DIR') ?? null,
    sessionTtlHours: int('ENTITLE_SESSION_TTL_HOURS', 12, 1, 24 * 90),
    trustProxy: bool('ENTITLE_TRUST_PROXY', false),
    frameAncestors,
    cronEnabled: bool('ENTITLE_CRON_ENABLED', true),
    syncDropThreshold: share('ENTITLE_SYNC_DROP_THRESHOLD', 0.2),
    agentCheckInSeconds: int('ENTITLE_AGENT_CHECKIN_SECONDS', 60, 1, 3600),
    maintenanceExpiryHours: int('ENTITLE_MAINTENANCE_EXPIRY_HOURS', 24, 1, 24 * 30),
    scriptTimeoutSeconds: int('ENTITLE_SCRIPT_TIMEOUT_SECONDS', 900, 5, 24 * 3600),
    agentBundle: str('ENTITLE_AGENT_BUNDLE') ?? null,
    version,
  };
  if (problems.length) throw new ConfigError(problems);
  return config;
}

/** Nest injection token for the AppConfig object. */
export const APP_CONFIG = Symbol('APP_CONFIG');
