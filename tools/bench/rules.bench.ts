// `npm run bench -- rules [--computers N] [--clients N] [--deployments N]`
// Full resolution, one-client re-resolution and peak memory of libs/rules on a large generated MSP, against a
// baseline measured in the same run: the same winners computed by one SQL query in (embedded) Postgres.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Client } from 'pg';
import { createResolver, parseResolutionInput, type ResolutionInput, type Resolver } from '@entitle/rules';
import { generateBenchScenario, type BenchSize } from './rules-data';
import { loadSqlBaseline, WINNERS_SQL, type SqlWinner } from './rules-sql';

interface PostgresHandle { url: string; stop(): Promise<void> }

function gcFunction(): () => void {
  // tsx gives no way to pass --expose-gc through `npm run bench`; this flag flip is the documented escape hatch.
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(fn: () => T): [T, number] {
  const t0 = performance.now();
  const out = fn();
  return [out, performance.now() - t0];
}

/** Wall time and this process's CPU time (user + system): on a shared machine the CPU time is the steadier figure. */
function timeCpu<T>(fn: () => T): [T, number, number] {
  const c0 = process.cpuUsage();
  const [out, wall] = time(fn);
  const c = process.cpuUsage(c0);
  return [out, wall, (c.user + c.system) / 1000];
}

async function timeAsync<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const out = await fn();
  return [out, performance.now() - t0];
}

function arg(args: string[], name: string, dflt: number): number {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : dflt;
}

const mb = (bytes: number): string => `${(bytes / 1048576).toFixed(0)} MB`;
const ms = (x: number): string => (x < 10 ? `${x.toFixed(2)} ms` : `${x.toFixed(0)} ms`);

/** Another version of one client's data: its contracts end yesterday and its first invoice is disabled. */
function changedClientData(input: ResolutionInput, clientId: number) {
  const h = input.halo;
  return {
    client: h.clients.find((c) => c.id === clientId),
    sites: h.sites.filter((s) => s.client_id === clientId),
    contracts: h.contracts.filter((c) => c.client_id === clientId).map((c) => ({ ...c, end_date: '2026-12-02T00:00:00Z' })),
    recurringInvoices: h.recurringInvoices.filter((i) => i.client_id === clientId).map((i, n) => ({ ...i, disabled: n === 0 ? true : i.disabled })),
  };
}

function originalClientData(input: ResolutionInput, clientId: number) {
  const h = input.halo;
  return {
    client: h.clients.find((c) => c.id === clientId),
    sites: h.sites.filter((s) => s.client_id === clientId),
    contracts: h.contracts.filter((c) => c.client_id === clientId),
    recurringInvoices: h.recurringInvoices.filter((i) => i.client_id === clientId),
  };
}

function compareWithSql(resolver: Resolver, rows: SqlWinner[], sample: Set<string>): { checked: number; mismatches: string[] } {
  const byComputer = new Map<string, SqlWinner[]>();
  for (const r of rows) if (sample.has(r.computer_id)) (byComputer.get(r.computer_id) ?? byComputer.set(r.computer_id, []).get(r.computer_id) ?? []).push(r);
  const mismatches: string[] = [];
  for (const id of sample) {
    const mine = resolver.resolveComputer(id).map((e) => `${e.software}=${e.deploymentId}[${e.shadowed.join(',')}]`).sort();
    const theirs = (byComputer.get(id) ?? []).map((r) => `${r.software}=${r.winner}[${r.shadowed.join(',')}]`).sort();
    if (mine.join(' ') !== theirs.join(' ')) mismatches.push(`${id}: resolver ${mine.join(' ')} | sql ${theirs.join(' ')}`);
  }
  return { checked: sample.size, mismatches };
}

export async function run(args: string[]): Promise<void> {
  const size: BenchSize = {
    computers: arg(args, 'computers', 100_000),
    clients: arg(args, 'clients', 5_000),
    deployments: arg(args, 'deployments', 200),
    unmappedTenants: 100,
  };
  const gc = gcFunction();
  const raw = generateBenchScenario(size);
  const [input, parseMs] = time(() => parseResolutionInput(raw));
  console.log(`rules bench: ${size.computers} computers, ${size.clients} clients, ${size.deployments} deployments, ${input.halo.contracts.length} contracts, ${input.halo.recurringInvoices.length} recurring invoices`);

  // Memory: heap growth while indexing and resolving (peak, nothing collected in between) and what stays.
  gc();
  const heap0 = process.memoryUsage().heapUsed;
  let resolver = createResolver(input);
  const first = resolver.resolveAll();
  const heapPeak = process.memoryUsage().heapUsed - heap0;
  gc();
  const heapRetained = process.memoryUsage().heapUsed - heap0;
  const entries = Object.values(first.computers).reduce((s, l) => s + l.length, 0);

  // Full resolution: index + resolve every computer + reconciliation, from a fresh resolver each time.
  // Each run starts from a collected heap, so no run pays for the garbage of the one before.
  const fullRuns: number[] = [];
  const fullCpu: number[] = [];
  for (let i = 0; i < 7; i++) {
    gc();
    const [r, t, cpu] = timeCpu(() => {
      const fresh = createResolver(input);
      fresh.resolveAll();
      return fresh;
    });
    fullRuns.push(t);
    fullCpu.push(cpu);
    resolver = r;
  }
  const fullMs = median(fullRuns);
  const fullCpuMs = median(fullCpu);

  // One client's contracts change (they end yesterday, an invoice is disabled), then change back.
  const counts = new Map<number, number>();
  const tenantClient = new Map(input.tenants.map((t) => [t.id, t.haloClientId]));
  for (const c of input.computers) {
    const id = tenantClient.get(c.tenantId);
    if (id != null) counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const clientId = [...counts.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  const changed = changedClientData(input, clientId);
  const original = originalClientData(input, clientId);
  const reRuns: number[] = [];
  let touched = 0;
  for (let i = 0; i < 40; i++) {
    const [ids, t] = time(() => {
      const ids = resolver.replaceClientData(clientId, i % 2 === 0 ? changed : original);
      resolver.reconciliationFor(clientId);
      return ids;
    });
    touched = ids.length;
    reRuns.push(t);
  }
  const reMs = median(reRuns);
  // The incremental result must equal a full resolution of the changed snapshot.
  resolver.replaceClientData(clientId, changed);
  const changedInput = resolver.currentInput();
  const fullChanged = createResolver(changedInput).resolveAll();
  const incremental = resolver.resolveAll();
  const incrementalAgrees = JSON.stringify(incremental) === JSON.stringify(fullChanged);
  resolver.replaceClientData(clientId, original);

  // SQL baseline, same data, same run.
  const dataDir = mkdtempSync(join(tmpdir(), 'entitle-rules-bench-'));
  // @ts-expect-error -- tools/postgres.mjs is untyped ESM; the cast below states the part used here.
  const pgMod = (await import('../postgres.mjs')) as { ensurePostgres(o: { dataDir: string; persistent: boolean }): Promise<PostgresHandle> };
  const [pgh, startMs] = await timeAsync(() => pgMod.ensurePostgres({ dataDir, persistent: false }));
  const db = new Client({ connectionString: pgh.url });
  let sqlFullMs = 0;
  let sqlClientMs = 0;
  let agreement = { checked: 0, mismatches: [] as string[] };
  let clientAgreement = { checked: 0, mismatches: [] as string[] };
  let loadMs = 0;
  try {
    await db.connect();
    [, loadMs] = await timeAsync(() => loadSqlBaseline(db, input));
    // Timed inside Postgres (CREATE TABLE AS): no row transfer, the most favourable reading for the baseline.
    const sqlRuns: number[] = [];
    for (let i = 0; i < 3; i++) {
      await db.query('DROP TABLE IF EXISTS winners');
      const [, t] = await timeAsync(() => db.query(`CREATE TEMP TABLE winners AS ${WINNERS_SQL}`, [input.asOf, null]));
      sqlRuns.push(t);
      if (t > 15_000) break; // keep the bench within its two minutes on a slow machine
    }
    sqlFullMs = median(sqlRuns);
    const sample = new Set(input.computers.filter((_, i) => i % 50 === 0).map((c) => c.id));
    const rows = (await db.query<SqlWinner>('SELECT * FROM winners WHERE computer_id = ANY($1)', [[...sample]])).rows;
    agreement = compareWithSql(resolver, rows, sample);
    const clientRuns: number[] = [];
    let clientRows: SqlWinner[] = [];
    for (let i = 0; i < 10; i++) {
      const [res, t] = await timeAsync(() => db.query<SqlWinner>(WINNERS_SQL, [input.asOf, clientId]));
      clientRows = res.rows;
      clientRuns.push(t);
    }
    sqlClientMs = median(clientRuns);
    const clientComputers = new Set(input.computers.filter((c) => tenantClient.get(c.tenantId) === clientId).map((c) => c.id));
    clientAgreement = compareWithSql(resolver, clientRows, clientComputers);
  } finally {
    await db.end().catch(() => undefined);
    await pgh.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  const usage = process.resourceUsage();
  const table = [
    ['measure', 'resolver', 'SQL baseline', 'ratio (baseline / resolver)'],
    ['full resolve (index + all computers + reconciliation)', ms(fullMs), ms(sqlFullMs), `${(sqlFullMs / fullMs).toFixed(1)}x`],
    [`one-client re-resolve (client ${clientId}, ${touched} computers)`, ms(reMs), ms(sqlClientMs), `${(sqlClientMs / reMs).toFixed(1)}x`],
    ['full resolve, CPU time of this process (median)', ms(fullCpuMs), '', ''],
    ['heap growth while resolving (peak, no GC)', mb(heapPeak), '', ''],
    ['heap retained by the resolver and its result', mb(heapRetained), '', ''],
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const r of table) console.log(r.map((c, i) => c.padEnd(widths[i])).join('  '));
  console.log(
    `entries: ${entries}; SQL agrees on ${agreement.checked - agreement.mismatches.length}/${agreement.checked} sampled computers and ` +
      `${clientAgreement.checked - clientAgreement.mismatches.length}/${clientAgreement.checked} of client ${clientId}; incremental == full: ${incrementalAgrees}`,
  );
  for (const m of [...agreement.mismatches, ...clientAgreement.mismatches].slice(0, 5)) console.log(`  mismatch ${m}`);
  const json = {
    bench: 'rules',
    size,
    entries,
    parseMs: Math.round(parseMs),
    resolver: { fullMs: +fullMs.toFixed(1), fullRunsMs: fullRuns.map((x) => +x.toFixed(1)), fullCpuMs: +fullCpuMs.toFixed(1), oneClientMs: +reMs.toFixed(3), touchedComputers: touched },
    memory: { heapPeakBytes: heapPeak, heapRetainedBytes: heapRetained, processMaxRssBytes: usage.maxRSS * 1024 },
    sql: { startMs: Math.round(startMs), loadMs: Math.round(loadMs), fullMs: +sqlFullMs.toFixed(1), oneClientMs: +sqlClientMs.toFixed(2) },
    ratios: { fullSqlOverResolver: +(sqlFullMs / fullMs).toFixed(2), oneClientSqlOverResolver: +(sqlClientMs / reMs).toFixed(2) },
    agreement: { sampled: agreement.checked, mismatches: agreement.mismatches.length, clientComputers: clientAgreement.checked, clientMismatches: clientAgreement.mismatches.length, incrementalEqualsFull: incrementalAgrees },
    targets: { fullUnder1s: fullMs < 1000, oneClientUnder20ms: reMs < 20, aheadOfSql: fullMs < sqlFullMs },
  };
  console.log(JSON.stringify(json));
  if (agreement.mismatches.length || clientAgreement.mismatches.length || !incrementalAgrees) process.exitCode = 1;
}
