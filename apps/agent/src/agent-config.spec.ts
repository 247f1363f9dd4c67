import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AgentConfig, defaultConfigPath, pendingResultsPath, readConfig, readPendingResults, writeConfig, writePendingResults } from './agent-config';

const CONFIG: AgentConfig = { server: 'https://e.example', computerId: 'c1', credential: 'agt_secret', checkInIntervalSeconds: 60, enrolledAt: '2025-01-01T00:00:00.000Z' };

describe('agent config', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'agent-config-spec-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it.each([
    ['ENTITLE_AGENT_CONFIG is set', { env: { ENTITLE_AGENT_CONFIG: '/srv/agent.json' }, platform: 'linux', uid: 0, homedir: '/root' }, '/srv/agent.json'],
    ['root on Linux', { env: {}, platform: 'linux', uid: 0, homedir: '/root' }, '/etc/entitle-agent/agent.json'],
    ['root on macOS', { env: {}, platform: 'darwin', uid: 0, homedir: '/var/root' }, '/etc/entitle-agent/agent.json'],
    ['a user on Linux', { env: {}, platform: 'linux', uid: 1000, homedir: '/home/alice' }, '/home/alice/.config/entitle-agent/agent.json'],
    ['Windows', { env: { ProgramData: 'D:\\ProgramData' }, platform: 'win32', uid: undefined, homedir: 'C:\\Users\\a' }, 'D:\\ProgramData\\Entitle\\agent.json'],
  ] as const)('should choose the default config path when %s', (_name, context, expected) => {
    expect(defaultConfigPath({ ...context, env: { ...context.env } })).toBe(expected);
  });

  it('should write the config readable by its owner only in a private directory when saving it', async () => {
    const path = join(dir, 'nested', 'agent.json');
    await writeConfig(path, CONFIG);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'nested'))).mode & 0o777).toBe(0o700);
    expect(await readConfig(path)).toEqual(CONFIG);
  });

  it.each([
    ['missing', undefined, 'enroll first'],
    ['not JSON', '{', 'not valid JSON'],
    ['without a credential', JSON.stringify({ ...CONFIG, credential: '' }), 'credential missing'],
  ])('should say what to do when the config is %s', async (_name, content, message) => {
    const path = join(dir, 'agent.json');
    if (content !== undefined) await writeFile(path, content);
    await expect(readConfig(path)).rejects.toThrow(message);
  });

  it('should keep pending results in a private file and delete it when none are left', async () => {
    const path = join(dir, 'agent.json');
    const result = { actionId: 'a1', status: 'succeeded' as const, exitCode: 0, output: 'ok', outputTruncated: false, startedAt: 'x', finishedAt: 'y' };
    await writePendingResults(path, [result]);
    expect((await stat(pendingResultsPath(path))).mode & 0o777).toBe(0o600);
    expect(await readPendingResults(path)).toEqual([result]);
    await writePendingResults(path, []);
    await expect(readFile(pendingResultsPath(path))).rejects.toThrow('ENOENT');
    expect(await readPendingResults(path)).toEqual([]);
  });
});
