import { AGENT_ACTION_TYPES, AgentAction, AgentActionResult, AgentCheckInResponse } from '@entitle/domain';
import { AgentConfig, errorMessage, readPendingResults, writeConfig, writePendingResults } from './agent-config';
import { AgentApiClient, AgentApiError } from './api-client';
import { CheckInMachineInfo, collectCheckInInfo } from './machine-info';
import { runAction as runScript } from './script-runner';
import { AGENT_VERSION } from './version';

/** Exit codes of `run`. */
export const EXIT_OK = 0;
export const EXIT_ERROR = 1;
/** The server no longer accepts this agent's credential: it must enroll again. */
export const EXIT_UNAUTHORIZED = 3;

export const BACKOFF_BASE_MS = 2_000;
const MIN_SLEEP_SECONDS = 1;
const MAX_SLEEP_SECONDS = 3_600;
/** `--once` gives up after this many failed check-ins in a row. */
const ONCE_MAX_ATTEMPTS = 5;
/**
 * Results go to the server in batches no bigger than this (JSON) and no longer than MAX_RESULTS_PER_CHECK_IN, well
 * inside the API's 1 MB request limit and 100-results cap; the rest follow at once with the next check-in.
 */
const MAX_RESULTS_BYTES_PER_CHECK_IN = 512 * 1024;
const MAX_RESULTS_PER_CHECK_IN = 50;
/** A server refusing the same results this many times in a row will not take them: they are dropped so check-ins go on. */
const MAX_REFUSALS_WITH_RESULTS = 3;

export interface CheckInLoopOptions {
  configPath: string;
  config: AgentConfig;
  /** One cycle: check in, run what comes back, report it, stop once no more actions come. */
  once?: boolean;
  /** Aborted on SIGTERM/SIGINT: the running script is stopped, its result kept for the next start. */
  signal?: AbortSignal;
  log: (message: string) => void;
  runAction?: (action: AgentAction, signal?: AbortSignal) => Promise<AgentActionResult>;
  checkInInfo?: () => Promise<CheckInMachineInfo>;
  backoffBaseMs?: number;
  requestTimeoutMs?: number;
  random?: () => number;
}

/** Exponential backoff with jitter, from `baseMs` up to `capMs`; a server's Retry-After wins (up to an hour). */
export function backoffDelayMs(attempt: number, options: { baseMs: number; capMs: number; retryAfterMs?: number | null; random?: () => number }): number {
  const { baseMs } = options;
  if (options.retryAfterMs !== undefined && options.retryAfterMs !== null) return Math.min(Math.max(options.retryAfterMs, baseMs), MAX_SLEEP_SECONDS * 1000);
  const ceiling = Math.min(Math.max(baseMs, options.capMs), baseMs * 2 ** Math.min(attempt, 30));
  return Math.max(baseMs, Math.round(ceiling * (0.5 + (options.random ?? Math.random)() / 2)));
}

/** Why an action from the server cannot be run, or null when it can. */
export function actionProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const a = value as Record<string, unknown>;
  if (typeof a['id'] !== 'string' || a['id'] === '') return 'id missing';
  if (!(AGENT_ACTION_TYPES as readonly unknown[]).includes(a['type'])) return `unknown type ${String(a['type'])}`;
  if (typeof a['software'] !== 'string') return 'software missing';
  if (a['version'] !== null && typeof a['version'] !== 'string') return 'version is not text';
  if (a['shell'] !== 'sh' && a['shell'] !== 'powershell') return `unknown shell ${String(a['shell'])}`;
  if (typeof a['script'] !== 'string') return 'script missing';
  if (typeof a['timeoutSeconds'] !== 'number') return 'timeoutSeconds missing';
  return null;
}

function checkInResponseProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null) return 'not an object';
  const r = value as Record<string, unknown>;
  if (!Array.isArray(r['actions'])) return 'actions missing';
  return null;
}

/** The oldest results that fit one check-in; always at least one, which on its own is far below the limit. */
export function nextBatch(pending: readonly AgentActionResult[], maxBytes = MAX_RESULTS_BYTES_PER_CHECK_IN, maxCount = MAX_RESULTS_PER_CHECK_IN): AgentActionResult[] {
  const batch: AgentActionResult[] = [];
  let bytes = 0;
  for (const result of pending) {
    const size = Buffer.byteLength(JSON.stringify(result));
    if (batch.length > 0 && (bytes + size > maxBytes || batch.length >= maxCount)) break;
    batch.push(result);
    bytes += size;
  }
  return batch;
}

function clampSeconds(value: unknown, fallback: number): number {
  const n = typeof value === 'number' && Number.isFinite(value) ? value : fallback;
  return Math.min(MAX_SLEEP_SECONDS, Math.max(MIN_SLEEP_SECONDS, n));
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * The agent's life after enrollment: check in, run the actions handed out strictly one after another, report
 * their results at the next check-in (at once when there was work), otherwise wait as the server says. Results
 * are kept on disk until the server has taken them. Returns the process exit code.
 */
export async function runCheckInLoop(options: CheckInLoopOptions): Promise<number> {
  const { configPath, signal, log } = options;
  const config = { ...options.config };
  const run = options.runAction ?? ((action: AgentAction, s?: AbortSignal) => runScript(action, { signal: s }));
  const info = options.checkInInfo ?? collectCheckInInfo;
  const baseMs = options.backoffBaseMs ?? BACKOFF_BASE_MS;
  const client = new AgentApiClient({ server: config.server, credential: config.credential, signal, timeoutMs: options.requestTimeoutMs });

  let pending = await readPendingResults(configPath);
  const savePending = async (): Promise<void> => {
    try {
      await writePendingResults(configPath, pending);
    } catch (error) {
      log(`could not save undelivered results to disk (kept in memory): ${errorMessage(error)}`);
    }
  };

  log(`agent ${AGENT_VERSION} started: computer ${config.computerId}, server ${config.server}${pending.length ? `, ${plural(pending.length, 'undelivered result')} to send` : ''}`);
  let failures = 0;
  let refusals = 0;

  while (!signal?.aborted) {
    const machine = await info().catch(() => null);
    const sending = nextBatch(pending);
    let response: AgentCheckInResponse;
    try {
      response = await client.checkIn({
        agentVersion: AGENT_VERSION,
        ...(machine ? { hostname: config.hostname ?? machine.hostname, loggedInUser: machine.loggedInUser, osVersion: machine.osVersion } : {}),
        results: sending,
      });
      const problem = checkInResponseProblem(response);
      if (problem) throw new AgentApiError(`the server's check-in answer is unreadable (${problem})`, 'retryable');
    } catch (error) {
      if (!(error instanceof AgentApiError)) throw error;
      if (error.failure === 'aborted') break;
      if (error.failure === 'unauthorized') {
        log(`the server no longer accepts this agent's credential (${error.code ?? '401'}): enroll again with a new key`);
        return EXIT_UNAUTHORIZED;
      }
      failures += 1;
      if (error.failure === 'refused') {
        refusals += 1;
        if (refusals >= MAX_REFUSALS_WITH_RESULTS && sending.length > 0) {
          log(`the server refused ${plural(sending.length, 'result')} ${refusals} times (${error.message}): dropping them (actions ${sending.map((r) => r.actionId).join(', ')})`);
          const dropped = new Set(sending.map((r) => r.actionId));
          pending = pending.filter((r) => !dropped.has(r.actionId));
          await savePending();
          refusals = 0;
        }
      }
      if (options.once && failures >= ONCE_MAX_ATTEMPTS) {
        log(`check-in failed ${failures} times, giving up (${plural(pending.length, 'result')} kept for the next run): ${error.message}`);
        return EXIT_ERROR;
      }
      const delay = backoffDelayMs(failures - 1, { baseMs, capMs: config.checkInIntervalSeconds * 1000, retryAfterMs: error.retryAfterMs, random: options.random });
      log(`check-in failed: ${error.message}; retrying in ${(delay / 1000).toFixed(1)} s${pending.length ? ` (${plural(pending.length, 'result')} kept)` : ''}`);
      await sleep(delay, signal);
      continue;
    }

    failures = 0;
    refusals = 0;
    if (sending.length > 0) {
      const delivered = new Set(sending.map((r) => r.actionId));
      pending = pending.filter((r) => !delivered.has(r.actionId));
      await savePending();
    }
    if (typeof response.checkInIntervalSeconds === 'number' && response.checkInIntervalSeconds > 0 && response.checkInIntervalSeconds !== config.checkInIntervalSeconds) {
      config.checkInIntervalSeconds = response.checkInIntervalSeconds;
      await writeConfig(configPath, config).catch((error: unknown) => log(`could not save the new check-in interval: ${errorMessage(error)}`));
    }

    const actions: unknown[] = response.actions;
    const next = clampSeconds(response.nextCheckInSeconds, config.checkInIntervalSeconds);
    const idle = pending.length > 0 ? `${plural(pending.length, 'result')} still to deliver` : `no work, next check-in in ${next} s`;
    log(`checked in${sending.length ? `, delivered ${plural(sending.length, 'result')}` : ''}: ${actions.length ? plural(actions.length, 'action') : idle}`);
    if (actions.length === 0) {
      if (pending.length > 0) continue;
      if (options.once) return EXIT_OK;
      await sleep(next * 1000, signal);
      continue;
    }

    for (const raw of actions) {
      if (signal?.aborted) break;
      const result = await runOne(raw, pending, run, signal, log);
      if (!result) continue;
      pending.push(result);
      // On disk at once: a crash or restart before the next check-in must not lose what was done.
      await savePending();
    }
  }
  if (pending.length) await savePending();
  return EXIT_OK;
}

async function runOne(
  raw: unknown,
  pending: readonly AgentActionResult[],
  run: (action: AgentAction, signal?: AbortSignal) => Promise<AgentActionResult>,
  signal: AbortSignal | undefined,
  log: (message: string) => void,
): Promise<AgentActionResult | null> {
  const problem = actionProblem(raw);
  const id = typeof raw === 'object' && raw !== null && typeof (raw as { id?: unknown }).id === 'string' ? (raw as { id: string }).id : null;
  if (problem) {
    log(`cannot run an action from the server (${problem})${id ? `: reporting action ${id} as failed` : ': skipped'}`);
    if (!id) return null;
    const now = new Date().toISOString();
    return { actionId: id, status: 'failed', exitCode: null, output: `[entitle-agent] cannot run this action: ${problem}\n`, outputTruncated: false, startedAt: now, finishedAt: now };
  }
  const action = raw as AgentAction;
  if (pending.some((r) => r.actionId === action.id)) {
    log(`action ${action.id} already ran: its result goes with the next check-in`);
    return null;
  }
  log(`running ${action.type} ${action.software}${action.version ? ` ${action.version}` : ''} (action ${action.id}, ${action.shell}, timeout ${action.timeoutSeconds} s)`);
  const result = await run(action, signal);
  const seconds = ((Date.parse(result.finishedAt) - Date.parse(result.startedAt)) / 1000).toFixed(1);
  log(`action ${action.id} ${result.status}${result.exitCode !== null ? ` (exit ${result.exitCode})` : ''} after ${seconds} s${result.outputTruncated ? ', output cut to the 64 KiB limit' : ''}`);
  return result;
}
