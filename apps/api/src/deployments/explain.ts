import type { DeploymentAction, DeploymentTarget } from '@entitle/domain';

/** Names of the things deployments point at, for words an admin reads. */
export interface Names {
  tenants: Map<string, string>;
  /** Computer id -> hostname. */
  computers: Map<string, string>;
  integrations: Map<string, string>;
  /** `${integrationId}:${itemId}` -> item name. */
  items: Map<string, string>;
  /** Deployment id -> label. */
  deployments: Map<string, string>;
}

const ACTION_WORDS: Record<DeploymentAction, string> = { install: 'Install', uninstall: 'Uninstall', ignore: 'Ignore' };

export function targetLabel(t: DeploymentTarget, names: Names): string {
  switch (t.kind) {
    case 'all': return 'all computers';
    case 'tenant': return `tenant ${names.tenants.get(t.tenantId) ?? t.tenantId}`;
    case 'computer': return `computer ${names.computers.get(t.computerId) ?? t.computerId}`;
    case 'contractType': {
      const link = names.integrations.get(t.integrationId) ?? t.integrationId;
      return `Halo contract type${t.contractTypes.length === 1 ? '' : 's'} ${t.contractTypes.map((c) => `"${c}"`).join(', ')} on ${link}`;
    }
    case 'recurringItem': {
      const link = names.integrations.get(t.integrationId) ?? t.integrationId;
      const items = t.itemIds.map((id) => {
        const name = names.items.get(`${t.integrationId}:${id}`);
        return name ? `${name} (${id})` : `item ${id}`;
      });
      return `Halo recurring item${t.itemIds.length === 1 ? '' : 's'} ${items.join(', ')} on ${link}`;
    }
  }
}

/** "Install SentinelOne (latest) for Halo recurring item SentinelOne Core (77) on Main Halo". */
export function deploymentLabel(d: { action: DeploymentAction; version: string | null; target: DeploymentTarget }, softwareName: string, names: Names): string {
  const version = d.action === 'install' ? ` (${d.version ?? 'latest'})` : '';
  return `${ACTION_WORDS[d.action]} ${softwareName}${version} for ${targetLabel(d.target, names)}`;
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The resolver's reasons name deployments, tenants and computers by id (targeting.md R9 leaves the shape free);
 * an admin reads names. A reason is always shown beside its deployment, so "deployment <id> targets tenant <id> (Acme)"
 * becomes "the deployment targets tenant Acme"; other ids become the names they stand for.
 */
export function humaniseReason(text: string, names: Names): string {
  return text
    .replace(new RegExp(`tenant (${UUID.source}) \\(([^)]*)\\)`, 'g'), 'tenant $2')
    .replace(new RegExp(`^deployment ${UUID.source} targets`), 'the deployment targets')
    .replace(new RegExp(`deployment (${UUID.source})`, 'g'), (_m, id: string) => {
      const label = names.deployments.get(id);
      return label ? `deployment "${label}"` : `deployment ${id}`;
    })
    .replace(UUID, (id) => names.tenants.get(id) ?? names.computers.get(id) ?? id);
}
