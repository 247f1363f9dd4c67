import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AGENT_OUTPUT_LIMIT_BYTES, AgentAction, AgentActionResult, AgentCheckInRequest } from '@entitle/domain';
import { AgentConfig, pendingResultsPath } from './agent-config';
import { backoffDelayMs, EXIT_ERROR, EXIT_OK, EXIT_UNAUTHORIZED, nextBatch, runCheckInLoop } from './check-in-loop';
import { apiError, FakeAgentApi, FakeReply, RecordedRequest, startFakeAgentApi } from './test/fake-agent-api';
import { AGENT_VERSION } from './version';

const CREDENTIAL = 'agt_loop_spec_credential_0123456789';

function action(id: string, script: string, overrides: Partial<AgentAction> = {}): AgentAction {
  return { id, type: 'install', software: 'huntress', version: '1.0', shell: 'sh', script, timeoutSeconds: 30, ...overrides };
}

function work(actions: AgentAction[]): FakeReply {
  return { status: 200, body: { actions, nextCheckInSeconds: 60, checkInIntervalSeconds: 60 } };
}
const NO_WORK = work([]);

describe(runCheckInLoop.name, () => {
  let dir: string;
  let configPath: string;
  let api: FakeAgentApi | undefined;
  let lines: string[];

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-loop-spec-'));
    configPath = join(dir, 'agent.json');
    lines = [];
  });
  afterEach(async () => {
    await api?.close();
    api = undefined;
    await rm(dir, { recursive: true, force: true });
  });

  /** Answers check-ins from `replies` in turn; once they run out, there is no more work. */
  async function serve(replies: (FakeReply | ((request: RecordedRequest) => FakeReply | Promise<FakeReply>))[]): Promise<FakeAgentApi> {
    let next = 0;
    api = await startFakeAgentApi((request) => {
      const reply = replies[next++] ?? NO_WORK;
      return typeof reply === 'function' ? reply(request) : reply;
    });
    return api;
  }

  function loop(server: FakeAgentApi, extra: Partial<Parameters<typeof runCheckInLoop>[0]> = {}): Promise<number> {
    const config: AgentConfig = { server: server.url, computerId: 'c1', credential: CREDENTIAL, checkInIntervalSeconds: 60, enrolledAt: new Date().toISOString() };
    return runCheckInLoop({ configPath, config, once: true, log: (line) => lines.push(line), backoffBaseMs: 20, ...extra });
  }

  const checkIns = (server: FakeAgentApi): AgentCheckInRequest[] => server.requests.map((r) => r.body as AgentCheckInRequest);

  it('should run the actions one after another in order and report their results at once when the server hands out work', async () => {
    const order = join(dir, 'order.log');
    const step = (name: string): string => `echo ${name}-start >> ${order}\nsleep 0.2\necho ${name}-end >> ${order}\necho ${name} done`;
    const server = await serve([work([action('a1', step('a')), action('a2', step('b'), { type: 'detect', version: null }), action('a3', step('c'), { type: 'uninstall' })])]);

    expect(await loop(server)).toBe(EXIT_OK);

    expect((await readFile(order, 'utf8')).trim().split('\n')).toEqual(['a-start', 'a-end', 'b-start', 'b-end', 'c-start', 'c-end']);
    expect(server.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/agent/check-in', 'POST /api/v1/agent/check-in']);
    expect(server.requests[0].headers['authorization']).toBe(`Bearer ${CREDENTIAL}`);
    const [first, second] = checkIns(server);
    expect(first).toMatchObject({ agentVersion: AGENT_VERSION, results: [] });
    expect(typeof first.hostname).toBe('string');
    expect(second.results!.map((r) => [r.actionId, r.status, r.exitCode, r.output])).toEqual([
      ['a1', 'succeeded', 0, 'a done\n'],
      ['a2', 'succeeded', 0, 'b done\n'],
      ['a3', 'succeeded', 0, 'c done\n'],
    ]);
    await expect(stat(pendingResultsPath(configPath))).rejects.toThrow('ENOENT');
    expect(lines.join('\n')).not.toContain(CREDENTIAL);
  });

  it('should report a failing, a hanging and a flooding script and go on to the next action when scripts misbehave', async () => {
    const server = await serve([
      work([
        action('fail', 'echo broken >&2\nexit 3'),
        action('hang', 'sleep 300', { timeoutSeconds: 1 }),
        action('flood', 'head -c 3000000 /dev/zero | tr "\\0" z\necho\necho flood-end'),
        action('after', 'echo still here'),
      ]),
    ]);

    expect(await loop(server)).toBe(EXIT_OK);

    const results = new Map(checkIns(server)[1].results!.map((r) => [r.actionId, r]));
    expect([...results.keys()]).toEqual(['fail', 'hang', 'flood', 'after']);
    expect(results.get('fail')).toMatchObject({ status: 'failed', exitCode: 3, output: 'broken\n' });
    expect(results.get('hang')).toMatchObject({ status: 'timed_out', exitCode: null });
    expect(results.get('hang')!.output).toContain('[entitle-agent] stopped after 1 s (timeout)');
    expect(results.get('flood')).toMatchObject({ status: 'succeeded', outputTruncated: true });
    expect(results.get('flood')!.output.endsWith('zzz\nflood-end\n')).toBe(true);
    expect(Buffer.byteLength(results.get('flood')!.output)).toBeLessThan(AGENT_OUTPUT_LIMIT_BYTES + 100);
    expect(results.get('after')).toMatchObject({ status: 'succeeded', output: 'still here\n' });
  }, 15_000);

  it('should keep the results on disk and send them again when the server answered 503', async () => {
    let pendingOnDisk: AgentActionResult[] = [];
    let pendingMode = 0;
    const server = await serve([
      work([action('a1', 'echo installed')]),
      apiError(503, 'unavailable', 'database restarting'),
      async () => {
        pendingOnDisk = JSON.parse(await readFile(pendingResultsPath(configPath), 'utf8')) as AgentActionResult[];
        pendingMode = (await stat(pendingResultsPath(configPath))).mode & 0o777;
        return NO_WORK;
      },
    ]);

    expect(await loop(server)).toBe(EXIT_OK);

    const [, refused, resent] = checkIns(server);
    expect(refused.results!.map((r) => r.actionId)).toEqual(['a1']);
    expect(resent.results).toEqual(refused.results);
    expect(pendingOnDisk).toEqual(refused.results);
    expect(pendingMode).toBe(0o600);
    await expect(stat(pendingResultsPath(configPath))).rejects.toThrow('ENOENT');
    expect(lines.some((l) => l.includes('check-in failed: server answered 503 unavailable: database restarting'))).toBe(true);
  });

  it('should send the results a previous run left when it starts', async () => {
    const left: AgentActionResult = { actionId: 'old', status: 'failed', exitCode: null, output: 'stopped', outputTruncated: false, startedAt: 'a', finishedAt: 'b' };
    await writeFile(pendingResultsPath(configPath), JSON.stringify([left]));
    const server = await serve([]);

    expect(await loop(server)).toBe(EXIT_OK);

    expect(checkIns(server)[0].results).toEqual([left]);
    await expect(stat(pendingResultsPath(configPath))).rejects.toThrow('ENOENT');
  });

  it('should stop with exit code 3 and keep the results when the server refuses the credential', async () => {
    const server = await serve([work([action('a1', 'echo hi')]), apiError(401, 'agent_revoked', 'this agent was revoked')]);

    expect(await loop(server)).toBe(EXIT_UNAUTHORIZED);

    expect(lines.at(-1)).toContain("the server no longer accepts this agent's credential (agent_revoked)");
    expect(JSON.parse(await readFile(pendingResultsPath(configPath), 'utf8'))).toHaveLength(1);
  });

  it('should report an action it cannot run as failed and run the rest when the server sends a malformed one', async () => {
    const server = await serve([work([{ ...action('bad', 'echo x'), shell: 'cmd' } as unknown as AgentAction, action('good', 'echo ok')])]);

    expect(await loop(server)).toBe(EXIT_OK);

    expect(checkIns(server)[1].results!.map((r) => [r.actionId, r.status, r.output])).toEqual([
      ['bad', 'failed', '[entitle-agent] cannot run this action: unknown shell cmd\n'],
      ['good', 'succeeded', 'ok\n'],
    ]);
  });

  it('should give up with exit code 1 and keep the results when --once cannot reach the server', async () => {
    const server = await serve([work([action('a1', 'echo hi')]), ...Array.from({ length: 5 }, () => apiError(502, 'bad_gateway', 'proxy'))]);

    expect(await loop(server)).toBe(EXIT_ERROR);

    expect(server.requests).toHaveLength(6);
    expect(JSON.parse(await readFile(pendingResultsPath(configPath), 'utf8'))).toHaveLength(1);
  });

  it('should drop results the server keeps refusing and carry on when it answers 400 three times', async () => {
    const refuse = apiError(400, 'validation_failed', 'results.0.output is too long');
    const server = await serve([work([action('a1', 'echo hi')]), refuse, refuse, refuse]);

    expect(await loop(server)).toBe(EXIT_OK);

    expect(checkIns(server).map((b) => b.results!.length)).toEqual([0, 1, 1, 1, 0]);
    expect(lines.some((l) => l.includes('dropping them (actions a1)'))).toBe(true);
  });

  it('should deliver the results over several check-ins when together they are too big for one request', async () => {
    const big = (id: string): AgentAction => action(id, 'head -c 100000 /dev/zero | tr "\\0" q');
    const server = await serve([work(Array.from({ length: 12 }, (_, i) => big(`r${i}`)))]);

    expect(await loop(server)).toBe(EXIT_OK);

    const sizes = server.requests.map((r) => Buffer.byteLength(JSON.stringify(r.body)));
    const batches = checkIns(server).map((b) => b.results!.map((r) => r.actionId));
    // Each result holds 64 KiB of output: seven fit in 512 KiB.
    expect(batches.map((b) => b.length)).toEqual([0, 7, 5]);
    expect(batches.flat()).toEqual(Array.from({ length: 12 }, (_, i) => `r${i}`));
    expect(Math.max(...sizes)).toBeLessThan(600 * 1024);
  });

  it('should take results in order up to the byte and count limits and always at least one when batching', () => {
    const result = (id: string, size: number): AgentActionResult => ({ actionId: id, status: 'succeeded', exitCode: 0, output: 'o'.repeat(size), outputTruncated: false, startedAt: 's', finishedAt: 'f' });
    const pending = [result('a', 400), result('b', 400), result('c', 400), result('d', 5000)];
    expect(nextBatch(pending, 1000, 50).map((r) => r.actionId)).toEqual(['a']);
    expect(nextBatch(pending, 2000, 50).map((r) => r.actionId)).toEqual(['a', 'b', 'c']);
    expect(nextBatch(pending, 100_000, 2).map((r) => r.actionId)).toEqual(['a', 'b']);
    expect(nextBatch([result('huge', 9000)], 1000, 50).map((r) => r.actionId)).toEqual(['huge']);
    expect(nextBatch([], 1000, 50)).toEqual([]);
  });

  it('should check in again after nextCheckInSeconds and stop at once when it is aborted', async () => {
    const controller = new AbortController();
    const times: number[] = [];
    const idle = (): FakeReply => {
      times.push(Date.now());
      if (times.length === 2) setImmediate(() => controller.abort());
      return { status: 200, body: { actions: [], nextCheckInSeconds: 1, checkInIntervalSeconds: 60 } };
    };
    const server = await serve([idle, idle, idle]);

    const started = Date.now();
    expect(await loop(server, { once: false, signal: controller.signal })).toBe(EXIT_OK);

    expect(times).toHaveLength(2);
    expect(times[1] - times[0]).toBeGreaterThanOrEqual(950);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it.each([
    [0, 0.0, 2_000],
    [0, 1.0, 2_000],
    [1, 0.0, 2_000],
    [1, 1.0, 4_000],
    [3, 1.0, 16_000],
    [3, 0.5, 12_000],
    [10, 1.0, 60_000],
    [10, 0.0, 30_000],
  ])('should wait within the backoff bounds after failure %i when the jitter is %f', (attempt, random, expected) => {
    expect(backoffDelayMs(attempt, { baseMs: 2_000, capMs: 60_000, random: () => random })).toBe(expected);
  });

  it('should wait as long as Retry-After says when the server sends it', () => {
    expect(backoffDelayMs(0, { baseMs: 2_000, capMs: 60_000, retryAfterMs: 120_000 })).toBe(120_000);
    expect(backoffDelayMs(5, { baseMs: 2_000, capMs: 60_000, retryAfterMs: 0 })).toBe(2_000);
  });
});
