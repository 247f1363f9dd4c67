import { execFile } from 'node:child_process';
import { constants } from 'node:fs';
import { access, chmod, mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { dirname, join, win32 } from 'node:path';
import { AGENT_RESULT_STATUSES, AgentActionResult } from '@entitle/domain';

/** What `enroll` saves and `run` reads. Holds the agent's credential: the file is 0600 in a 0700 directory. */
export interface AgentConfig {
  /** The Entitle base URL, without `/api/v1`. */
  server: string;
  computerId: string;
  credential: string;
  checkInIntervalSeconds: number;
  enrolledAt: string;
  /** Only when the installer named the machine with `--hostname`: check-ins then report that name. */
  hostname?: string;
}

export interface ConfigPathContext {
  env: NodeJS.ProcessEnv;
  platform: NodeJS.Platform;
  /** undefined on Windows. */
  uid: number | undefined;
  homedir: string;
}

/** ENTITLE_AGENT_CONFIG, else the machine-wide path when running as root (or on Windows), else the user's own. */
export function defaultConfigPath(context: ConfigPathContext = currentContext()): string {
  const fromEnv = context.env['ENTITLE_AGENT_CONFIG']?.trim();
  if (fromEnv) return fromEnv;
  if (context.platform === 'win32') {
    return win32.join(context.env['ProgramData'] ?? context.env['PROGRAMDATA'] ?? 'C:\\ProgramData', 'Entitle', 'agent.json');
  }
  if (context.uid === 0) return '/etc/entitle-agent/agent.json';
  return join(context.homedir, '.config', 'entitle-agent', 'agent.json');
}

function currentContext(): ConfigPathContext {
  return { env: process.env, platform: process.platform, uid: typeof process.getuid === 'function' ? process.getuid() : undefined, homedir: os.homedir() };
}

export function pendingResultsPath(configPath: string): string {
  return `${configPath}.pending.json`;
}

/** Reads and checks the config; the error says what to do when there is none. */
export async function readConfig(path: string): Promise<AgentConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (errorCode(error) === 'ENOENT') throw new Error(`no agent config at ${path}: enroll first (entitle-agent enroll --server URL --key KEY)`);
    throw new Error(`cannot read the agent config ${path}: ${errorMessage(error)}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`the agent config ${path} is not valid JSON: enroll again`);
  }
  const problem = configProblem(data);
  if (problem) throw new Error(`the agent config ${path} is invalid (${problem}): enroll again`);
  return data as AgentConfig;
}

function configProblem(data: unknown): string | null {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return 'not an object';
  const c = data as Record<string, unknown>;
  for (const field of ['server', 'computerId', 'credential', 'enrolledAt']) {
    if (typeof c[field] !== 'string' || c[field] === '') return `${field} missing`;
  }
  if (!/^https?:\/\//.test(c['server'] as string)) return 'server is not an http(s) URL';
  if (typeof c['checkInIntervalSeconds'] !== 'number' || !(c['checkInIntervalSeconds'] > 0)) return 'checkInIntervalSeconds missing';
  if (c['hostname'] !== undefined && typeof c['hostname'] !== 'string') return 'hostname is not text';
  return null;
}

/** Makes the config's directory (0700 when created) and checks a private file can be written there. */
export async function ensureConfigWritable(path: string): Promise<void> {
  const dir = dirname(path);
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await access(dir, constants.W_OK);
    if (process.platform === 'win32') await restrictWindowsDir(dir);
  } catch (error) {
    throw new Error(`cannot write the agent config in ${dir}: ${errorMessage(error)}${errorCode(error) === 'EACCES' ? ' (run as root or pass --config FILE)' : ''}`);
  }
}

/**
 * Windows ignores file modes and ProgramData is readable by every user: the directory gets an ACL of its own
 * (SYSTEM, Administrators and the enrolling user; SIDs, since group names are translated).
 */
function restrictWindowsDir(dir: string): Promise<void> {
  const user = os.userInfo().username;
  const args = [dir, '/inheritance:r', '/grant:r', '*S-1-5-18:(OI)(CI)F', '/grant:r', '*S-1-5-32-544:(OI)(CI)F', '/grant:r', `${user}:(OI)(CI)F`];
  return new Promise((resolve, reject) => {
    execFile('icacls', args, { windowsHide: true, timeout: 15_000 }, (error) => (error ? reject(new Error(`icacls could not restrict access: ${error.message}`)) : resolve()));
  });
}

/** Writes JSON so that a reader sees either the old file or the whole new one, and nobody but the owner can read it. */
export async function writePrivateJson(path: string, data: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(data, null, 2)}\n`, { mode: 0o600, flag: 'w' });
    // The mode above applies only when the file is created; a leftover temp file could have another.
    await chmod(temp, 0o600);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
}

export async function writeConfig(path: string, config: AgentConfig): Promise<void> {
  await writePrivateJson(path, config);
}

/** Results a previous run could not deliver; unreadable entries are dropped rather than stopping the agent. */
export async function readPendingResults(configPath: string): Promise<AgentActionResult[]> {
  let text: string;
  try {
    text = await readFile(pendingResultsPath(configPath), 'utf8');
  } catch {
    return [];
  }
  try {
    const data: unknown = JSON.parse(text);
    return Array.isArray(data) ? data.filter(isActionResult) : [];
  } catch {
    return [];
  }
}

export async function writePendingResults(configPath: string, results: readonly AgentActionResult[]): Promise<void> {
  if (results.length === 0) {
    await rm(pendingResultsPath(configPath), { force: true });
    return;
  }
  await writePrivateJson(pendingResultsPath(configPath), results);
}

function isActionResult(value: unknown): value is AgentActionResult {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as Record<string, unknown>;
  return (
    typeof r['actionId'] === 'string' &&
    (AGENT_RESULT_STATUSES as readonly unknown[]).includes(r['status']) &&
    (r['exitCode'] === null || typeof r['exitCode'] === 'number') &&
    typeof r['output'] === 'string' &&
    typeof r['outputTruncated'] === 'boolean' &&
    typeof r['startedAt'] === 'string' &&
    typeof r['finishedAt'] === 'string'
  );
}

export function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
