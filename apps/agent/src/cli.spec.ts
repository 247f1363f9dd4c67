import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentActionResult, AgentEnrollRequest } from '@entitle/domain';
import { pendingResultsPath } from './agent-config';
import { apiError, FakeAgentApi, FakeReply, startFakeAgentApi } from './test/fake-agent-api';

const ROOT = join(__dirname, '..', '..', '..');
const KEY = 'enr_cli_spec_enrollment_key_42';
const CREDENTIAL = 'agt_cli_spec_credential_0123456789';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CLI as a real child process, the way `npm run agent` starts it. */
function agent(args: string[], options: { onStart?: (kill: (signal: NodeJS.Signals) => void) => void } = {}): Promise<Run> {
  const env = { ...process.env };
  delete env['ENTITLE_AGENT_CONFIG'];
  delete env['ENTITLE_ENROLLMENT_KEY'];
  const child = spawn(join(ROOT, 'node_modules', '.bin', 'tsx'), ['apps/agent/src/main.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  options.onStart?.((signal) => child.kill(signal));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

const ENROLLED: FakeReply = {
  status: 201,
  body: { computerId: 'c-1', credential: CREDENTIAL, tenant: { id: 't-1', name: 'Acme Dental' }, checkInIntervalSeconds: 120, reenrolled: false },
};

describe('entitle-agent CLI', () => {
  let dir: string;
  let api: FakeAgentApi | undefined;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-cli-spec-'));
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  it('should print the usage and exit 0 when asked for --help', async () => {
    const run = await agent(['--help']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('usage: entitle-agent <command>');
    expect(run.stdout).toContain('enroll --server URL --key KEY');
  }, 30_000);

  it('should exit 2 with one line naming the flag when a flag is unknown', async () => {
    const run = await agent(['run', '--colour', 'red']);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe('entitle-agent: unknown flag --colour for run (see entitle-agent --help)\n');
  }, 30_000);

  it('should save a private config, print one line and never show the credential or key when enrollment succeeds', async () => {
    api = await startFakeAgentApi(() => ENROLLED);
    const configPath = join(dir, 'etc', 'agent.json');

    const run = await agent(['enroll', '--server', `${api.url}/`, '--key', KEY, '--config', configPath, '--hardware-id', 'hw-1', '--kind', 'portable', '--hostname', 'front-desk-01']);

    expect(run).toEqual({ code: 0, stdout: 'enrolled front-desk-01 as computer c-1 in tenant Acme Dental\n', stderr: '' });
    expect(api.requests).toHaveLength(1);
    expect(api.requests[0].path).toBe('/api/v1/agent/enroll');
    expect(api.requests[0].headers['authorization']).toBeUndefined();
    const body = api.requests[0].body as AgentEnrollRequest;
    expect(body).toMatchObject({ key: KEY, hostname: 'front-desk-01', hardwareId: 'hw-1', kind: 'portable', platform: 'linux', agentVersion: '0.1.0' });
    expect((await stat(configPath)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'etc'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(configPath, 'utf8'))).toEqual({
      server: api.url,
      computerId: 'c-1',
      credential: CREDENTIAL,
      checkInIntervalSeconds: 120,
      enrolledAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
      hostname: 'front-desk-01',
    });

    const status = await agent(['status', '--config', configPath]);
    expect(status.code).toBe(0);
    expect(status.stdout).toMatch(/^credential\s+set$/m);
    expect(status.stdout).toMatch(/^computer\s+c-1$/m);
    expect(status.stdout + status.stderr).not.toContain(CREDENTIAL);
  }, 30_000);

  it.each([
    ['the key is refused', apiError(401, 'invalid_enrollment_key', 'enrollment key is not valid'), 'entitle-agent: enrollment refused: the enrollment key is unknown, expired, revoked or used up\n'],
    [
      'the server says why the key is refused',
      apiError(401, 'invalid_enrollment_key', 'enrollment refused: the enrollment key was used 5 of 5 times'),
      'entitle-agent: enrollment refused: the enrollment key was used 5 of 5 times\n',
    ],
    [
      'the machine info is refused',
      { status: 400, body: { statusCode: 400, code: 'validation_failed', message: 'bad input', errors: [{ field: 'hostname', message: 'must be at most 255 characters' }] } },
      'entitle-agent: enrollment refused: hostname must be at most 255 characters\n',
    ],
  ])('should exit 1 with one line and save nothing when %s', async (_name, reply, line) => {
    api = await startFakeAgentApi(() => reply as FakeReply);
    const configPath = join(dir, 'agent.json');

    const run = await agent(['enroll', '--server', api.url, '--key', KEY, '--config', configPath, '--hardware-id', 'hw-1']);

    expect(run).toEqual({ code: 1, stdout: '', stderr: line });
    expect(existsSync(configPath)).toBe(false);
  }, 30_000);

  it('should exit 3 with one log line when the server no longer accepts the credential', async () => {
    api = await startFakeAgentApi((request) => (request.path === '/api/v1/agent/enroll' ? ENROLLED : apiError(401, 'agent_revoked', 'this agent was revoked')));
    const configPath = join(dir, 'agent.json');
    expect((await agent(['enroll', '--server', api.url, '--key', KEY, '--config', configPath, '--hardware-id', 'hw-1'])).code).toBe(0);

    const run = await agent(['run', '--once', '--config', configPath]);

    expect(run.code).toBe(3);
    const lines = run.stderr.trim().split('\n');
    expect(lines.at(-1)).toMatch(/^\d{4}-\d{2}-\d{2}T[\d:.]+Z the server no longer accepts this agent's credential \(agent_revoked\): enroll again with a new key$/);
    expect(run.stderr).not.toContain(CREDENTIAL);
    expect(api.requests.at(-1)!.headers['authorization']).toBe(`Bearer ${CREDENTIAL}`);
  }, 30_000);

  it('should stop the running script, keep its result and exit 0 when sent SIGTERM', async () => {
    const pidFile = join(dir, 'script.pid');
    api = await startFakeAgentApi((request) =>
      request.path === '/api/v1/agent/enroll'
        ? ENROLLED
        : {
            status: 200,
            body: {
              actions: [{ id: 'long', type: 'install', software: 'huntress', version: '1.0', shell: 'sh', script: `echo $$ > ${pidFile}\nsleep 300`, timeoutSeconds: 600 }],
              nextCheckInSeconds: 60,
              checkInIntervalSeconds: 60,
            },
          },
    );
    const configPath = join(dir, 'agent.json');
    let kill: (signal: NodeJS.Signals) => void = () => undefined;

    const running = agent(['enroll', '--server', api.url, '--key', KEY, '--config', configPath, '--hardware-id', 'hw-1', '--run'], { onStart: (k) => (kill = k) });
    await waitFor(() => existsSync(pidFile) && readFileSync(pidFile, 'utf8').trim() !== '', 15_000);
    const stoppedAt = Date.now();
    kill('SIGTERM');
    const run = await running;

    expect(run.code).toBe(0);
    expect(Date.now() - stoppedAt).toBeLessThan(5_000);
    expect(run.stdout).toBe('enrolled ' + (api.requests[0].body as AgentEnrollRequest).hostname + ' as computer c-1 in tenant Acme Dental\n');
    expect(run.stderr).toContain('stopping (SIGTERM)');
    const [result] = JSON.parse(await readFile(pendingResultsPath(configPath), 'utf8')) as AgentActionResult[];
    expect(result).toMatchObject({ actionId: 'long', status: 'failed', exitCode: null });
    expect(result.output).toContain('[entitle-agent] stopped: the agent was shutting down');
    const scriptPid = Number((await readFile(pidFile, 'utf8')).trim());
    expect(() => process.kill(scriptPid, 0)).toThrow();
  }, 30_000);
});
