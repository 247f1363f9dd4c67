import { existsSync, readFileSync } from 'node:fs';
import { AGENT_OUTPUT_LIMIT_BYTES, AgentAction } from '@entitle/domain';
import { runAction } from './script-runner';

function action(script: string, overrides: Partial<AgentAction> = {}): AgentAction {
  return { id: 'a1', type: 'install', software: 'huntress', version: '1.2.3', shell: 'sh', script, timeoutSeconds: 30, ...overrides };
}

/** A zombie nobody has reaped yet still answers kill(pid, 0), but it is gone. */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

describe('runAction', () => {
  it('should succeed with the script output when the script exits 0', async () => {
    const result = await runAction(action('echo installing\necho done'));
    expect(result).toMatchObject({ actionId: 'a1', status: 'succeeded', exitCode: 0, output: 'installing\ndone\n', outputTruncated: false });
    expect(Date.parse(result.finishedAt)).toBeGreaterThanOrEqual(Date.parse(result.startedAt));
  });

  it('should fail with the exit code and keep stdout and stderr in order when the script exits non-zero', async () => {
    const result = await runAction(action('echo one\necho two >&2\necho three\nexit 7'));
    expect(result).toMatchObject({ status: 'failed', exitCode: 7, output: 'one\ntwo\nthree\n' });
  });

  it('should give the script its software, version and action and a private working directory that is removed afterwards when it runs', async () => {
    const result = await runAction(action('echo "$ENTITLE_SOFTWARE|$ENTITLE_VERSION|$ENTITLE_ACTION"\npwd\nstat -c %a .', { type: 'detect', version: null }));
    const [vars, cwd, mode] = result.output.trim().split('\n');
    expect(vars).toBe('huntress||detect');
    expect(mode).toBe('700');
    expect(existsSync(cwd)).toBe(false);
  });

  it('should stop the script and everything it started when it runs past its timeout', async () => {
    const started = Date.now();
    const result = await runAction(action('sleep 300 &\necho "child $!"\nsleep 300', { timeoutSeconds: 1 }));
    expect(Date.now() - started).toBeLessThan(4_000);
    expect(result.status).toBe('timed_out');
    expect(result.exitCode).toBeNull();
    expect(result.output).toMatch(/^child \d+\n\[entitle-agent\] stopped after 1 s \(timeout\)\n$/);
    const child = Number(/child (\d+)/.exec(result.output)![1]);
    expect(isRunning(child)).toBe(false);
  });

  it('should kill a script that ignores SIGTERM when the grace period ends', async () => {
    const result = await runAction(action("trap '' TERM\necho waiting\nwhile :; do sleep 1; done", { timeoutSeconds: 1 }), { killGraceMs: 300 });
    expect(result.status).toBe('timed_out');
    expect(result.output).toContain('[entitle-agent] stopped after 1 s (timeout)');
  });

  it('should keep the first and last bytes within the limit when a script prints 5 MB', async () => {
    const script = 'echo FIRST-LINE\nhead -c 5000000 /dev/zero | tr "\\0" x\necho\necho oops >&2\necho LAST-LINE';
    const result = await runAction(action(script));
    expect(result.status).toBe('succeeded');
    expect(result.outputTruncated).toBe(true);
    expect(result.output.startsWith('FIRST-LINE\nxxxx')).toBe(true);
    expect(result.output.endsWith('xxxx\noops\nLAST-LINE\n')).toBe(true);
    const marker = /\n\[\.\.\. (\d+) bytes of output left out \.\.\.\]\n/.exec(result.output);
    expect(Number(marker![1])).toBe(11 + 5_000_000 + 1 + 5 + 10 - AGENT_OUTPUT_LIMIT_BYTES);
    expect(Buffer.byteLength(result.output)).toBe(AGENT_OUTPUT_LIMIT_BYTES + marker![0].length);
  });

  it('should fail saying why when the shell cannot be started', async () => {
    const result = await runAction(action('Write-Output hi', { shell: 'powershell' }));
    expect(result).toMatchObject({ status: 'failed', exitCode: null });
    expect(result.output).toContain('[entitle-agent] could not start powershell');
  });

  it('should stop the script and report it failed when the agent shuts down', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = Date.now();
    const result = await runAction(action('echo started\nsleep 300'), { signal: controller.signal });
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({ status: 'failed', exitCode: null });
    expect(result.output).toBe('started\n[entitle-agent] stopped: the agent was shutting down\n');
  });

  it('should run a script with Windows line endings when it was written on Windows', async () => {
    const result = await runAction(action('echo a\r\necho b\r\n'));
    expect(result.output).toBe('a\nb\n');
  });

  it('should not wait for a background process that keeps the output open when the script has exited', async () => {
    const started = Date.now();
    const result = await runAction(action('sleep 30 &\necho "bg $!"\necho done'));
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(result).toMatchObject({ status: 'succeeded', exitCode: 0 });
    process.kill(Number(/bg (\d+)/.exec(result.output)![1]), 'SIGKILL');
  });
});
