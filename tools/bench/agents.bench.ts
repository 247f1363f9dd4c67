// `npm run bench -- agents [--agents N] [--rounds R] [--concurrency C] [--busy-share S] [--paced-seconds T] [--enroll E]
//   [--fleet-session-rate R] [--json]`
// N agents (10,000) checking in to ONE built API process over keep-alive HTTP, against a bare NestJS endpoint
// (tools/bench/bare-nest.ts: same path, same answer, no database, no validation, no guards, logger off) measured with
// the same load generator, the same bodies and the same concurrency in the same run: the ceiling.
//
// Setup: an embedded Postgres in a throwaway folder (or a fresh database on DATABASE_URL, dropped afterwards), the real
// migrations, two tenants (the fleet, and the 1% that will have work pending) and N computers inserted by one SQL statement, each with its own credential
// (agt_<computerId>_<secret>, stored as the SHA-256 hex of the whole credential, as enrollment stores it) and its
// inventory due tomorrow, so check-ins are idle. E agents (20) also enroll through the real POST /api/v1/agent/enroll
// with an enrollment key made through the API: their credentials and rows must look exactly like the SQL-made ones, and
// both must get the same idle answer, or the bench stops.
//
// Measured: a warm-up round (not counted), then R rounds of every agent checking in once, closed loop at C concurrent
// requests, alternating API and bare rounds; per-request latency from the first byte sent to the last byte read. Any
// non-200, or an idle agent handed work, fails the bench. Then both at the fleet's real rate (N agents every 60 s,
// open loop, latency from the scheduled send time). Then a round where a share of the agents (1%) has a maintenance
// session started through the API (software + version + deployment on their tenant): those agents play the protocol
// (detect, install, detect again) until their session ends, and their check-ins are reported by phase. Opt-in
// (--fleet-session-rate R): maintenance started for the whole fleet, the API restarted (an upgrade with maintenance
// pending), and the first check-ins (each one a session start) arriving open loop at R per second for 10 s; the API must
// answer every one.
// CPU time of the API, the bare app, Postgres and this process (the load generator) comes from /proc, per check-in,
// so a reader can see which of them was the limit on this machine.
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Client } from 'pg';
import type {
  AgentAction, AgentActionResult, AgentCheckInResponse, AgentEnrollResponse, CreatedEnrollmentKey, DeploymentSummary, SoftwareSummary, StartSessionsResponse,
} from '@entitle/domain';

const ROOT = join(__dirname, '..', '..');
const CHECK_IN_PATH = '/api/v1/agent/check-in';
const AGENT_VERSION = '0.1.0';
const REQUEST_TIMEOUT_MS = 30_000;
const CREDENTIAL = /^agt_([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

interface PostgresHandle { url: string; embedded: boolean; stop(): Promise<void> }
interface Runtime {
  build(projects: string[]): void;
  runMigrations(databaseUrl: string): void;
  startApi(env: Record<string, string>, o: { onLine: (line: string) => void }): { child: ChildProcess; ready: Promise<string> };
}

// ------------------------------------------------------------------------------------------------ small helpers

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return dflt;
  const value = Number(args[i + 1]);
  if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} needs a number >= 0`);
  return value;
}

/** As apps/api/src/auth/password.ts hashToken (tools may not import apps). */
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`agents bench: ${what}`);
  return value;
}

/** `p`, or a failure after `ms` (the timer never keeps the process alive). */
async function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([p, new Promise<never>((_, fail) => (timer = setTimeout(() => fail(new Error(`agents bench: ${what}`)), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const int = (x: number): string => Math.round(x).toLocaleString('en-US');
const ms = (x: number): string => (!Number.isFinite(x) ? 'n/a' : x < 10 ? `${x.toFixed(2)} ms` : x < 100 ? `${x.toFixed(1)} ms` : `${x.toFixed(0)} ms`);
const pct = (x: number): string => `${(x * 100).toFixed(x < 0.1 ? 1 : 0)}%`;
const times = (x: number): string => (!Number.isFinite(x) ? 'n/a' : `${x.toFixed(x < 10 ? 2 : 1)}x`);

function printTable(table: string[][]): void {
  const widths = (table[0] ?? []).map((_, i) => Math.max(...table.map((r) => (r[i] ?? '').length)));
  for (const r of table) console.log(r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join('  '));
}

interface Stats { n: number; p50: number; p90: number; p99: number; max: number; mean: number }

function stats(xs: number[]): Stats {
  const s = Float64Array.from(xs).sort();
  const at = (q: number): number => (s.length ? s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? NaN : NaN);
  return { n: s.length, p50: at(0.5), p90: at(0.9), p99: at(0.99), max: s[s.length - 1] ?? NaN, mean: s.length ? s.reduce((a, b) => a + b, 0) / s.length : NaN };
}

// ------------------------------------------------------------------------------------------------ CPU time from /proc

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout?.trim()) || 100;

/** utime + stime (and the children's that exited, cutime + cstime) of one process, in ms; null when it is gone. */
function procCpu(pid: number): { self: number; exitedChildren: number; ppid: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const tick = (i: number): number => (Number(f[i]) * 1000) / CLK_TCK;
    return { self: tick(11) + tick(12), exitedChildren: tick(13) + tick(14), ppid: Number(f[1]) };
  } catch {
    return null;
  }
}

/** The postmaster serving `dataDir` (its command line names the folder; backends rename themselves). */
function findPostmaster(dataDir: string): number | null {
  if (!existsSync('/proc')) return null;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'utf8').split('\0');
      if (cmd.includes('-D') && cmd.some((a) => a === dataDir || resolve(a) === dataDir) && /postgres$/.test(cmd[0] ?? '')) return Number(name);
    } catch {
      // gone between readdir and read
    }
  }
  return null;
}

/** Postgres as a whole: the postmaster, its live backends and workers, and every one that already exited. */
function postgresCpu(postmaster: number): number | null {
  const main = procCpu(postmaster);
  if (!main) return null;
  let total = main.self + main.exitedChildren;
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const p = procCpu(Number(name));
    if (p && p.ppid === postmaster) total += p.self;
  }
  return total;
}

/** The whole machine: busy (user, nice, system, irq, softirq) and stolen by the hypervisor, in ms summed over every core. */
function machineCpu(): { busy: number; steal: number } | null {
  try {
    const f = (readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
    const j = (i: number): number => ((f[i] ?? 0) * 1000) / CLK_TCK;
    return { busy: j(0) + j(1) + j(2) + j(5) + j(6), steal: j(7) };
  } catch {
    return null;
  }
}

/** CPU time so far (ms): this process (the load generator), the server under load, Postgres, the whole machine. */
interface CpuSnap { client: number; server: number | null; pg: number | null; machine: number | null; steal: number | null }
type CpuKey = 'server' | 'pg' | 'machine' | 'steal';

// ------------------------------------------------------------------------------------------------ the load generator

interface Target {
  name: 'API' | 'bare';
  host: string;
  port: number;
  /** CPU time of the server process, ms. */
  cpu(): number | null;
}

/** One POST over a keep-alive socket: status, body, and the time from the first byte sent to the last byte read. */
function post(agent: http.Agent, t: Target, headers: http.OutgoingHttpHeaders, body: Buffer, from?: number): Promise<{ status: number; text: string; ms: number }> {
  return new Promise((done) => {
    const t0 = from ?? performance.now();
    const req = http.request({ agent, host: t.host, port: t.port, path: CHECK_IN_PATH, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8'), ms: performance.now() - t0 }));
      res.on('error', (err) => done({ status: 0, text: String(err), ms: performance.now() - t0 }));
    });
    req.on('error', (err) => done({ status: 0, text: String(err), ms: performance.now() - t0 }));
    // A server that stops answering fails the bench instead of hanging it.
    req.setTimeout(REQUEST_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${REQUEST_TIMEOUT_MS / 1000} s`)));
    req.end(body);
  });
}

interface SimAgent {
  computerId: string;
  hostname: string;
  credential: string;
  /** The idle check-in, ready to send. */
  body: Buffer;
  headers: http.OutgoingHttpHeaders;
}

function simAgent(computerId: string, hostname: string, credential: string): SimAgent {
  const body = Buffer.from(JSON.stringify({ agentVersion: AGENT_VERSION, hostname, results: [] }));
  return {
    computerId, hostname, credential, body,
    headers: { 'content-type': 'application/json', 'content-length': body.length, authorization: `Bearer ${credential}`, 'user-agent': `entitle-agent/${AGENT_VERSION} (bench)` },
  };
}

function withBody(a: SimAgent, body: Buffer): http.OutgoingHttpHeaders {
  return { ...a.headers, 'content-length': body.length };
}

interface Failure { target: string; agent: string; status: number; text: string }

class Failures {
  readonly list: Failure[] = [];
  /** Set on the first request the server never answered: the rounds stop there instead of waiting out every timeout. */
  hung = false;
  add(target: string, a: SimAgent, status: number, text: string): void {
    this.list.push({ target, agent: a.hostname, status, text: text.slice(0, 300) });
    if (status === 0) this.hung = true;
  }
  throwIfAny(what: string): void {
    if (!this.list.length) return;
    const first = this.list.slice(0, 5).map((f) => `  ${f.target} ${f.agent}: ${f.status} ${f.text}`).join('\n');
    throw new Error(`agents bench: ${this.list.length} failed check-in(s) during ${what} (any non-200, or work handed to an idle agent, is a failure):\n${first}`);
  }
}

/** An idle check-in that must answer 200 with no actions. */
async function idleCheckIn(agent: http.Agent, t: Target, a: SimAgent, fails: Failures, lat: number[], from?: number): Promise<void> {
  const r = await post(agent, t, a.headers, a.body, from);
  if (r.status !== 200) return fails.add(t.name, a, r.status, r.text);
  const body = JSON.parse(r.text) as AgentCheckInResponse;
  if (!Array.isArray(body.actions) || body.actions.length) return fails.add(t.name, a, r.status, `expected an idle answer, got ${r.text}`);
  lat.push(r.ms);
}

function keepAlive(concurrency: number): http.Agent {
  return new http.Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
}

interface Measured { target: string; lat: number[]; wallMs: number; cpu: CpuSnap }

/** Runs `task` for 0..n-1 on `concurrency` workers, closed loop; returns wall time and CPU time used by each side. */
async function closedLoop(n: number, concurrency: number, snap: () => CpuSnap, fails: Failures, task: (i: number) => Promise<void>): Promise<{ wallMs: number; cpu: CpuSnap }> {
  let next = 0;
  const c0 = snap();
  const t0 = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, n) }, async () => {
    while (next < n && !fails.hung) await task(next++);
  }));
  const wallMs = performance.now() - t0;
  return { wallMs, cpu: diff(c0, snap()) };
}

function diff(a: CpuSnap, b: CpuSnap): CpuSnap {
  const d = (k: CpuKey): number | null => {
    const x = a[k];
    const y = b[k];
    return x === null || y === null ? null : y - x;
  };
  return { client: b.client - a.client, server: d('server'), pg: d('pg'), machine: d('machine'), steal: d('steal') };
}

function sumCpu(list: CpuSnap[]): CpuSnap {
  const sum = (k: CpuKey): number | null => (list.some((c) => c[k] === null) ? null : list.reduce((s, c) => s + (c[k] ?? 0), 0));
  return { client: list.reduce((s, c) => s + c.client, 0), server: sum('server'), pg: sum('pg'), machine: sum('machine'), steal: sum('steal') };
}

/** Open loop: request k is due at t0 + k / rate; its latency counts from when it was due, so a slow server cannot hide its backlog. */
async function openLoop(rate: number, total: number, t: Target, fails: Failures, snap: () => CpuSnap, task: (k: number, lat: number[], due: number) => Promise<void>): Promise<Measured> {
  const lat: number[] = [];
  const inflight: Promise<void>[] = [];
  const c0 = snap();
  const t0 = performance.now();
  for (let k = 0; k < total && !fails.hung; k++) {
    const due = t0 + (k * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await sleep(wait);
    inflight.push(task(k, lat, due));
  }
  await Promise.all(inflight);
  const wallMs = performance.now() - t0;
  return { target: t.name, lat, wallMs, cpu: diff(c0, snap()) };
}

// ------------------------------------------------------------------------------------------------ processes

async function startBare(): Promise<{ child: ChildProcess; url: string; stop(): Promise<void> }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, 'tools', 'bench', 'bare-nest.ts'), '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr = (stderr + c.toString('utf8')).slice(-4000)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((done, fail) => {
    let out = '';
    const timer = setTimeout(() => fail(new Error(`bare-nest did not start within 60 s: ${stderr}`)), 60_000);
    child.stdout?.on('data', (c: Buffer) => {
      out += c.toString('utf8');
      const m = /bare-nest listening on (http:\/\/\S+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        done(m[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      fail(new Error(`bare-nest exited with ${code}: ${stderr}`));
    });
  });
  return { child, url, stop: () => stopChild(child, exited) };
}

async function stopChild(child: ChildProcess, exited: Promise<void>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const forced = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(forced);
}

/** JSON over fetch to the API as the signed-in admin; throws unless the status is the one expected. */
function adminApi(base: string, cookie: () => string) {
  return async <T>(method: string, path: string, body: unknown, expect: number): Promise<T> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), cookie: cookie() },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    if (res.status !== expect) throw new Error(`agents bench: ${method} ${path} answered ${res.status} (expected ${expect}): ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

// ------------------------------------------------------------------------------------------------ the bench

export async function run(args: string[]): Promise<void> {
  const n = Math.trunc(arg(args, 'agents', 10_000));
  const rounds = Math.max(1, Math.trunc(arg(args, 'rounds', 3)));
  const concurrency = Math.max(1, Math.trunc(arg(args, 'concurrency', 64)));
  const busyShare = Math.min(1, arg(args, 'busy-share', 0.01));
  const pacedSeconds = arg(args, 'paced-seconds', 8);
  const fleetSessionRate = arg(args, 'fleet-session-rate', 0);
  const enrollCount = Math.max(1, Math.trunc(arg(args, 'enroll', 20)));
  const json = args.includes('--json');
  if (n < 1) throw new Error('--agents needs at least 1');
  const tStart = performance.now();

  // @ts-expect-error -- tools/runtime.mjs is untyped ESM; the Runtime interface states the part used here.
  const runtime = (await import('../runtime.mjs')) as Runtime;
  // @ts-expect-error -- tools/postgres.mjs is untyped ESM; the cast states the part used here.
  const pgMod = (await import('../postgres.mjs')) as { ensurePostgres(o: { dataDir: string; persistent: boolean }): Promise<PostgresHandle> };

  runtime.build(['api']);

  const dataDir = mkdtempSync(join(tmpdir(), 'entitle-agents-bench-'));
  const cleanup: (() => Promise<void>)[] = [async () => rmSync(dataDir, { recursive: true, force: true })];
  const apiLines: string[] = [];
  let db: Client | null = null;
  const apiWarnings = { count: 0, first: [] as string[] };
  try {
    const pgh = await pgMod.ensurePostgres({ dataDir, persistent: false });
    cleanup.unshift(() => pgh.stop());
    let dbUrl = pgh.url;
    if (!pgh.embedded) {
      // DATABASE_URL: a fresh database of our own, dropped afterwards.
      const name = `entitle_bench_agents_${randomBytes(4).toString('hex')}`;
      const admin = new Client({ connectionString: pgh.url });
      await admin.connect();
      await admin.query(`CREATE DATABASE ${name}`);
      await admin.end();
      const u = new URL(pgh.url);
      u.pathname = `/${name}`;
      dbUrl = u.toString();
      cleanup.unshift(async () => {
        const c = new Client({ connectionString: pgh.url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await c.end();
      });
    }
    const postmaster = pgh.embedded ? findPostmaster(resolve(dataDir)) : null;
    runtime.runMigrations(dbUrl);

    db = new Client({ connectionString: dbUrl });
    await db.connect();
    const dbc = db;
    cleanup.unshift(() => dbc.end().catch(() => undefined));
    const pgInfo = (await db.query<{ v: string; fsync: string; sc: string }>(
      `SELECT current_setting('server_version') AS v, current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS sc`,
    )).rows[0] ?? { v: '?', fsync: '?', sc: '?' };

    // ---- N computers with their own credentials, by one INSERT ... SELECT generate_series.
    const tSetup = performance.now();
    const busyEvery = busyShare > 0 ? Math.max(1, Math.round(1 / busyShare)) : 0;
    const [fleetTenant, busyTenant] = (await db.query<{ id: string }>(
      `INSERT INTO tenants (name) VALUES ('Bench fleet'), ('Bench fleet, work pending') RETURNING id`,
    )).rows.map((r) => r.id) as [string, string];
    const ids = Array.from({ length: n }, () => randomUUID());
    const credentials = ids.map((id) => `agt_${id}_${randomBytes(32).toString('base64url')}`);
    await db.query(
      `INSERT INTO computers (id, tenant_id, hostname, platform, os_name, os_version, serial, hardware_id, logged_in_user, kind, agent_version,
         agent_key_hash, last_seen_at, inventory_due_at)
       SELECT ($1::uuid[])[g], CASE WHEN $4::int > 0 AND (g - 1) % $4::int = 0 THEN $5::uuid ELSE $3::uuid END,
         'bench-' || g, 'linux', 'Debian GNU/Linux 12', '12', 'SN-bench-' || g, 'bench-hw-' || g, NULL, 'workstation', $6,
         ($2::text[])[g], now(), now() + interval '1 day'
       FROM generate_series(1, $7::int) AS g`,
      [ids, credentials.map(sha256), fleetTenant, busyEvery, busyTenant, AGENT_VERSION, n],
    );
    const agents = ids.map((id, i) => simAgent(id, `bench-${i + 1}`, credentials[i] as string));
    const busyIdx = busyEvery ? agents.map((_, i) => i).filter((i) => i % busyEvery === 0) : [];
    const setupMs = performance.now() - tSetup;

    // ---- The API (one process) and the bare app, each its own process.
    const adminEmail = 'bench@entitle.local';
    const adminPassword = randomBytes(18).toString('base64url');
    const apiEnv = {
      DATABASE_URL: dbUrl, ENTITLE_SECRET_KEY: randomBytes(32).toString('base64'), LOG_LEVEL: 'warn', PORT: '0', HOST: '127.0.0.1',
      ENTITLE_CRON_ENABLED: 'false', ENTITLE_ADMIN_EMAIL: adminEmail, ENTITLE_ADMIN_PASSWORD: adminPassword, ENTITLE_PUBLIC_URL: '',
      ENTITLE_WEB_DIR: '', ENTITLE_AGENT_BUNDLE: '', ENTITLE_AGENT_CHECKIN_SECONDS: '60', NODE_ENV: 'production',
    };
    const apiProc: { current: { child: ChildProcess; exited: Promise<void> } | null } = { current: null };
    cleanup.unshift(async () => {
      if (apiProc.current) await stopChild(apiProc.current.child, apiProc.current.exited);
    });
    /** Starts the built API (the one process under test); resolves with its URL and pid once it is ready. */
    const launchApi = async (): Promise<{ url: string; pid: number }> => {
      const api = runtime.startApi(apiEnv, {
        onLine: (line) => {
          apiLines.push(line);
          if (apiLines.length > 40) apiLines.shift();
          if (/"level":(40|50|60)\b/.test(line) && apiWarnings.count++ < 3) apiWarnings.first.push(line.slice(0, 300));
        },
      });
      apiProc.current = { child: api.child, exited: new Promise<void>((r) => api.child.once('exit', () => r())) };
      const url = (await within(api.ready, 90_000, 'the API did not start within 90 s')).replace('//localhost:', '//127.0.0.1:');
      return { url, pid: must(api.child.pid, 'the API process has no pid') };
    };
    const bareP = startBare();
    const { url: apiUrl, pid: apiPid } = await launchApi();
    const bare = await bareP;
    cleanup.unshift(() => bare.stop());
    const barePid = must(bare.child.pid, 'the bare app has no pid');
    const hostPort = (u: string): { host: string; port: number } => ({ host: new URL(u).hostname, port: Number(new URL(u).port) });
    const API: Target = { name: 'API', ...hostPort(apiUrl), cpu: () => procCpu(apiPid)?.self ?? null };
    const BARE: Target = { name: 'bare', ...hostPort(bare.url), cpu: () => procCpu(barePid)?.self ?? null };
    const snapFor = (t: Target) => (): CpuSnap => {
      const c = process.cpuUsage();
      const m = machineCpu();
      return { client: (c.user + c.system) / 1000, server: t.cpu(), pg: postmaster ? postgresCpu(postmaster) : null, machine: m?.busy ?? null, steal: m?.steal ?? null };
    };

    // ---- Sign in as the admin, make an enrollment key, enroll E agents the real way.
    const login = await fetch(`${apiUrl}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: adminEmail, password: adminPassword }) });
    if (login.status !== 200) throw new Error(`agents bench: sign-in as the admin answered ${login.status}: ${await login.text()}`);
    const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    const admin = adminApi(apiUrl, () => cookie);
    const key = await admin<CreatedEnrollmentKey>('POST', '/enrollment-keys', { tenantId: fleetTenant, name: 'agents bench' }, 201);
    const enrolled: SimAgent[] = [];
    for (let i = 1; i <= enrollCount; i++) {
      const hostname = `bench-enrolled-${i}`;
      const res = await fetch(`${apiUrl}/api/v1/agent/enroll`, {
        method: 'POST', headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          key: key.key, hostname, platform: 'linux', osName: 'Debian GNU/Linux 12', osVersion: '12', serial: `SN-${hostname}`, hardwareId: `hw-${hostname}`,
          loggedInUser: null, kind: 'workstation', agentVersion: AGENT_VERSION,
        }),
      });
      const body = (await res.json()) as AgentEnrollResponse;
      if (res.status !== 201) throw new Error(`agents bench: enrollment answered ${res.status}: ${JSON.stringify(body)}`);
      const m = CREDENTIAL.exec(body.credential);
      if (!m || m[1] !== body.computerId) throw new Error(`agents bench: an enrolled credential is not agt_<computerId>_<43 base64url characters>: ${body.credential.slice(0, 20)}…`);
      enrolled.push(simAgent(body.computerId, hostname, body.credential));
    }
    const enrolledIds = enrolled.map((a) => a.computerId);
    const stored = new Map((await db.query<{ id: string; agent_key_hash: string }>(`SELECT id, agent_key_hash FROM computers WHERE id = ANY($1::uuid[])`, [enrolledIds])).rows.map((r) => [r.id, r.agent_key_hash]));
    for (const a of enrolled) {
      if (stored.get(a.computerId) !== sha256(a.credential)) throw new Error(`agents bench: the API stored for ${a.hostname} a hash that is not SHA-256 hex of its credential: SQL-made credentials would not match`);
    }
    for (const c of credentials) if (!CREDENTIAL.test(c)) throw new Error(`agents bench: a SQL-made credential does not have the enrolled ones' form: ${c.slice(0, 20)}…`);

    // Their first check-in runs the enrollment session (nothing applies yet) and takes inventory (no software yet).
    const setupAgent = keepAlive(4);
    const setupFails = new Failures();
    for (const a of enrolled) {
      const r = await post(setupAgent, API, a.headers, a.body);
      if (r.status !== 200) setupFails.add('API', a, r.status, r.text);
      else if ((JSON.parse(r.text) as AgentCheckInResponse).actions.length) setupFails.add('API', a, r.status, `an enrolled agent was handed work with no software in the library: ${r.text}`);
    }
    setupFails.throwIfAny('the enrolled agents\' first check-in');
    const sessions = (await db.query<{ status: string; n: number }>(
      `SELECT status, count(*)::int AS n FROM maintenance_sessions WHERE computer_id = ANY($1::uuid[]) GROUP BY status`, [enrolledIds],
    )).rows;
    if (sessions.length !== 1 || sessions[0]?.status !== 'succeeded' || sessions[0].n !== enrollCount) {
      throw new Error(`agents bench: the enrolled agents' enrollment sessions did not all succeed: ${JSON.stringify(sessions)}`);
    }
    // Same row shape (which columns are set) for enrolled and SQL-made computers.
    const shapes = (await db.query<{ enrolled: boolean; shape: string; n: number }>(
      `SELECT c.id = ANY($1::uuid[]) AS enrolled,
         (SELECT string_agg(key || CASE WHEN value = 'null'::jsonb THEN ':null' ELSE ':set' END, ' ' ORDER BY key) FROM jsonb_each(to_jsonb(c))) AS shape,
         count(*)::int AS n
       FROM computers c GROUP BY 1, 2 ORDER BY 1`,
      [enrolledIds],
    )).rows;
    if (shapes.length !== 2 || shapes[0]?.shape !== shapes[1]?.shape || shapes.find((s) => !s.enrolled)?.n !== n) {
      throw new Error(`agents bench: SQL-made computers do not look like enrolled ones:\n${shapes.map((s) => `  ${s.enrolled ? 'enrolled' : 'SQL-made'} (${s.n}): ${s.shape}`).join('\n')}`);
    }
    // A SQL-made credential authenticates and gets exactly an enrolled agent's idle answer; a tampered one is refused.
    const answer = async (a: SimAgent, headers = a.headers): Promise<{ status: number; text: string }> => post(setupAgent, API, headers, a.body);
    const last = must(agents[agents.length - 1], 'no agents');
    const [viaEnroll, viaSql] = [await answer(must(enrolled[0], 'nobody enrolled')), await answer(last)];
    if (viaEnroll.status !== 200 || viaSql.status !== 200 || viaEnroll.text !== viaSql.text) {
      throw new Error(`agents bench: a SQL-made agent is not answered as an enrolled one: enrolled ${viaEnroll.status} ${viaEnroll.text} | SQL-made ${viaSql.status} ${viaSql.text}`);
    }
    const tampered = await answer(last, { ...last.headers, authorization: `Bearer ${last.credential.slice(0, -4)}AAAA` });
    if (tampered.status !== 401) throw new Error(`agents bench: a tampered credential answered ${tampered.status}, not 401: the credential check is not what is measured`);
    const idle = JSON.parse(viaSql.text) as AgentCheckInResponse;
    const bareIdle = await post(setupAgent, BARE, last.headers, last.body);
    if (bareIdle.status !== 200 || bareIdle.text !== viaSql.text) throw new Error(`agents bench: the bare app does not answer what an idle check-in answers: ${bareIdle.text} vs ${viaSql.text}`);
    setupAgent.destroy();
    const readyMs = performance.now() - tStart;
    const bootWarnings = apiWarnings.count;
    apiWarnings.first.length = 0;

    // ---- Warm-up (not counted), then R rounds per side, alternating which goes first.
    const fails = new Failures();
    const measure = async (t: Target): Promise<Measured> => {
      const agent = keepAlive(concurrency);
      const lat: number[] = [];
      const r = await closedLoop(n, concurrency, snapFor(t), fails, (i) => idleCheckIn(agent, t, agents[i] as SimAgent, fails, lat));
      agent.destroy();
      fails.throwIfAny(`a round against the ${t.name}`);
      return { target: t.name, lat, ...r };
    };
    const warm = { api: await measure(API), bare: await measure(BARE) };
    const measured: Record<'API' | 'bare', Measured[]> = { API: [], bare: [] };
    let tLastApiRound = new Date();
    for (let r = 0; r < rounds; r++) {
      for (const t of r % 2 === 0 ? [API, BARE] : [BARE, API]) {
        if (t === API) tLastApiRound = new Date(Date.now() - 1000);
        measured[t.name].push(await measure(t));
      }
    }
    // Every agent's check-in reached the database: each computer was seen during the last API round.
    const seen = (await db.query<{ n: number }>(`SELECT count(*)::int AS n FROM computers WHERE tenant_id = ANY($1::uuid[]) AND last_seen_at >= $2`, [[fleetTenant, busyTenant], tLastApiRound])).rows[0]?.n ?? 0;
    if (seen < n) throw new Error(`agents bench: only ${seen} of ${n} computers were marked seen in the last round`);

    // ---- At the fleet's real rate: N agents every checkInIntervalSeconds, open loop.
    const fleetRate = n / idle.checkInIntervalSeconds;
    const paced: Record<'API' | 'bare', Measured | null> = { API: null, bare: null };
    if (pacedSeconds > 0) {
      for (const t of [API, BARE]) {
        const agent = keepAlive(concurrency);
        paced[t.name] = await openLoop(fleetRate, Math.max(1, Math.round(fleetRate * pacedSeconds)), t, fails, snapFor(t),
          (k, lat, due) => idleCheckIn(agent, t, agents[k % agents.length] as SimAgent, fails, lat, due));
        agent.destroy();
        fails.throwIfAny(`the paced run against the ${t.name}`);
      }
    }

    // ---- Work pending: a share of the agents gets a maintenance session through the API, then one mixed round.
    let busy: null | {
      count: number; label: string; startMs: number; wallMs: number; total: number; cpu: CpuSnap;
      idle: number[]; steps: Map<string, number[]>; sessionMs: number[]; outcome: string;
    } = null;
    let software: SoftwareSummary | null = null;
    const benchSoftware = async (): Promise<SoftwareSummary> => {
      if (software) return software;
      const sw = await admin<SoftwareSummary>('POST', '/software', { name: 'Bench tool', slug: 'bench-tool', platform: 'linux', vendor: 'Bench' }, 201);
      await admin<SoftwareSummary>('POST', `/software/${sw.id}/versions`, {
        version: '1.0.0', installScript: 'echo install', uninstallScript: 'echo uninstall', detectionScript: 'echo detect',
      }, 201);
      return (software = sw);
    };
    const busySet = new Set(busyIdx);
    if (busyIdx.length) {
      const sw = await benchSoftware();
      const dep = await admin<DeploymentSummary>('POST', '/deployments', {
        softwareId: sw.id, action: 'install', version: 'latest', enforcement: 'required', target: { kind: 'tenant', tenantId: busyTenant },
      }, 201);
      const t0 = performance.now();
      const started = await admin<StartSessionsResponse>('POST', '/maintenance-sessions', { tenantId: busyTenant, deploymentId: dep.id }, 201);
      const startMs = performance.now() - t0;
      if (started.sessions.length !== busyIdx.length) {
        throw new Error(`agents bench: ${started.sessions.length} sessions started for ${busyIdx.length} computers: ${JSON.stringify(started.skipped.slice(0, 3))}`);
      }
      const STEP = ['1 session starts: resolve, plan, hand out detection', '2 detection result: plan, hand out install', '3 install result: hand out detection again', '4 last detection: verify, finish'];
      const steps = new Map<string, number[]>(STEP.map((s) => [s, []]));
      const idleLat: number[] = [];
      const sessionMs: number[] = [];
      const agent = keepAlive(concurrency);
      const result = (a: AgentAction, output: string): AgentActionResult => {
        const now = new Date().toISOString();
        return { actionId: a.id, status: 'succeeded', exitCode: 0, output, outputTruncated: false, startedAt: now, finishedAt: now };
      };
      /** Plays the agent: runs what it is handed (detection finds the tool once installed) and checks in again at once. */
      const work = async (a: SimAgent): Promise<void> => {
        let installed = false;
        let body = a.body;
        const s0 = performance.now();
        for (let step = 0; step < 8; step++) {
          const r = await post(agent, API, withBody(a, body), body);
          if (r.status !== 200) return fails.add('API', a, r.status, r.text);
          const res = JSON.parse(r.text) as AgentCheckInResponse;
          steps.get(STEP[Math.min(step, STEP.length - 1)] ?? '')?.push(r.ms);
          if (!res.actions.length) {
            sessionMs.push(performance.now() - s0);
            if (step !== STEP.length - 1) fails.add('API', a, r.status, `the session ended after ${step + 1} check-ins, not ${STEP.length}`);
            return;
          }
          const results = res.actions.map((x) => {
            if (x.type === 'install') installed = true;
            return result(x, x.type === 'detect' ? (installed ? `${x.version}\n` : '') : `${x.type} ${x.software} ok`);
          });
          body = Buffer.from(JSON.stringify({ agentVersion: AGENT_VERSION, hostname: a.hostname, results }));
        }
        fails.add('API', a, 200, 'the server kept handing out actions');
      };
      const snap = snapFor(API);
      const c0 = snap();
      const m0 = performance.now();
      await closedLoop(n, concurrency, () => c0, fails, (i) => (busySet.has(i) ? work(agents[i] as SimAgent) : idleCheckIn(agent, API, agents[i] as SimAgent, fails, idleLat)));
      const wallMs = performance.now() - m0;
      const cpu = diff(c0, snap());
      agent.destroy();
      fails.throwIfAny('the round with work pending');
      const outcome = (await db.query<{ status: string; summary: string; n: number }>(
        `SELECT status, summary, count(*)::int AS n FROM maintenance_sessions WHERE deployment_id = $1 GROUP BY 1, 2`, [dep.id],
      )).rows;
      const inventory = (await db.query<{ n: number }>(
        `SELECT count(*)::int AS n FROM computer_software WHERE software_id = $1 AND version = '1.0.0'`, [sw.id],
      )).rows[0]?.n ?? 0;
      if (outcome.length !== 1 || outcome[0]?.status !== 'succeeded' || outcome[0].summary !== '1 installed' || inventory !== busyIdx.length) {
        throw new Error(`agents bench: the sessions did not all end with "1 installed": ${JSON.stringify(outcome)}; ${inventory} computers show version 1.0.0`);
      }
      const total = idleLat.length + [...steps.values()].reduce((s, l) => s + l.length, 0);
      busy = { count: busyIdx.length, label: dep.label, startMs, wallMs, total, cpu, idle: idleLat, steps, sessionMs, outcome: `${outcome[0].n}/${busyIdx.length} succeeded, "${outcome[0].summary}"` };
    }

    // Before any restart: the peak memory of the process measured above, and what it logged while measured.
    const warnedWhileMeasuring = apiWarnings.count - bootWarnings;
    const rss = ((): string => {
      try {
        const hwm = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${apiPid}/status`, 'utf8'))?.[1];
        return hwm ? `${(Number(hwm) / 1024).toFixed(0)} MB` : 'n/a';
      } catch {
        return 'n/a';
      }
    })();

    // ---- Opt-in: maintenance started for the whole fleet tenant at once; first check-ins arrive open loop at R/s.
    let fleetSessions: null | { sessions: number; rate: number; m: Measured } = null;
    if (fleetSessionRate > 0) {
      const sw = await benchSoftware();
      const dep = await admin<DeploymentSummary>('POST', '/deployments', {
        softwareId: sw.id, action: 'install', version: 'latest', enforcement: 'required', target: { kind: 'tenant', tenantId: fleetTenant },
      }, 201);
      const started = await admin<StartSessionsResponse>('POST', '/maintenance-sessions', { tenantId: fleetTenant, deploymentId: dep.id }, 201);
      const fleet = agents.filter((_, i) => !busySet.has(i));
      // As after an upgrade or a restart with that maintenance pending: a fresh API process meets the agents' check-ins.
      if (apiProc.current) await stopChild(apiProc.current.child, apiProc.current.exited);
      const restarted = await launchApi();
      const API2: Target = { name: 'API', ...hostPort(restarted.url), cpu: () => procCpu(restarted.pid)?.self ?? null };
      const agent = keepAlive(1024);
      const total = Math.min(fleet.length, Math.max(1, Math.round(fleetSessionRate * 10)));
      const m = await openLoop(fleetSessionRate, total, API2, fails, snapFor(API2), async (k, lat, due) => {
        const a = fleet[k] as SimAgent;
        const r = await post(agent, API2, a.headers, a.body, due);
        if (r.status !== 200) return fails.add('API', a, r.status, r.text);
        const actions = (JSON.parse(r.text) as AgentCheckInResponse).actions;
        if (actions.length !== 1 || actions[0]?.type !== 'detect') return fails.add('API', a, r.status, `expected one detection, got ${r.text.slice(0, 200)}`);
        lat.push(r.ms);
      });
      agent.destroy();
      fails.throwIfAny(`the first check-ins after maintenance started for the whole fleet (${fleetSessionRate}/s)`);
      fleetSessions = { sessions: started.sessions.length, rate: fleetSessionRate, m };
    }

    // ------------------------------------------------------------------------------------------------ report
    const all = (ms_: Measured[]): { lat: number[]; wallMs: number; cpu: CpuSnap; rates: number[] } => ({
      lat: ms_.flatMap((m) => m.lat),
      wallMs: ms_.reduce((s, m) => s + m.wallMs, 0),
      cpu: sumCpu(ms_.map((m) => m.cpu)),
      rates: ms_.map((m) => (m.lat.length * 1000) / m.wallMs),
    });
    const A = all(measured.API);
    const B = all(measured.bare);
    const sa = stats(A.lat);
    const sb = stats(B.lat);
    const rateA = (sa.n * 1000) / A.wallMs;
    const rateB = (sb.n * 1000) / B.wallMs;
    const perReq = (cpu: number | null, count: number): string => (cpu === null ? 'n/a' : ms(cpu / count));
    const cores = (cpu: number | null, wall: number): string => (cpu === null ? 'n/a' : (cpu / wall).toFixed(2));

    console.log('');
    console.log(
      `agents bench: ${int(n)} agents (one SQL INSERT in ${ms(setupMs)}; credentials checked against ${enrollCount} agents enrolled through POST /api/v1/agent/enroll), ` +
        `${rounds} timed round(s) = ${int(sa.n)} check-ins per side after a warm-up round each, closed loop at ${concurrency} keep-alive connections ` +
        `(node:http in this process); one API process (${int(apiPid)}), Postgres ${pgInfo.v}${pgh.embedded ? ' embedded' : ' (DATABASE_URL)'}, fsync ${pgInfo.fsync}, ` +
        `synchronous_commit ${pgInfo.sc}; ready in ${ms(readyMs)}`,
    );
    console.log(`idle check-in: POST ${CHECK_IN_PATH} with Bearer agt_…, body {agentVersion, hostname, results: []} -> ${viaSql.text}`);
    console.log('');
    const table: string[][] = [['idle check-ins, closed loop', 'API (one process)', 'bare NestJS', 'API / bare']];
    table.push(['check-ins/s', int(rateA), int(rateB), pct(rateA / rateB)]);
    table.push(['  per round', A.rates.map(int).join(' / '), B.rates.map(int).join(' / '), '']);
    for (const [label, key] of [['p50', 'p50'], ['p90', 'p90'], ['p99', 'p99'], ['max', 'max']] as const) {
      table.push([`latency ${label}`, ms(sa[key]), ms(sb[key]), times(sa[key] / sb[key])]);
    }
    table.push(['errors (non-200 or not idle)', '0', '0', '']);
    table.push(['CPU per check-in: server process', perReq(A.cpu.server, sa.n), perReq(B.cpu.server, sb.n), A.cpu.server !== null && B.cpu.server !== null ? times((A.cpu.server / sa.n) / (B.cpu.server / sb.n)) : '']);
    table.push(['CPU per check-in: Postgres (all processes)', perReq(A.cpu.pg, sa.n), '-', '']);
    table.push(['CPU per check-in: whole machine', perReq(A.cpu.machine, sa.n), perReq(B.cpu.machine, sb.n), A.cpu.machine !== null && B.cpu.machine !== null ? times((A.cpu.machine / sa.n) / (B.cpu.machine / sb.n)) : '']);
    table.push(['CPU per check-in: load generator (this process)', perReq(A.cpu.client, sa.n), perReq(B.cpu.client, sb.n), '']);
    const coreUse = (c: CpuSnap, wall: number): string => [c.server, c.pg, c.client, c.machine].map((x) => cores(x, wall)).join(' / ');
    table.push([`cores busy: server / Postgres / load gen. / machine (of ${cpus().length})`, coreUse(A.cpu, A.wallMs), coreUse(B.cpu, B.wallMs), '']);
    if ((A.cpu.steal ?? 0) / A.wallMs + (B.cpu.steal ?? 0) / B.wallMs >= 0.01) table.push(['cores stolen by the hypervisor', cores(A.cpu.steal, A.wallMs), cores(B.cpu.steal, B.wallMs), '']);
    const roundCores = (list: Measured[]): string => list.map((m) => cores(m.cpu.machine, m.wallMs)).join(' / ');
    table.push(['  machine cores busy per round', roundCores(measured.API), roundCores(measured.bare), '']);
    printTable(table);
    console.log(`warm-up rounds (not counted): API ${int((warm.api.lat.length * 1000) / warm.api.wallMs)}/s, bare ${int((warm.bare.lat.length * 1000) / warm.bare.wallMs)}/s; API peak RSS ${rss}; API log lines at warn or above while measuring: ${warnedWhileMeasuring} (${bootWarnings} at boot)`);
    if (warnedWhileMeasuring) for (const l of apiWarnings.first) console.log(`  ${l}`);

    if (paced.API && paced.bare) {
      const pa = stats(paced.API.lat);
      const pb = stats(paced.bare.lat);
      console.log('');
      const pt: string[][] = [[`at the fleet's rate: ${fleetRate.toFixed(0)} check-ins/s, open loop, ${pacedSeconds} s`, 'API (one process)', 'bare NestJS', 'API / bare']];
      pt.push(['check-ins', int(pa.n), int(pb.n), '']);
      for (const [label, key] of [['p50', 'p50'], ['p90', 'p90'], ['p99', 'p99'], ['max', 'max']] as const) pt.push([`latency ${label}`, ms(pa[key]), ms(pb[key]), times(pa[key] / pb[key])]);
      pt.push([`cores busy: server / Postgres / load gen. / machine (of ${cpus().length})`, coreUse(paced.API.cpu, paced.API.wallMs), coreUse(paced.bare.cpu, paced.bare.wallMs), '']);
      printTable(pt);
    }

    console.log('');
    console.log(
      `${int(n)} agents checking in every ${idle.checkInIntervalSeconds} s need ${fleetRate.toFixed(0)} check-ins/s; one API process did ${int(rateA)}/s: ` +
        `headroom ${times(rateA / fleetRate)} (about ${int(rateA * idle.checkInIntervalSeconds)} idle agents per process at that interval, on this machine with Postgres on the same 2 cores)`,
    );

    if (busy) {
      console.log('');
      console.log(
        `work pending: ${busy.count} agents (${pct(busy.count / n)}) with a maintenance session started through POST /api/v1/maintenance-sessions (${ms(busy.startMs)}) for ` +
          `"${busy.label}", in one round with the ${int(n - busy.count)} idle agents; each plays the agent (detect, install, detect again) until its session ends`,
      );
      const bt: string[][] = [['check-ins in that round', 'count', 'p50', 'p90', 'p99', 'max', 'p50 / idle p50']];
      const si = stats(busy.idle);
      bt.push(['idle', int(si.n), ms(si.p50), ms(si.p90), ms(si.p99), ms(si.max), '1.00x']);
      const allBusy: number[] = [];
      for (const [label, lat] of busy.steps) {
        const s = stats(lat);
        allBusy.push(...lat);
        bt.push([`busy ${label}`, int(s.n), ms(s.p50), ms(s.p90), ms(s.p99), ms(s.max), times(s.p50 / si.p50)]);
      }
      const sAll = stats(allBusy);
      bt.push(['busy, all', int(sAll.n), ms(sAll.p50), ms(sAll.p90), ms(sAll.p99), ms(sAll.max), times(sAll.p50 / si.p50)]);
      const ss = stats(busy.sessionMs);
      bt.push(['a whole session (4 check-ins, scripts take 0 s)', int(ss.n), ms(ss.p50), ms(ss.p90), ms(ss.p99), ms(ss.max), '']);
      printTable(bt);
      const rate = (busy.total * 1000) / busy.wallMs;
      console.log(
        `that round: ${int(busy.total)} check-ins (${pct(sAll.n / busy.total)} busy) in ${ms(busy.wallMs)} = ${int(rate)}/s, ${pct(rate / rateA)} of the idle rounds' rate; ` +
          `CPU per check-in: API ${perReq(busy.cpu.server, busy.total)}, Postgres ${perReq(busy.cpu.pg, busy.total)}; sessions: ${busy.outcome}`,
      );
      // A busy check-in's own cost: the round's CPU less what its idle check-ins cost at the idle rounds' rate per check-in.
      const busyCost = (round: number | null, idleAll: number | null): string =>
        round === null || idleAll === null ? 'n/a' : ms(Math.max(0, round - (idleAll / sa.n) * si.n) / sAll.n);
      const ratioCost = (round: number | null, idleAll: number | null): string =>
        round === null || idleAll === null ? '' : times(Math.max(0, round - (idleAll / sa.n) * si.n) / sAll.n / (idleAll / sa.n));
      console.log(
        `a busy check-in costs about API ${busyCost(busy.cpu.server, A.cpu.server)} (${ratioCost(busy.cpu.server, A.cpu.server)} an idle one), ` +
          `Postgres ${busyCost(busy.cpu.pg, A.cpu.pg)} (${ratioCost(busy.cpu.pg, A.cpu.pg)}) of CPU (the round's CPU less its idle check-ins at the idle rounds' cost)`,
      );
    } else {
      console.log('work pending: skipped (--busy-share 0)');
    }
    if (fleetSessions) {
      const f = stats(fleetSessions.m.lat);
      console.log('');
      console.log(
        `maintenance for the whole fleet: ${int(fleetSessions.sessions)} sessions started through the API, the API restarted, then ${int(f.n)} first check-ins (each a session start) ` +
          `open loop at ${fleetSessions.rate}/s: p50 ${ms(f.p50)}, p90 ${ms(f.p90)}, p99 ${ms(f.p99)}, max ${ms(f.max)}; ` +
          `cores busy: ${[fleetSessions.m.cpu.server, fleetSessions.m.cpu.pg, fleetSessions.m.cpu.client, fleetSessions.m.cpu.machine].map((x) => cores(x, fleetSessions?.m.wallMs ?? 1)).join(' / ')}`,
      );
    } else {
      console.log('maintenance for the whole fleet: skipped (opt in with --fleet-session-rate R, first check-ins per second)');
    }
    console.log(`total time ${ms(performance.now() - tStart)}`);

    if (json) {
      const pick = (s: Stats) => ({ n: s.n, p50: +s.p50.toFixed(3), p90: +s.p90.toFixed(3), p99: +s.p99.toFixed(3), max: +s.max.toFixed(3) });
      console.log(JSON.stringify({
        bench: 'agents', agents: n, rounds, concurrency,
        api: { perSecond: Math.round(rateA), rounds: A.rates.map(Math.round), latencyMs: pick(sa), cpuMsPerCheckIn: { api: A.cpu.server === null ? null : A.cpu.server / sa.n, postgres: A.cpu.pg === null ? null : A.cpu.pg / sa.n, client: A.cpu.client / sa.n } },
        bare: { perSecond: Math.round(rateB), rounds: B.rates.map(Math.round), latencyMs: pick(sb), cpuMsPerCheckIn: { bare: B.cpu.server === null ? null : B.cpu.server / sb.n, client: B.cpu.client / sb.n } },
        ratios: { rateApiOverBare: +(rateA / rateB).toFixed(3), p50ApiOverBare: +(sa.p50 / sb.p50).toFixed(2), p99ApiOverBare: +(sa.p99 / sb.p99).toFixed(2) },
        fleet: { needPerSecond: +fleetRate.toFixed(1), headroom: +(rateA / fleetRate).toFixed(2) },
        paced: paced.API && paced.bare ? { ratePerSecond: +fleetRate.toFixed(1), api: pick(stats(paced.API.lat)), bare: pick(stats(paced.bare.lat)) } : null,
        busy: busy ? {
          agents: busy.count, idle: pick(stats(busy.idle)), steps: Object.fromEntries([...busy.steps].map(([k, v]) => [k, pick(stats(v))])),
          perSecond: Math.round((busy.total * 1000) / busy.wallMs), sessions: busy.outcome,
        } : null,
        fleetSessions: fleetSessions ? { sessions: fleetSessions.sessions, ratePerSecond: fleetSessions.rate, latencyMs: pick(stats(fleetSessions.m.lat)) } : null,
      }));
    }
  } catch (err) {
    if (apiLines.length) console.error(`last API output:\n${apiLines.slice(-15).join('\n')}`);
    // When the API stopped answering, say what its database connections were doing.
    if (db && /no answer within/.test(String(err))) {
      const activity = await db.query<{ state: string; n: number; oldest_xact_s: number; query: string }>(
        `SELECT state, count(*)::int AS n, round(extract(epoch FROM max(now() - xact_start)))::int AS oldest_xact_s, left(regexp_replace(min(query), '\\s+', ' ', 'g'), 140) AS query
         FROM pg_stat_activity WHERE application_name = 'entitle' GROUP BY state ORDER BY n DESC`,
      ).catch(() => null);
      if (activity) console.error(`the API's Postgres connections (application_name 'entitle') when it stopped answering:\n${activity.rows.map((r) => `  ${r.n} ${r.state}, oldest transaction ${r.oldest_xact_s ?? '-'} s: ${r.query}`).join('\n')}`);
    }
    throw err;
  } finally {
    for (const step of cleanup) await step().catch((e: unknown) => console.error(`agents bench cleanup: ${e instanceof Error ? e.message : String(e)}`));
  }
}
