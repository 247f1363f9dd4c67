import { spawn, ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import { join } from 'node:path';
import { AgentAction, AgentActionResult, AgentResultStatus, DEFAULT_SCRIPT_TIMEOUT_SECONDS } from '@entitle/domain';
import { errorMessage } from './agent-config';
import { OutputCollector } from './output-collector';

/** Time a script gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 5_000;
/**
 * After the script exits, how long to wait for its output pipes to close. A process it left running in the
 * background (`daemon &`) keeps them open; the agent stops reading rather than wait for it.
 */
const STREAM_DRAIN_MS = 1_000;
const MAX_TIMEOUT_SECONDS = 24 * 3600;

export interface RunActionOptions {
  /** Aborted when the agent shuts down: the script is stopped and reported as failed. */
  signal?: AbortSignal;
  killGraceMs?: number;
  /** Where the private temp directory is made; the system's temp directory by default. */
  tempRoot?: string;
}

/** The shell command line for a script file. */
export function commandFor(shell: AgentAction['shell'], file: string): { command: string; args: string[] } {
  if (shell === 'powershell') return { command: 'powershell', args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', file] };
  // `sh <file>` with stderr joined to stdout on one pipe: two pipes would lose the order of the script's lines.
  return { command: 'sh', args: ['-c', 'exec sh "$0" 2>&1', file] };
}

/** The timeout to apply: the server's, or the default when it sent nothing usable. */
export function effectiveTimeoutSeconds(timeoutSeconds: unknown): number {
  return typeof timeoutSeconds === 'number' && Number.isFinite(timeoutSeconds) && timeoutSeconds > 0
    ? Math.min(timeoutSeconds, MAX_TIMEOUT_SECONDS)
    : DEFAULT_SCRIPT_TIMEOUT_SECONDS;
}

/**
 * Runs one action's script in a private temp directory and reports how it went. Never throws: a script that
 * cannot start, fails, hangs or floods its output still gives a result.
 */
export async function runAction(action: AgentAction, options: RunActionOptions = {}): Promise<AgentActionResult> {
  const startedAt = new Date().toISOString();
  const collector = new OutputCollector();
  let outcome: { status: AgentResultStatus; exitCode: number | null } = { status: 'failed', exitCode: null };
  let dir: string | undefined;
  try {
    dir = await mkdtemp(join(options.tempRoot ?? os.tmpdir(), 'entitle-agent-'));
    await chmod(dir, 0o700);
    const ps = action.shell === 'powershell';
    const file = join(dir, ps ? 'script.ps1' : 'script.sh');
    // Windows PowerShell 5.1 reads a .ps1 without a byte order mark as the ANSI code page, mangling non-ASCII text;
    // sh stops at the \r of Windows line endings.
    const content = ps ? `\ufeff${action.script}` : action.script.replace(/\r\n/g, '\n');
    await writeFile(file, content, { mode: 0o600 });
    const { command, args } = commandFor(action.shell, file);
    const env = { ...process.env, ENTITLE_SOFTWARE: action.software, ENTITLE_VERSION: action.version ?? '', ENTITLE_ACTION: action.type };
    outcome = await execute(command, args, { cwd: dir, env, timeoutSeconds: effectiveTimeoutSeconds(action.timeoutSeconds), collector, ...options });
  } catch (error) {
    collector.note(`[entitle-agent] could not prepare the script: ${errorMessage(error)}`);
  } finally {
    if (dir) await rm(dir, { recursive: true, force: true, maxRetries: 3 }).catch(() => undefined);
  }
  const { output, truncated } = collector.finish();
  return { actionId: action.id, status: outcome.status, exitCode: outcome.exitCode, output, outputTruncated: truncated, startedAt, finishedAt: new Date().toISOString() };
}

interface ExecuteOptions extends RunActionOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutSeconds: number;
  collector: OutputCollector;
}

function execute(command: string, args: string[], options: ExecuteOptions): Promise<{ status: AgentResultStatus; exitCode: number | null }> {
  const { collector, signal, timeoutSeconds } = options;
  const graceMs = options.killGraceMs ?? KILL_GRACE_MS;
  return new Promise((resolve) => {
    let child: ChildProcess;
    try {
      // detached: the script leads its own process group, so a timeout can stop everything it started.
      child = spawn(command, args, { cwd: options.cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'], windowsHide: true });
    } catch (error) {
      collector.note(`[entitle-agent] could not start ${command}: ${errorMessage(error)}`);
      resolve({ status: 'failed', exitCode: null });
      return;
    }
    let stopReason: 'timeout' | 'shutdown' | null = null;
    let spawnError: Error | null = null;
    let exit: { code: number | null; signal: NodeJS.Signals | null } | null = null;
    let settled = false;
    const timers: NodeJS.Timeout[] = [];

    const settle = (): void => {
      if (settled) return;
      settled = true;
      timers.forEach(clearTimeout);
      signal?.removeEventListener('abort', onAbort);
      // A stopped script's children that ignored SIGTERM (and kept its output open) must not outlive it.
      if (stopReason) killGroup(child, 'SIGKILL');
      child.stdout?.destroy();
      child.stderr?.destroy();
      if (stopReason === 'timeout') {
        collector.note(`[entitle-agent] stopped after ${timeoutSeconds} s (timeout)`);
        resolve({ status: 'timed_out', exitCode: null });
      } else if (stopReason === 'shutdown') {
        collector.note('[entitle-agent] stopped: the agent was shutting down');
        resolve({ status: 'failed', exitCode: null });
      } else if (spawnError) {
        collector.note(`[entitle-agent] could not start ${command}: ${spawnError.message}`);
        resolve({ status: 'failed', exitCode: null });
      } else if (exit?.code === 0) {
        resolve({ status: 'succeeded', exitCode: 0 });
      } else if (exit && exit.code !== null) {
        // Windows reports NTSTATUS codes unsigned (0xC0000005 = 3221225477); as signed 32-bit they are what Windows
        // tools show (-1073741819) and fit an integer column. POSIX codes (0-255) are unchanged.
        resolve({ status: 'failed', exitCode: exit.code | 0 });
      } else {
        collector.note(`[entitle-agent] the script was ended by ${exit?.signal ?? 'an unknown signal'}`);
        resolve({ status: 'failed', exitCode: null });
      }
    };

    const stop = (reason: 'timeout' | 'shutdown'): void => {
      // Once the script has exited, whatever it left in the background is not the agent's to stop.
      if (stopReason || settled || exit) return;
      stopReason = reason;
      killGroup(child, 'SIGTERM');
      timers.push(
        setTimeout(() => {
          killGroup(child, 'SIGKILL');
          // A process stuck in the kernel may outlive SIGKILL for a while; the agent moves on regardless.
          timers.push(setTimeout(settle, graceMs));
        }, graceMs),
      );
    };
    const onAbort = (): void => stop('shutdown');
    const timeoutTimer = setTimeout(() => stop('timeout'), timeoutSeconds * 1000);
    timers.push(timeoutTimer);

    child.stdout?.on('data', (chunk: Buffer) => collector.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => collector.push(chunk));
    child.once('error', (error) => {
      spawnError = error;
      if (child.pid === undefined) settle();
    });
    child.once('exit', (code, exitSignal) => {
      exit = { code, signal: exitSignal };
      clearTimeout(timeoutTimer);
      timers.push(setTimeout(settle, STREAM_DRAIN_MS));
    });
    child.once('close', (code, closeSignal) => {
      exit ??= { code, signal: closeSignal };
      settle();
    });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Signals the script's whole process group, so children it started in the background stop with it. */
function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) return;
  if (process.platform === 'win32') {
    // Windows has no process groups to signal: taskkill /T ends the process tree.
    spawn('taskkill', ['/pid', String(pid), '/T', '/F'], { stdio: 'ignore', windowsHide: true }).on('error', () => child.kill(signal));
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    try {
      child.kill(signal);
    } catch {
      // Already gone.
    }
  }
}
