/**
 * The API permissions the integration needs (seed-halopsa-integration.txt, "API Permissions"), how each is
 * probed without side effects, and what the Halo admin must change when one is missing.
 */
export type PermissionProbe =
  /** A list GET with count=1: proves application scope and agent role together. */
  | { kind: 'read'; path: string }
  /** POST /Report with a constant SELECT and `_loadreportonly`: runs nothing against data, saves nothing. */
  | { kind: 'report' }
  /** Write scopes: any real write probe could change data on a Halo that ignores `_validateonly`, so the
   * evidence is the `scope` granted in the token response (application scopes only, not the agent role). */
  | { kind: 'scope-claim' };

export interface PermissionDefinition {
  permission: string;
  probe: PermissionProbe;
  /** What the admin does in Halo when it is missing. */
  fix: string;
  /** What the integration loses without it. */
  neededFor: string;
}

const APP = 'Configuration > Integrations > Halo API > Applications > (this application) > Permissions';

function fix(permission: string, role: string): string {
  return `In Halo, ${APP}: enable "${permission}". Also give the agent the application logs in as ${role}.`;
}

export const REQUIRED_PERMISSIONS: readonly PermissionDefinition[] = [
  { permission: 'read:customers', probe: { kind: 'read', path: '/Client' }, fix: fix('read:customers', 'Clients and Users Access Level "Read Only" and "Allow use of all Customers"'), neededFor: 'clients, sites and users' },
  { permission: 'read:contracts', probe: { kind: 'read', path: '/ClientContract' }, fix: fix('read:contracts', 'Client Contracts Access Level "Read Only"'), neededFor: 'contract-type targeting' },
  { permission: 'read:items', probe: { kind: 'read', path: '/Item' }, fix: fix('read:items', 'Items Access Level "Read Only"'), neededFor: 'recurring-item targeting' },
  { permission: 'edit:items', probe: { kind: 'scope-claim' }, fix: fix('edit:items', 'Items Access Level "Read Only"') + ' Halo before 2.99 will not list items without edit:items (halo-api.md §7.1).', neededFor: 'listing items on Halo before 2.99' },
  { permission: 'edit:reporting', probe: { kind: 'report' }, fix: fix('edit:reporting', 'Reporting Access Level "Read and Modify"'), neededFor: 'bulk reads through one report instead of hundreds of requests' },
  { permission: 'read:invoices', probe: { kind: 'read', path: '/RecurringInvoice' }, fix: fix('read:invoices', 'Invoices and Billing Details Access Level "Read Only"'), neededFor: 'recurring-invoice lines' },
  { permission: 'read:software', probe: { kind: 'read', path: '/SoftwareLicence' }, fix: fix('read:software', 'access to Software Licences'), neededFor: 'software licences' },
  { permission: 'read:tickets', probe: { kind: 'read', path: '/Tickets' }, fix: fix('read:tickets', 'Tickets Access Level "Read Only" and "Can view Unassigned Tickets" / "assigned to other Agents"'), neededFor: 'the Technician Tools ticket tab' },
  { permission: 'read:assets', probe: { kind: 'read', path: '/Asset' }, fix: fix('read:assets', 'Assets Access Level "Read and Modify"'), neededFor: 'matching computers to Halo assets' },
  { permission: 'edit:assets', probe: { kind: 'scope-claim' }, fix: fix('edit:assets', 'Assets Access Level "Read and Modify"'), neededFor: 'pushing computers to Halo as assets' },
];

/** The permission each REST resource needs, so a 401/403 names it (halo-api.md §4 table, §1.2). */
export const RESOURCE_PERMISSIONS: Record<string, string> = {
  client: 'read:customers',
  site: 'read:customers',
  users: 'read:customers',
  clientcontract: 'read:contracts',
  recurringinvoice: 'read:invoices',
  invoice: 'read:invoices',
  item: 'read:items',
  asset: 'read:assets',
  assettype: 'read:assets',
  tickets: 'read:tickets',
  softwarelicence: 'read:software',
  report: 'edit:reporting',
};

/** `edit:X` implies `read:X`; `all` grants everything except the separate reporting scopes are also covered. */
export function scopeCovers(granted: readonly string[], permission: string): boolean {
  if (granted.includes(permission) || granted.includes('all')) return true;
  const [verb, area] = permission.split(':');
  if (verb === 'read' && granted.includes(`edit:${area}`)) return true;
  // halo-api.md §1.2: "Reporting scopes are separate from all:standard".
  return granted.includes('all:standard') && area !== 'reporting';
}

export function fixFor(permission: string): string {
  return REQUIRED_PERMISSIONS.find((p) => p.permission === permission)?.fix ?? `In Halo, ${APP}: enable "${permission}".`;
}

export type PermissionStatus = 'granted' | 'missing' | 'unknown';

export interface PermissionRow {
  permission: string;
  status: PermissionStatus;
  /** Which evidence decided the status, e.g. `GET /api/Client?count=1 -> 200` or `token scope claim`. */
  evidence: string;
  /** What the admin must change in Halo; null when granted. */
  action: string | null;
  neededFor: string;
}
