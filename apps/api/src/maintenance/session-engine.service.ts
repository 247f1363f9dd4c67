import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import {
  AGENT_OUTPUT_LIMIT_BYTES, compareVersions, shellFor, truncateOutput,
  type AgentAction, type AgentActionResult, type AgentCheckInResponse, type Platform, type SessionPlanEntry, type SessionStatus,
} from '@entitle/domain';
import type { ResolvedEntry } from '@entitle/rules';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { DeploymentsService } from '../deployments/deployments.service';
import { humaniseReason, Names } from '../deployments/explain';
import { FleetResolution, ResolutionService } from '../deployments/resolution.service';
import { sortVersions } from '../software/software.service';
import type { ActionRow, SessionRow } from './session-rows';
import { must } from '../common/must';

/** How often an idle computer re-detects every software of its platform, outside sessions. */
export const INVENTORY_INTERVAL_HOURS = 6;
/** While a session is open, an idle agent checks in this often. */
const BUSY_CHECK_IN_SECONDS = 2;

/** A computer as its agent's credential identified it (agent.guard.ts). */
export interface AgentComputer {
  id: string;
  tenantId: string;
  platform: Platform;
  hostname: string;
  loggedInUser: string | null;
  osVersion: string | null;
  agentVersion: string | null;
  /** Something to do: an open session, actions not yet sent, or inventory due. */
  busy: boolean;
}

interface VersionRow {
  id: string; software_id: string; version: string; install_script: string; uninstall_script: string; detection_script: string; timeout_seconds: number | null;
}

interface Prepared {
  fleet: FleetResolution;
  names: Names;
}

interface NewAction {
  sessionId: string | null;
  type: 'detect' | 'install' | 'uninstall';
  upgrade?: boolean;
  softwareId: string;
  slug: string;
  name: string;
  version: string | null;
  script: string;
  timeoutSeconds: number;
}

/** The version a detection prints: its first non-empty line, trimmed; none means absent. */
export function detectedVersion(output: string): string | null {
  const line = output.split(/\r?\n/).map((l) => l.trim()).find((l) => l !== '');
  return line ? line.slice(0, 64) : null;
}

/**
 * The agent's side of maintenance: each check-in stores the results the agent brings, moves the computer's open
 * session one phase on when its actions are done (plan and detect, execute, detect again, finish), queues inventory
 * detection when it is due, and hands out the actions waiting. One session per computer is open at a time.
 */
@Injectable()
export class SessionEngine {
  private readonly logger = new Logger(SessionEngine.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly resolution: ResolutionService,
    private readonly deployments: DeploymentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async checkIn(computer: AgentComputer, body: { hostname?: string; loggedInUser?: string | null; osVersion?: string | null; agentVersion: string; results?: AgentActionResult[] }): Promise<AgentCheckInResponse> {
    await this.updateFacts(computer, body);
    const results = body.results ?? [];
    if (!computer.busy && results.length === 0) return this.idle();

    if (results.length) await this.storeResults(computer.id, results);
    const open = await this.advance(computer);
    if (!open) await this.queueInventory(computer);
    const actions = await this.dispatch(computer.id);
    return {
      actions,
      nextCheckInSeconds: open ? Math.min(BUSY_CHECK_IN_SECONDS, this.config.agentCheckInSeconds) : this.config.agentCheckInSeconds,
      checkInIntervalSeconds: this.config.agentCheckInSeconds,
    };
  }

  private idle(): AgentCheckInResponse {
    return { actions: [], nextCheckInSeconds: this.config.agentCheckInSeconds, checkInIntervalSeconds: this.config.agentCheckInSeconds };
  }

  /** What the agent says of the machine, written only when it changed (most check-ins change nothing). */
  private async updateFacts(c: AgentComputer, b: { hostname?: string; loggedInUser?: string | null; osVersion?: string | null; agentVersion: string }): Promise<void> {
    const hostname = b.hostname ?? c.hostname;
    const user = b.loggedInUser !== undefined ? b.loggedInUser : c.loggedInUser;
    const os = b.osVersion !== undefined ? b.osVersion : c.osVersion;
    if (hostname === c.hostname && user === c.loggedInUser && os === c.osVersion && b.agentVersion === c.agentVersion) return;
    await this.db.query(
      `UPDATE computers SET hostname = $2, logged_in_user = $3, os_version = $4, agent_version = $5, updated_at = now() WHERE id = $1`,
      [c.id, hostname, user, os, b.agentVersion],
    );
  }

  /** Records results of actions this computer was running; detections update its inventory. Unknown or late results are ignored. */
  private async storeResults(computerId: string, results: AgentActionResult[]): Promise<void> {
    await this.db.transaction(async (m) => {
      for (const r of results) {
        // The agent already cut its output to the limit plus one "left out" line; cut only what a client sends beyond that.
        const { output, truncated } = Buffer.byteLength(r.output, 'utf8') <= AGENT_OUTPUT_LIMIT_BYTES + 1024 ? { output: r.output, truncated: false } : truncateOutput(r.output);
        const [a] = (await m.query(
          `UPDATE agent_actions SET status = $3, exit_code = $4, output = $5, output_truncated = $6, started_at = $7, finished_at = $8
           WHERE id = $1 AND computer_id = $2 AND status = 'running' RETURNING type, software_id`,
          [r.actionId, computerId, r.status, r.exitCode, output, truncated || r.outputTruncated, r.startedAt, r.finishedAt],
        )) as [{ type: string; software_id: string | null }[], number];
        const row = Array.isArray(a) ? a[0] : undefined;
        if (!row) {
          this.logger.warn({ computerId, actionId: r.actionId }, 'ignored a result for an action that is not running on this computer');
          continue;
        }
        if (row.type === 'detect' && r.status === 'succeeded' && row.software_id) {
          await m.query(
            `INSERT INTO computer_software (computer_id, software_id, version, detected_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (computer_id, software_id) DO UPDATE SET version = excluded.version, detected_at = excluded.detected_at`,
            [computerId, row.software_id, detectedVersion(r.output), r.finishedAt],
          );
        }
      }
    });
  }

  /**
   * Moves the open session on when it can; returns whether a session is still open. A session about to begin is
   * resolved first, outside the transaction: resolution reads through the connection pool, and a check-in holding one
   * pooled connection in a transaction while waiting for another could starve the pool under load.
   */
  private async advance(computer: AgentComputer): Promise<boolean> {
    const [open] = (await this.db.query(
      `SELECT id, status FROM maintenance_sessions WHERE computer_id = $1 AND status IN ('pending', 'running')`,
      [computer.id],
    )) as { id: string; status: SessionStatus }[];
    if (!open) return false;
    const prepared = open.status === 'pending' ? await this.prepare(computer) : null;
    return this.db.transaction(async (m) => {
      const [s] = (await m.query(`SELECT * FROM maintenance_sessions WHERE id = $1 AND status IN ('pending', 'running') FOR UPDATE`, [open.id])) as SessionRow[];
      if (!s) return false;
      if (s.status === 'pending') {
        if (!prepared) return true;
        await this.begin(m, s, computer, prepared);
      } else {
        const actions = (await m.query(`SELECT * FROM agent_actions WHERE session_id = $1 ORDER BY seq`, [s.id])) as ActionRow[];
        if (actions.some((a) => a.status === 'pending' || a.status === 'running')) return true;
        if (s.phase === 'detecting') await this.afterDetection(m, s, actions);
        else if (s.phase === 'executing') await this.afterExecution(m, s, actions);
        else if (s.phase === 'verifying') await this.afterVerification(m, s, actions);
      }
      const [still] = (await m.query(`SELECT status FROM maintenance_sessions WHERE id = $1`, [s.id])) as { status: SessionStatus }[];
      return still?.status === 'pending' || still?.status === 'running';
    });
  }

  /** The computer's desired state and the names to explain it. */
  private async prepare(computer: AgentComputer): Promise<Prepared> {
    const fleet = await this.resolution.resolve({ computerIds: [computer.id] });
    const names = await this.deployments.names([...fleet.deployments.values()], fleet);
    return { fleet, names };
  }

  /** Resolves the computer's desired state, keeps what this session's trigger applies, and detects each software. */
  private async begin(m: EntityManager, s: SessionRow, computer: AgentComputer, { fleet, names }: Prepared): Promise<void> {
    const entries = (fleet.entries.get(computer.id) ?? []).filter((e) => this.applies(e, s));
    const softwareOf = (slug: string) => must(fleet.softwareBySlug.get(slug), `software ${slug}`);
    const versions = await this.versions(m, entries.map((e) => softwareOf(e.software).id));
    const plan: SessionPlanEntry[] = [];
    const actions: NewAction[] = [];
    for (const e of entries) {
      const sw = softwareOf(e.software);
      const entry: SessionPlanEntry = {
        softwareId: sw.id, software: sw.slug, softwareName: sw.name, desiredAction: e.action, desiredVersion: null,
        deployment: { id: e.deploymentId, label: names.deployments.get(e.deploymentId) ?? e.deploymentId },
        reason: humaniseReason(e.reason.text, names),
      };
      plan.push(entry);
      if (e.action === 'ignore') {
        Object.assign(entry, { change: 'nothing', note: 'left alone: the winning deployment says ignore' });
        continue;
      }
      const list = versions.get(sw.id) ?? [];
      const wanted = e.action === 'install' ? (e.version === 'latest' ? list[0] : list.find((v) => v.version === e.version)) : list[0];
      if (!wanted) {
        Object.assign(entry, { change: 'nothing', note: `cannot act: ${sw.name} has ${e.action === 'install' && e.version !== 'latest' ? `no version ${e.version}` : 'no version'} in the library` });
        continue;
      }
      if (e.action === 'install') entry.desiredVersion = wanted.version;
      actions.push(this.detectAction(s.id, sw, wanted));
    }
    const failedUpFront = plan.some((p) => p.note?.startsWith('cannot act'));
    if (actions.length === 0) {
      const summary = plan.length === 0
        ? s.trigger === 'deployment' ? 'nothing to do: the deployment does not win on this computer now' : 'nothing to do: no deployment applies to this computer'
        : summarise(plan, []);
      await this.finish(m, s.id, failedUpFront ? 'failed' : 'succeeded', plan, summary, null, true);
      return;
    }
    await this.insertActions(m, computer.id, actions);
    await m.query(
      `UPDATE maintenance_sessions SET status = 'running', phase = 'detecting', started_at = now(), plan = $2, summary = $3 WHERE id = $1`,
      [s.id, JSON.stringify(plan), `detecting ${actions.length} software`],
    );
  }

  /** Compares what detection found with what is wanted and plans the changes. */
  private async afterDetection(m: EntityManager, s: SessionRow, actions: ActionRow[]): Promise<void> {
    const plan = s.plan;
    const detects = latestBySoftware(actions.filter((a) => a.type === 'detect'));
    const versions = await this.versions(m, plan.map((p) => p.softwareId));
    const sw = await this.softwareOf(m, plan.map((p) => p.softwareId));
    const next: NewAction[] = [];
    for (const p of plan) {
      if (p.change) continue;
      const d = detects.get(p.softwareId);
      if (!d || d.status !== 'succeeded') {
        p.change = 'nothing';
        p.note = `detection ${d?.status === 'timed_out' ? 'timed out' : `failed (exit code ${d?.exit_code ?? 'none'})`}: not changed`;
        continue;
      }
      const found = detectedVersion(d.output ?? '');
      p.detectedVersion = found;
      const list = versions.get(p.softwareId) ?? [];
      const info = must(sw.get(p.softwareId), `software ${p.softwareId}`);
      if (p.desiredAction === 'install') {
        const wanted = list.find((v) => v.version === p.desiredVersion);
        if (!wanted) {
          p.change = 'nothing';
          p.note = `cannot act: version ${p.desiredVersion} is no longer in the library`;
        } else if (found === null) {
          p.change = 'install';
          p.note = `not installed; ${wanted.version} wanted`;
          next.push(this.runAction(s.id, info, wanted, 'install', false));
        } else if (compareVersions(found, wanted.version) < 0) {
          p.change = 'upgrade';
          p.note = `${found} installed; ${wanted.version} wanted`;
          next.push(this.runAction(s.id, info, wanted, 'install', true));
        } else {
          p.change = 'nothing';
          p.note = compareVersions(found, wanted.version) === 0 ? `${found} installed, as wanted` : `${found} installed, newer than the ${wanted.version} wanted: left alone`;
        }
      } else if (p.desiredAction === 'uninstall') {
        if (found === null) {
          p.change = 'nothing';
          p.note = 'not installed, as wanted';
        } else {
          // The uninstall script of the installed version when the library has it, else the newest one.
          const script = must(list.find((v) => v.version === found) ?? list[0], `a version of ${p.software}`);
          p.change = 'uninstall';
          p.note = `${found} installed; removal wanted`;
          next.push(this.runAction(s.id, info, script, 'uninstall', false));
        }
      }
    }
    if (next.length === 0) {
      const failed = plan.some((p) => p.note?.startsWith('detection') || p.note?.startsWith('cannot act'));
      await this.finish(m, s.id, failed ? 'failed' : 'succeeded', plan, summarise(plan, actions), null, true);
      return;
    }
    await this.insertActions(m, s.computer_id, next);
    await m.query(`UPDATE maintenance_sessions SET phase = 'executing', plan = $2, summary = $3 WHERE id = $1`, [s.id, JSON.stringify(plan), `running ${next.length} change(s)`]);
  }

  /** Detects again every software the session changed (or tried to). */
  private async afterExecution(m: EntityManager, s: SessionRow, actions: ActionRow[]): Promise<void> {
    const changed = s.plan.filter((p) => p.change && p.change !== 'nothing');
    const versions = await this.versions(m, changed.map((p) => p.softwareId));
    const sw = await this.softwareOf(m, changed.map((p) => p.softwareId));
    const next: NewAction[] = [];
    for (const p of changed) {
      const list = versions.get(p.softwareId) ?? [];
      const v = list.find((x) => x.version === p.desiredVersion) ?? list[0];
      const info = sw.get(p.softwareId);
      if (v && info) next.push(this.detectAction(s.id, info, v));
    }
    if (next.length === 0) {
      await this.finish(m, s.id, 'failed', s.plan, summarise(s.plan, actions), 'the software changed was removed from the library before it could be detected again', true);
      return;
    }
    await this.insertActions(m, s.computer_id, next);
    await m.query(`UPDATE maintenance_sessions SET phase = 'verifying', summary = 'detecting again after the changes' WHERE id = $1`, [s.id]);
  }

  /** Checks each change against the final detection: an install that exits 0 but is not found is a failure. */
  private async afterVerification(m: EntityManager, s: SessionRow, actions: ActionRow[]): Promise<void> {
    const detects = latestBySoftware(actions.filter((a) => a.type === 'detect'));
    const runs = latestBySoftware(actions.filter((a) => a.type !== 'detect'));
    for (const p of s.plan) {
      if (!p.change || p.change === 'nothing') continue;
      const d = detects.get(p.softwareId);
      const run = runs.get(p.softwareId);
      p.finalVersion = d && d.status === 'succeeded' ? detectedVersion(d.output ?? '') : undefined;
      if (!run || run.status !== 'succeeded') continue;
      const ok = p.change === 'uninstall' ? p.finalVersion === null : p.finalVersion != null && p.desiredVersion != null && compareVersions(p.finalVersion, p.desiredVersion) === 0;
      if (!ok) {
        const found = p.finalVersion === undefined ? 'nothing it could read (detection failed)' : p.finalVersion === null ? 'it absent' : `version ${p.finalVersion}`;
        const wanted = p.change === 'uninstall' ? 'it removed' : `version ${p.desiredVersion}`;
        const line = `[entitle] the ${run.type} script ended with exit code 0, but detection afterwards found ${found}, not ${wanted}`;
        await m.query(`UPDATE agent_actions SET status = 'failed', output = coalesce(output, '') || $2 WHERE id = $1`, [run.id, `\n${line}`]);
        run.status = 'failed';
      }
    }
    const failed = [...runs.values()].some((a) => a.status !== 'succeeded') || s.plan.some((p) => p.note?.startsWith('detection') || p.note?.startsWith('cannot act'));
    await this.finish(m, s.id, failed ? 'failed' : 'succeeded', s.plan, summarise(s.plan, [...runs.values()]), null, true);
  }

  private async finish(m: EntityManager, id: string, status: SessionStatus, plan: SessionPlanEntry[], summary: string, error: string | null, started: boolean): Promise<void> {
    await m.query(
      `UPDATE maintenance_sessions SET status = $2, phase = 'done', plan = $3, summary = $4, error = $5, finished_at = now(),
         started_at = CASE WHEN $6 THEN coalesce(started_at, now()) ELSE started_at END WHERE id = $1`,
      [id, status, JSON.stringify(plan), summary, error, started],
    );
  }

  /** Which desired entries this session applies (targeting.md enforcement). */
  private applies(e: ResolvedEntry, s: SessionRow): boolean {
    switch (s.trigger) {
      case 'deployment': return e.deploymentId === s.deployment_id;
      case 'enrollment': return e.enforcement === 'required' || e.enforcement === 'onboarding';
      default: return e.enforcement === 'required';
    }
  }

  /** Inventory outside sessions: every software of the computer's platform, every INVENTORY_INTERVAL_HOURS. */
  private async queueInventory(c: AgentComputer): Promise<void> {
    const due = (await this.db.query(
      `UPDATE computers SET inventory_due_at = now() + make_interval(hours => $2) WHERE id = $1 AND inventory_due_at <= now() RETURNING id`,
      [c.id, INVENTORY_INTERVAL_HOURS],
    )) as [unknown[], number];
    if (!(Array.isArray(due[0]) ? due[0].length : 0)) return;
    const sw = (await this.db.query(`SELECT id, slug, name FROM software WHERE platform = $1`, [c.platform])) as { id: string; slug: string; name: string }[];
    const versions = await this.versions(this.db.manager, sw.map((x) => x.id));
    const actions = sw.flatMap((x) => {
      const v = versions.get(x.id)?.[0];
      return v ? [this.detectAction(null, x, v)] : [];
    });
    // Skip what an earlier inventory still has waiting (an agent that stayed away).
    const waiting = new Set(((await this.db.query(`SELECT software_id FROM agent_actions WHERE computer_id = $1 AND session_id IS NULL AND status IN ('pending', 'running')`, [c.id])) as { software_id: string }[]).map((r) => r.software_id));
    await this.insertActions(this.db.manager, c.id, actions.filter((a) => !waiting.has(a.softwareId)));
  }

  /** Hands out every pending action in order, marking them running. */
  private async dispatch(computerId: string): Promise<AgentAction[]> {
    const [rows] = (await this.db.query(
      `UPDATE agent_actions SET status = 'running', sent_at = now() WHERE computer_id = $1 AND status = 'pending' RETURNING *`,
      [computerId],
    )) as [ActionRow[], number];
    return [...(rows ?? [])]
      .sort((a, b) => Number(a.seq) - Number(b.seq))
      .map((a) => ({ id: a.id, type: a.type, software: a.software_slug, version: a.version, shell: a.shell, script: a.script, timeoutSeconds: a.timeout_seconds }));
  }

  private detectAction(sessionId: string | null, sw: { id: string; slug: string; name: string }, v: VersionRow): NewAction {
    return { sessionId, type: 'detect', softwareId: sw.id, slug: sw.slug, name: sw.name, version: v.version, script: v.detection_script, timeoutSeconds: this.timeout(v) };
  }

  private runAction(sessionId: string, sw: { id: string; slug: string; name: string }, v: VersionRow, type: 'install' | 'uninstall', upgrade: boolean): NewAction {
    return {
      sessionId, type, upgrade, softwareId: sw.id, slug: sw.slug, name: sw.name, version: v.version,
      script: type === 'install' ? v.install_script : v.uninstall_script, timeoutSeconds: this.timeout(v),
    };
  }

  private timeout(v: VersionRow): number {
    return v.timeout_seconds ?? this.config.scriptTimeoutSeconds;
  }

  private async insertActions(m: Pick<EntityManager, 'query'>, computerId: string, actions: NewAction[]): Promise<void> {
    if (!actions.length) return;
    const [platform] = (await m.query(`SELECT platform FROM computers WHERE id = $1`, [computerId])) as { platform: Platform }[];
    const shell = shellFor(must(platform, `computer ${computerId}`).platform);
    // One statement; unnest keeps the array order, so identity `seq` follows the plan's order.
    await m.query(
      `INSERT INTO agent_actions (computer_id, session_id, type, upgrade, software_id, software_slug, software_name, version, shell, script, timeout_seconds)
       SELECT $1, t.session_id, t.type, t.upgrade, t.software_id, t.slug, t.name, t.version, $2, t.script, t.timeout
       FROM unnest($3::uuid[], $4::text[], $5::bool[], $6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[])
         WITH ORDINALITY AS t(session_id, type, upgrade, software_id, slug, name, version, script, timeout, n)
       ORDER BY t.n`,
      [
        computerId, shell,
        actions.map((a) => a.sessionId), actions.map((a) => a.type), actions.map((a) => a.upgrade ?? false), actions.map((a) => a.softwareId),
        actions.map((a) => a.slug), actions.map((a) => a.name), actions.map((a) => a.version), actions.map((a) => a.script), actions.map((a) => a.timeoutSeconds),
      ],
    );
  }

  private async versions(m: Pick<EntityManager, 'query'>, softwareIds: string[]): Promise<Map<string, VersionRow[]>> {
    const rows = softwareIds.length ? ((await m.query(`SELECT * FROM software_versions WHERE software_id = ANY($1::uuid[])`, [softwareIds])) as VersionRow[]) : [];
    const out = new Map<string, VersionRow[]>();
    for (const id of new Set(softwareIds)) out.set(id, sortVersions(rows.filter((r) => r.software_id === id)));
    return out;
  }

  private async softwareOf(m: Pick<EntityManager, 'query'>, ids: string[]): Promise<Map<string, { id: string; slug: string; name: string }>> {
    const rows = ids.length ? ((await m.query(`SELECT id, slug, name FROM software WHERE id = ANY($1::uuid[])`, [ids])) as { id: string; slug: string; name: string }[]) : [];
    return new Map(rows.map((r) => [r.id, r]));
  }
}

function latestBySoftware(actions: ActionRow[]): Map<string, ActionRow> {
  const out = new Map<string, ActionRow>();
  for (const a of [...actions].sort((x, y) => Number(x.seq) - Number(y.seq))) if (a.software_id) out.set(a.software_id, a);
  return out;
}

/** "1 installed, 1 upgraded, 1 removed, 2 already as wanted, 1 failed" */
export function summarise(plan: SessionPlanEntry[], runs: ActionRow[]): string {
  const failedRuns = new Set(runs.filter((a) => a.type !== 'detect' && a.status !== 'succeeded').map((a) => a.software_id));
  const count = { installed: 0, upgraded: 0, removed: 0, unchanged: 0, failed: 0 };
  for (const p of plan) {
    if (p.change === 'install' || p.change === 'upgrade' || p.change === 'uninstall') {
      if (failedRuns.has(p.softwareId)) count.failed++;
      else if (p.change === 'install') count.installed++;
      else if (p.change === 'upgrade') count.upgraded++;
      else count.removed++;
    } else if (p.note?.startsWith('detection') || p.note?.startsWith('cannot act')) count.failed++;
    else count.unchanged++;
  }
  const parts = [
    count.installed && `${count.installed} installed`,
    count.upgraded && `${count.upgraded} upgraded`,
    count.removed && `${count.removed} removed`,
    count.unchanged && `${count.unchanged} already as wanted`,
    count.failed && `${count.failed} failed`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : 'nothing to do';
}
