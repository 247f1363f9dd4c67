/** API contracts of the software library (`/api/v1/software`). Dates are ISO strings. */

export const PLATFORMS = ['windows', 'linux', 'macos'] as const;
/** Scripts are PowerShell on Windows and sh on Linux and macOS. */
export type Platform = (typeof PLATFORMS)[number];

/** The shell an agent runs a platform's scripts with. */
export function shellFor(platform: Platform): 'powershell' | 'sh' {
  return platform === 'windows' ? 'powershell' : 'sh';
}

/** A slug: lower-case letters, digits and dashes, starting with a letter or digit (`sentinelone`, `huntress-mdr`). */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Default time an install, uninstall or detection script may run before the agent stops it. */
export const DEFAULT_SCRIPT_TIMEOUT_SECONDS = 900;

/**
 * One version of a software. The detection script prints the installed version (its first non-empty line of
 * output) or nothing when the software is absent; the install and uninstall scripts end with exit code 0 on success.
 * Scripts see `ENTITLE_SOFTWARE` (the slug), `ENTITLE_VERSION` and `ENTITLE_ACTION` in their environment.
 */
export interface SoftwareVersion {
  id: string;
  version: string;
  installScript: string;
  uninstallScript: string;
  detectionScript: string;
  /** null: the default (`DEFAULT_SCRIPT_TIMEOUT_SECONDS`). */
  timeoutSeconds: number | null;
  createdAt: string;
}

export interface SoftwareSummary {
  id: string;
  name: string;
  slug: string;
  vendor: string | null;
  platform: Platform;
  notes: string | null;
  /** The highest version by version order (`compareVersions`), null when it has none yet. */
  latestVersion: string | null;
  /** Newest first by version order. */
  versions: SoftwareVersion[];
  /** How many deployments name this software. */
  deploymentCount: number;
  createdAt: string;
  updatedAt: string;
}

/** `POST /api/v1/software` */
export interface CreateSoftwareRequest {
  name: string;
  slug: string;
  vendor?: string | null;
  platform: Platform;
  notes?: string | null;
}

/** `PATCH /api/v1/software/:id` (the platform cannot change: versions' scripts are written for it). */
export type UpdateSoftwareRequest = Partial<Omit<CreateSoftwareRequest, 'platform'>>;

/** `POST /api/v1/software/:id/versions` */
export interface CreateSoftwareVersionRequest {
  version: string;
  installScript: string;
  uninstallScript: string;
  detectionScript: string;
  timeoutSeconds?: number | null;
}

/** `PATCH /api/v1/software/:id/versions/:versionId` */
export type UpdateSoftwareVersionRequest = Partial<CreateSoftwareVersionRequest>;

/**
 * Orders version strings the way people read them: dotted parts compare by their leading number (`1.10` > `1.9`),
 * a missing part counts as 0 (`2.0` = `2`), letters after the number come after the bare number (`1.1.1a` > `1.1.1`),
 * and a pre-release after a dash precedes its release (`1.2.0-beta` < `1.2.0`). Returns <0, 0 or >0.
 */
export function compareVersions(a: string, b: string): number {
  const [aMain = '', aPre] = splitPre(a.trim());
  const [bMain = '', bPre] = splitPre(b.trim());
  const ap = aMain.split('.');
  const bp = bMain.split('.');
  for (let i = 0; i < Math.max(ap.length, bp.length); i++) {
    const x = comparePart(ap[i] ?? '0', bp[i] ?? '0');
    if (x !== 0) return x;
  }
  if (aPre === undefined && bPre === undefined) return 0;
  if (aPre === undefined) return 1;
  if (bPre === undefined) return -1;
  const pa = aPre.split('.');
  const pb = bPre.split('.');
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    if (pa[i] === undefined) return -1;
    if (pb[i] === undefined) return 1;
    const x = comparePart(pa[i] as string, pb[i] as string);
    if (x !== 0) return x;
  }
  return 0;
}

/** One dotted part: its leading number (none sorts first), then the text after it (none sorts first). */
function comparePart(x: string, y: string): number {
  const [, xn = '', xs = ''] = /^(\d*)(.*)$/.exec(x) ?? [];
  const [, yn = '', ys = ''] = /^(\d*)(.*)$/.exec(y) ?? [];
  if (xn !== yn) {
    if (xn === '') return -1;
    if (yn === '') return 1;
    const d = Number(xn) - Number(yn);
    if (d !== 0) return d;
  }
  return xs < ys ? -1 : xs > ys ? 1 : 0;
}

function splitPre(v: string): [string, string | undefined] {
  const i = v.search(/[-+]/);
  return i < 0 ? [v, undefined] : [v.slice(0, i), v.slice(i + 1)];
}
