import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type {
  ComputerKind, DeploymentPreview, DeploymentSummary, DeploymentTarget, PreviewComputer, PreviewShadowed,
} from '@entitle/domain';
import { contractNotCounting, lineNotCounting, normaliseContractType, parseHaloDay } from '@entitle/rules';
import { AppException, ErrorCode, FieldError } from '../common/app.exception';
import { uuidv7 } from '../common/uuidv7';
import { CreateDeploymentDto, TargetDto, UpdateDeploymentDto } from './deployments.dto';
import { deploymentLabel, humaniseReason, Names, targetLabel } from './explain';
import { DeploymentRecord, FleetResolution, ResolutionService, SoftwareRecord } from './resolution.service';
import { must } from '../common/must';

type Input = Omit<DeploymentRecord, 'id' | 'createdBy' | 'createdAt' | 'updatedAt'>;

const TARGET_FIELDS: Record<DeploymentTarget['kind'], (keyof TargetDto)[]> = {
  all: [],
  tenant: ['tenantId'],
  computer: ['computerId'],
  contractType: ['integrationId', 'contractTypes'],
  recurringItem: ['integrationId', 'itemIds'],
};
const KIND_WORDS: Record<DeploymentTarget['kind'], string> = {
  all: 'an all-computers', tenant: 'a tenant', computer: 'a computer', contractType: 'a contract-type', recurringItem: 'a recurring-item',
};

/** Deployments: stored, validated against what they name, labelled, and previewed through the one resolver. */
@Injectable()
export class DeploymentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly resolution: ResolutionService,
  ) {}

  async list(): Promise<DeploymentSummary[]> {
    const [deps, software] = await Promise.all([this.resolution.loadDeployments(), this.resolution.loadSoftware()]);
    const names = await this.names(deps);
    const byId = new Map(software.map((s) => [s.id, s]));
    return deps
      .map((d) => this.toSummary(d, byId.get(d.softwareId) as SoftwareRecord, names))
      .sort((a, b) => a.software.name.localeCompare(b.software.name) || a.id.localeCompare(b.id));
  }

  async get(id: string): Promise<DeploymentSummary> {
    const d = await this.record(id);
    const sw = (await this.resolution.loadSoftware()).find((s) => s.id === d.softwareId) as SoftwareRecord;
    return this.toSummary(d, sw, await this.names([d]));
  }

  async record(id: string): Promise<DeploymentRecord> {
    const [d] = await this.resolution.loadDeployments(id);
    if (!d) throw new AppException(ErrorCode.NotFound, `deployment ${id} not found`);
    return d;
  }

  async create(dto: CreateDeploymentDto, by: string): Promise<DeploymentSummary> {
    const input = await this.validate(dto);
    const id = uuidv7();
    await this.db.query(
      `INSERT INTO deployments (id, software_id, action, version, enforcement, priority, computer_kinds, target_kind, target_tenant_id, target_computer_id,
         target_integration_id, target_contract_types, target_item_ids, notes, created_by)
       VALUES ($1, $2, $3, $4, $5, $6, $7::computer_kind[], $8, $9, $10, $11, $12, $13, $14, $15)`,
      [id, ...columns(input), by],
    );
    return this.get(id);
  }

  /** A PATCH is merged onto the saved deployment, then the whole is validated as a new one would be. */
  async update(id: string, dto: UpdateDeploymentDto): Promise<DeploymentSummary> {
    const current = await this.record(id);
    const merged: CreateDeploymentDto = {
      softwareId: dto.softwareId ?? current.softwareId,
      action: dto.action ?? current.action,
      // A new action without a version takes the default for that action (latest for install).
      version: dto.version !== undefined ? dto.version : dto.action !== undefined && dto.action !== current.action ? undefined : current.version,
      enforcement: dto.enforcement ?? current.enforcement,
      priority: dto.priority ?? current.priority,
      computerKinds: dto.computerKinds !== undefined ? dto.computerKinds : current.computerKinds,
      target: (dto.target ?? current.target) as TargetDto,
      notes: dto.notes !== undefined ? dto.notes : current.notes,
    };
    const input = await this.validate(merged);
    await this.db.query(
      `UPDATE deployments SET software_id = $2, action = $3, version = $4, enforcement = $5, priority = $6, computer_kinds = $7::computer_kind[], target_kind = $8,
         target_tenant_id = $9, target_computer_id = $10, target_integration_id = $11, target_contract_types = $12, target_item_ids = $13, notes = $14, updated_at = now()
       WHERE id = $1`,
      [id, ...columns(input)],
    );
    return this.get(id);
  }

  async remove(id: string): Promise<void> {
    await this.record(id);
    await this.db.query(`DELETE FROM deployments WHERE id = $1`, [id]);
  }

  /** The preview of a saved deployment. */
  async previewSaved(id: string, limit = 200): Promise<DeploymentPreview> {
    const d = await this.record(id);
    return this.previewOf(d, await this.resolution.loadDeployments(), limit);
  }

  /** The preview of a draft; with `id`, the draft stands in for that saved deployment (editing). */
  async previewDraft(dto: CreateDeploymentDto & { id?: string }, limit = 200): Promise<DeploymentPreview> {
    const input = await this.validate(dto);
    const saved = await this.resolution.loadDeployments();
    if (dto.id && !saved.some((d) => d.id === dto.id)) throw AppException.validation([{ field: 'id', message: `no saved deployment ${dto.id}` }]);
    // A new draft gets a fresh UUIDv7, so it ties with saved ones exactly as it will once saved (it is the newest).
    const now = new Date();
    const draft: DeploymentRecord = { ...input, id: dto.id ?? uuidv7(), createdBy: null, createdAt: now, updatedAt: now };
    return this.previewOf(draft, [...saved.filter((d) => d.id !== draft.id), draft], limit);
  }

  private async previewOf(d: DeploymentRecord, all: DeploymentRecord[], limit: number): Promise<DeploymentPreview> {
    const software = (await this.resolution.loadSoftware()).find((s) => s.id === d.softwareId) as SoftwareRecord;
    const fleet = await this.resolution.resolve({ platform: software.platform }, all);
    const names = await this.names([...fleet.deployments.values()], fleet);
    const wins: PreviewComputer[] = [];
    const shadowed: PreviewShadowed[] = [];
    for (const [computerId, entries] of fleet.entries) {
      const e = entries.find((x) => x.software === software.slug);
      if (!e) continue;
      const c = must(fleet.computers.get(computerId), `computer ${computerId}`);
      const base = { computerId, hostname: c.hostname, tenantId: c.tenantId, tenantName: fleet.tenants.get(c.tenantId)?.name ?? '', kind: c.kind };
      if (e.deploymentId === d.id) wins.push({ ...base, reason: humaniseReason(e.reason.text, names) });
      else if (e.shadowed.includes(d.id)) {
        const w = must(fleet.deployments.get(e.deploymentId), `deployment ${e.deploymentId}`);
        shadowed.push({ ...base, reason: humaniseReason(e.reason.text, names), winner: { id: w.id, label: names.deployments.get(w.id) ?? w.id, action: w.action } });
      }
    }
    const order = (a: PreviewComputer, b: PreviewComputer): number => a.tenantName.localeCompare(b.tenantName) || a.hostname.localeCompare(b.hostname);
    wins.sort(order);
    shadowed.sort(order);
    return {
      asOf: fleet.asOf,
      computersConsidered: fleet.computers.size,
      winsTotal: wins.length,
      shadowedTotal: shadowed.length,
      wins: wins.slice(0, limit),
      shadowed: shadowed.slice(0, limit),
      warnings: await this.warnings(d, software, fleet),
    };
  }

  /** What an admin should know before saving: targets that match nothing today, and why. */
  private async warnings(d: DeploymentRecord, software: SoftwareRecord, fleet: FleetResolution): Promise<string[]> {
    const out: string[] = [];
    const t = d.target;
    if (d.enforcement === 'adhoc') out.push('Ad hoc: applies only when a session is started for this deployment ("Run now").');
    if (d.enforcement === 'onboarding') out.push('Onboarding: applies only in the session that runs when a computer enrolls.');
    if (d.action === 'install' && software.latest === null) out.push(`${software.name} has no version yet: add one before a session can install it.`);
    if (t.kind === 'computer') {
      const [c] = (await this.db.query(`SELECT hostname, platform FROM computers WHERE id = $1`, [t.computerId])) as { hostname: string; platform: string }[];
      if (c && c.platform !== software.platform) out.push(`${c.hostname} runs ${c.platform}; ${software.name} is for ${software.platform}, so it is never covered.`);
    }
    if (t.kind === 'contractType' || t.kind === 'recurringItem') {
      const snap = await this.resolution.snapshot(t.integrationId);
      const [link] = (await this.db.query(`SELECT name FROM integrations WHERE id = $1`, [t.integrationId])) as { name: string }[];
      if (!snap.synced) out.push(`${link?.name ?? 'The Halo link'} has not synced yet: nothing is covered until its first sync.`);
      const [unmapped] = (await this.db.query(
        `SELECT count(DISTINCT t.id)::int AS tenants, count(c.id)::int AS computers FROM tenants t JOIN computers c ON c.tenant_id = t.id
         WHERE c.platform = $2 AND (t.integration_id IS DISTINCT FROM $1 OR t.halo_client_id IS NULL)`,
        [t.integrationId, software.platform],
      )) as { tenants: number; computers: number }[];
      if (unmapped && unmapped.computers > 0) {
        out.push(`${unmapped.computers} computer(s) of ${unmapped.tenants} tenant(s) not mapped to a client of ${link?.name ?? 'this link'} are never covered by this target.`);
      }
      if (snap.synced && t.kind === 'contractType') {
        const asOf = parseHaloDay(fleet.asOf) as number;
        const inForce = new Set(
          snap.full.contracts
            .filter((k) => k.contracttype_name && contractNotCounting(k, asOf) === null)
            .map((k) => normaliseContractType(k.contracttype_name as string)),
        );
        for (const name of t.contractTypes) if (!inForce.has(normaliseContractType(name))) out.push(`No contract of type "${name}" is in force on ${link?.name ?? 'the link'} today.`);
      }
      if (snap.synced && t.kind === 'recurringItem') {
        const asOf = parseHaloDay(fleet.asOf) as number;
        const billed = new Set(snap.full.recurringInvoices.flatMap((i) => i.lines.filter((l) => lineNotCounting(l, asOf) === null).map((l) => l._itemid)));
        for (const id of t.itemIds) if (!billed.has(id)) out.push(`Item ${id} is on no line in force of a recurring invoice of ${link?.name ?? 'the link'}.`);
      }
    }
    return out;
  }

  /** Checks a deployment against what it names; every problem is reported with its field, nothing is written. */
  async validate(dto: CreateDeploymentDto): Promise<Input> {
    const errors: FieldError[] = [];
    const [sw] = (await this.db.query(`SELECT id, name FROM software WHERE id = $1`, [dto.softwareId])) as { id: string; name: string }[];
    if (!sw) errors.push({ field: 'softwareId', message: `no software ${dto.softwareId}` });

    let version: string | null = null;
    if (dto.action === 'install') {
      version = dto.version ?? 'latest';
      if (version !== 'latest' && sw) {
        const [v] = (await this.db.query(`SELECT 1 FROM software_versions WHERE software_id = $1 AND version = $2`, [sw.id, version])) as unknown[];
        if (!v) errors.push({ field: 'version', message: `${sw.name} has no version ${version} (use latest or one of its versions)` });
      }
    } else if (dto.version !== undefined && dto.version !== null) {
      errors.push({ field: 'version', message: `only install deployments take a version; leave it out for ${dto.action}` });
    }

    const t = dto.target;
    for (const field of ['tenantId', 'computerId', 'integrationId', 'contractTypes', 'itemIds'] as const) {
      const needed = TARGET_FIELDS[t.kind].includes(field);
      if (needed && t[field] === undefined) errors.push({ field: `target.${field}`, message: `required for ${KIND_WORDS[t.kind]} target` });
      if (!needed && t[field] !== undefined) errors.push({ field: `target.${field}`, message: `not used by ${KIND_WORDS[t.kind]} target` });
    }
    const exists = async (table: string, id: string | undefined): Promise<boolean> =>
      id === undefined || ((await this.db.query(`SELECT 1 FROM ${table} WHERE id = $1`, [id])) as unknown[]).length > 0;
    if (t.kind === 'tenant' && !(await exists('tenants', t.tenantId))) errors.push({ field: 'target.tenantId', message: `no tenant ${t.tenantId}` });
    if (t.kind === 'computer' && !(await exists('computers', t.computerId))) errors.push({ field: 'target.computerId', message: `no computer ${t.computerId}` });
    if ((t.kind === 'contractType' || t.kind === 'recurringItem') && !(await exists('integrations', t.integrationId))) {
      errors.push({ field: 'target.integrationId', message: `no Halo link ${t.integrationId}` });
    }
    const kinds = dto.computerKinds ?? null;
    if (kinds && new Set(kinds).size !== kinds.length) errors.push({ field: 'computerKinds', message: 'lists a kind twice' });
    if (errors.length) throw AppException.validation(errors);

    let target: DeploymentTarget;
    switch (t.kind) {
      case 'tenant': target = { kind: 'tenant', tenantId: t.tenantId as string }; break;
      case 'computer': target = { kind: 'computer', computerId: t.computerId as string }; break;
      case 'contractType': target = { kind: 'contractType', integrationId: t.integrationId as string, contractTypes: [...new Set((t.contractTypes as string[]).map((c) => c.trim()))] }; break;
      case 'recurringItem': target = { kind: 'recurringItem', integrationId: t.integrationId as string, itemIds: [...new Set(t.itemIds as number[])] }; break;
      default: target = { kind: 'all' };
    }
    return {
      softwareId: dto.softwareId, action: dto.action, version, enforcement: dto.enforcement, priority: dto.priority ?? 100,
      computerKinds: kinds as ComputerKind[] | null, target, notes: dto.notes?.trim() || null,
    };
  }

  /** Names for labels and reasons: tenants, links, the computers and items deployments name, and deployment labels. */
  async names(deps: DeploymentRecord[], fleet?: FleetResolution): Promise<Names> {
    const tenants = new Map(((await this.db.query(`SELECT id, name FROM tenants`)) as { id: string; name: string }[]).map((t) => [t.id, t.name]));
    const integrations = new Map(((await this.db.query(`SELECT id, name FROM integrations`)) as { id: string; name: string }[]).map((i) => [i.id, i.name]));
    const computerIds = deps.flatMap((d) => (d.target.kind === 'computer' ? [d.target.computerId] : []));
    const computers = new Map<string, string>();
    if (fleet) for (const c of fleet.computers.values()) computers.set(c.id, c.hostname);
    const missing = computerIds.filter((id) => !computers.has(id));
    if (missing.length) {
      for (const c of (await this.db.query(`SELECT id, hostname FROM computers WHERE id = ANY($1::uuid[])`, [missing])) as { id: string; hostname: string }[]) computers.set(c.id, c.hostname);
    }
    const items = new Map<string, string>();
    const pairs = deps.flatMap((d) => (d.target.kind === 'recurringItem' ? d.target.itemIds.map((id) => [(d.target as { integrationId: string }).integrationId, id] as const) : []));
    if (pairs.length) {
      const rows = (await this.db.query(
        `SELECT integration_id, id, name FROM halo_items WHERE (integration_id, id) IN (SELECT * FROM unnest($1::uuid[], $2::int[]))`,
        [pairs.map((p) => p[0]), pairs.map((p) => p[1])],
      )) as { integration_id: string; id: number; name: string }[];
      for (const r of rows) items.set(`${r.integration_id}:${r.id}`, r.name);
    }
    const names: Names = { tenants, computers, integrations, items, deployments: new Map() };
    const software = fleet ? fleet.softwareById : new Map((await this.resolution.loadSoftware()).map((s) => [s.id, s]));
    for (const d of deps) names.deployments.set(d.id, deploymentLabel(d, software.get(d.softwareId)?.name ?? 'software', names));
    return names;
  }

  toSummary(d: DeploymentRecord, sw: SoftwareRecord, names: Names): DeploymentSummary {
    return {
      id: d.id,
      label: deploymentLabel(d, sw.name, names),
      software: { id: sw.id, name: sw.name, slug: sw.slug, platform: sw.platform },
      action: d.action, version: d.version, enforcement: d.enforcement, priority: d.priority, computerKinds: d.computerKinds,
      target: d.target, targetLabel: targetLabel(d.target, names), notes: d.notes, createdBy: d.createdBy,
      createdAt: d.createdAt.toISOString(), updatedAt: d.updatedAt.toISOString(),
    };
  }
}

function columns(i: Input): unknown[] {
  const t = i.target;
  return [
    i.softwareId, i.action, i.version, i.enforcement, i.priority, i.computerKinds, t.kind,
    t.kind === 'tenant' ? t.tenantId : null,
    t.kind === 'computer' ? t.computerId : null,
    t.kind === 'contractType' || t.kind === 'recurringItem' ? t.integrationId : null,
    t.kind === 'contractType' ? t.contractTypes : null,
    t.kind === 'recurringItem' ? t.itemIds : null,
    i.notes,
  ];
}
