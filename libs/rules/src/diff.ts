// What a sync would change, before anything acts: per deployment, the computers on which it starts or stops
// winning, each with a cause found by checking the coverage evidence (the contracts and recurring lines
// named in the winner's reason) against the other snapshot.
import { parseHaloDay, type DayNumber } from './dates';
import {
  clientNotCounting,
  contractLabel,
  contractNotCounting,
  invoiceNotCounting,
  lineLabel,
  lineNotCounting,
  normaliseContractType,
  siteScope,
  type NotCounting,
} from './coverage';
import type { Computer, Deployment, HaloClient, HaloContract, HaloRecurringInvoice, HaloRecurringLine, ResolutionInput, Tenant } from './input';
import { resolve, type Reason, type Resolution, type ResolvedEntry } from './resolver';

export interface CoverageChange {
  computerId: string;
  /** The first cause, as a stable code (`contract-ended`, `line-removed`, `shadowed-by`, ...). */
  cause: string;
  /** The first cause in words. */
  text: string;
  /** Every cause found (coverage through two contracts is lost only when both stop counting). */
  causes: NotCounting[];
  /** For `shadowed-by` and `unshadowed`: the deployment that now wins, or used to. */
  otherDeploymentId?: string;
}

export interface DeploymentDiff {
  deploymentId: string;
  software: string;
  gained: CoverageChange[];
  lost: CoverageChange[];
}

export interface ResolutionDiff {
  asOfBefore: string;
  asOfAfter: string;
  gained: number;
  lost: number;
  /** Only deployments with a change, sorted by id; computers sorted by id. */
  deployments: DeploymentDiff[];
}

interface Side {
  input: ResolutionInput;
  asOf: DayNumber;
  resolution: Resolution;
  tenants: Map<string, Tenant>;
  computers: Map<string, Computer>;
  clients: Map<number, HaloClient>;
  contracts: Map<number, HaloContract>;
  invoices: Map<number, HaloRecurringInvoice>;
  lines: Map<number, { invoice: HaloRecurringInvoice; line: HaloRecurringLine }>;
  deployments: Map<string, Deployment>;
}

function side(input: ResolutionInput): Side {
  const lines = new Map<number, { invoice: HaloRecurringInvoice; line: HaloRecurringLine }>();
  for (const invoice of input.halo.recurringInvoices) for (const line of invoice.lines) lines.set(line.id, { invoice, line });
  return {
    input,
    asOf: parseHaloDay(input.asOf) as DayNumber,
    resolution: resolve(input),
    tenants: new Map(input.tenants.map((t) => [t.id, t])),
    computers: new Map(input.computers.map((c) => [c.id, c])),
    clients: new Map(input.halo.clients.map((c) => [c.id, c])),
    contracts: new Map(input.halo.contracts.map((c) => [c.id, c])),
    invoices: new Map(input.halo.recurringInvoices.map((i) => [i.id, i])),
    lines,
    deployments: new Map(input.deployments.map((d) => [d.id, d])),
  };
}

/** Codes for a gain, named after what changed: the loss code of the snapshot where coverage was missing, turned around. */
const GAINED: Record<string, string> = {
  'contract-removed': 'contract-added',
  'contract-inactive': 'contract-activated',
  'contract-ended': 'contract-renewed',
  'contract-not-started': 'contract-started',
  'client-removed': 'client-added',
  'client-inactive': 'client-reactivated',
  'tenant-unmapped': 'tenant-mapped',
  'line-removed': 'line-added',
  'line-inactive': 'line-activated',
  'line-ended': 'line-renewed',
  'line-not-started': 'line-started',
  'line-zero-quantity': 'line-quantity-raised',
  'invoice-removed': 'invoice-added',
  'invoice-disabled': 'invoice-enabled',
  'invoice-ended': 'invoice-renewed',
  'invoice-not-started': 'invoice-started',
  'invoice-contract-missing': 'invoice-contract-added',
};

function targetKey(d: Deployment): string {
  return JSON.stringify([d.software, d.target, d.computerKinds]);
}

/**
 * Why, on `s`, deployment `dep` does not cover `computerId`, given the evidence `reason` that covered it on the
 * other snapshot. Returns every cause found.
 */
function whyNotCovered(s: Side, dep: Deployment, other: Deployment, computerId: string, reason: Reason): NotCounting[] {
  const c = s.computers.get(computerId) as Computer;
  const out: NotCounting[] = [];
  if (targetKey(dep) !== targetKey(other)) out.push({ code: 'deployment-changed', text: `deployment ${dep.id} was edited (software, target or computer kinds)` });
  if (dep.computerKinds && !dep.computerKinds.includes(c.kind)) {
    out.push({ code: 'kind-changed', text: `computer ${c.id} is a ${c.kind}, and deployment ${dep.id} covers ${dep.computerKinds.join(' and ')} only` });
  }
  const t = dep.target;
  if (t.kind === 'tenant' && c.tenantId !== t.tenantId) out.push({ code: 'tenant-changed', text: `computer ${c.id} belongs to tenant ${c.tenantId}, not ${t.tenantId}` });
  if (t.kind === 'contractType' || t.kind === 'recurringItem') {
    const tenant = s.tenants.get(c.tenantId) as Tenant;
    const clientId = tenant.haloClientId;
    if (clientId === null) out.push({ code: 'tenant-unmapped', text: `tenant ${tenant.id} is not mapped to a Halo client` });
    else if (reason.haloClientId !== undefined && clientId !== reason.haloClientId) {
      out.push({ code: 'mapping-changed', text: `tenant ${tenant.id} is mapped to Halo client ${clientId}, not ${reason.haloClientId}` });
    } else {
      const why = clientNotCounting(s.clients.get(clientId), clientId);
      if (why) out.push(why);
    }
    if (clientId !== null && out.length === 0) {
      const site = siteScope(c.haloSiteId);
      const scopeWhy = (scope: number, what: string): NotCounting | null =>
        scope === 0 || scope === site ? null : { code: 'site-changed', text: `${what} covers site ${scope} only, and computer ${c.id} is at site ${c.haloSiteId ?? 'none'}` };
      if (t.kind === 'contractType') {
        const types = new Set(t.contractTypes.map(normaliseContractType));
        for (const id of reason.contractIds ?? []) {
          const k = s.contracts.get(id);
          if (!k || k.client_id !== clientId) {
            out.push({ code: 'contract-removed', text: `contract ${id} is no longer in Halo for this client` });
            continue;
          }
          const why =
            contractNotCounting(k, s.asOf) ??
            (k.contracttype_name === null || !types.has(normaliseContractType(k.contracttype_name))
              ? { code: 'contract-type-changed', text: `${contractLabel(k)} is not of type ${t.contractTypes.join(' or ')}` }
              : scopeWhy(siteScope(k.site_id), contractLabel(k)));
          if (why) out.push(why);
        }
      } else {
        const items = new Set(t.itemIds);
        for (const id of reason.lineIds ?? []) {
          const rec = s.lines.get(id);
          if (!rec || rec.invoice.client_id !== clientId) {
            const invoiceGone = (reason.recurringInvoiceIds ?? []).every((i) => s.invoices.get(i)?.client_id !== clientId);
            out.push(
              invoiceGone
                ? { code: 'invoice-removed', text: `recurring invoice ${(reason.recurringInvoiceIds ?? []).join(', ')} is no longer in Halo` }
                : { code: 'line-removed', text: `recurring invoice line ${id} was removed` },
            );
            continue;
          }
          const { invoice, line } = rec;
          const contract = invoice.contract_id !== null && invoice.contract_id > 0 ? s.contracts.get(invoice.contract_id) : undefined;
          const why =
            invoiceNotCounting(invoice, contract, s.asOf) ??
            lineNotCounting(line, s.asOf) ??
            (line._itemid === null || !items.has(line._itemid)
              ? { code: 'line-item-changed', text: `${lineLabel(line)} is now for item ${line._itemid}` }
              : scopeWhy(siteScope(contract ? contract.site_id : invoice.site_id), `recurring invoice ${invoice.id}`));
          if (why) out.push(why);
        }
      }
    }
  }
  const seen = new Set<string>();
  const unique = out.filter((n) => !seen.has(n.code + n.text) && seen.add(n.code + n.text));
  return unique.length ? unique : [{ code: 'coverage-changed', text: `the records that covered computer ${computerId} changed` }];
}

function winners(entries: readonly ResolvedEntry[] | undefined): Map<string, ResolvedEntry> {
  return new Map((entries ?? []).map((e) => [e.deploymentId, e]));
}

function change(computerId: string, causes: NotCounting[], otherDeploymentId?: string): CoverageChange {
  return { computerId, cause: causes[0].code, text: causes[0].text, causes, ...(otherDeploymentId ? { otherDeploymentId } : {}) };
}

/**
 * Compares the resolution of two inputs (typically the snapshot before and after a Halo sync) and lists, per
 * deployment, the computers on which it starts winning (`gained`) or stops winning (`lost`), and why.
 */
export function diffResolutions(before: ResolutionInput, after: ResolutionInput): ResolutionDiff {
  const b = side(before);
  const a = side(after);
  const diffs = new Map<string, DeploymentDiff>();
  const entry = (dep: Deployment): DeploymentDiff => {
    let d = diffs.get(dep.id);
    if (!d) diffs.set(dep.id, (d = { deploymentId: dep.id, software: dep.software, gained: [], lost: [] }));
    return d;
  };
  const ids = new Set([...b.computers.keys(), ...a.computers.keys()]);
  for (const computerId of ids) {
    const eb = b.resolution.computers[computerId];
    const ea = a.resolution.computers[computerId];
    const wb = winners(eb);
    const wa = winners(ea);
    for (const [depId, e] of wb) {
      if (wa.has(depId)) continue;
      const dep = b.deployments.get(depId) as Deployment;
      const now = a.deployments.get(depId);
      let causes: NotCounting[];
      let other: string | undefined;
      const winner = (ea ?? []).find((x) => x.shadowed.includes(depId));
      if (!now) causes = [{ code: 'deployment-removed', text: `deployment ${depId} was deleted` }];
      else if (!ea) causes = [{ code: 'computer-removed', text: `computer ${computerId} is gone` }];
      else if (winner) {
        other = winner.deploymentId;
        causes = [{ code: 'shadowed-by', text: `deployment ${winner.deploymentId} now wins for ${winner.software} (${winner.reason.text})` }];
      } else causes = whyNotCovered(a, now, dep, computerId, e.reason);
      entry(dep).lost.push(change(computerId, causes, other));
    }
    for (const [depId, e] of wa) {
      if (wb.has(depId)) continue;
      const dep = a.deployments.get(depId) as Deployment;
      const was = b.deployments.get(depId);
      let causes: NotCounting[];
      let other: string | undefined;
      const winner = (eb ?? []).find((x) => x.shadowed.includes(depId));
      if (!was) causes = [{ code: 'deployment-added', text: `deployment ${depId} is new` }];
      else if (!eb) causes = [{ code: 'computer-added', text: `computer ${computerId} is new` }];
      else if (winner) {
        other = winner.deploymentId;
        causes = [{ code: 'unshadowed', text: `deployment ${winner.deploymentId}, which won before, no longer applies` }];
      } else {
        causes = whyNotCovered(b, was, dep, computerId, e.reason).map((n) => ({
          code: GAINED[n.code] ?? n.code,
          text: `before the sync, ${n.text}; now ${e.reason.text}`,
        }));
      }
      entry(dep).gained.push(change(computerId, causes, other));
    }
  }
  const byId = (x: CoverageChange, y: CoverageChange): number => (x.computerId < y.computerId ? -1 : x.computerId > y.computerId ? 1 : 0);
  const deployments = [...diffs.values()].sort((x, y) => (x.deploymentId < y.deploymentId ? -1 : x.deploymentId > y.deploymentId ? 1 : 0));
  let gained = 0;
  let lost = 0;
  for (const d of deployments) {
    d.gained.sort(byId);
    d.lost.sort(byId);
    gained += d.gained.length;
    lost += d.lost.length;
  }
  return { asOfBefore: before.asOf, asOfAfter: after.asOf, gained, lost, deployments };
}
