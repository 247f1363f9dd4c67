import { AgentEnrollResponse } from '@entitle/domain';
import {
  AgentConfig,
  defaultConfigPath,
  ensureConfigWritable,
  errorMessage,
  readConfig,
  readPendingResults,
  writeConfig,
  writePendingResults,
} from './agent-config';
import { AgentApiClient, AgentApiError, normalizeServerUrl } from './api-client';
import { parseArgs, ParsedArgs, USAGE, UsageError } from './args';
import { EXIT_ERROR, EXIT_OK, runCheckInLoop } from './check-in-loop';
import { createLogger } from './logger';
import { collectMachineInfo } from './machine-info';
import { AGENT_VERSION } from './version';

export const EXIT_USAGE = 2;

export interface CliContext {
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Aborted on SIGTERM/SIGINT. */
  signal?: AbortSignal;
}

/** An error the CLI reports as one line and exit code 1. */
class CliError extends Error {}

/** Runs one command; returns the exit code. Never prints the credential or the enrollment key. */
export async function runCli(argv: readonly string[], context: CliContext): Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, context.env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    context.stderr(`entitle-agent: ${error.message} (see entitle-agent --help)\n`);
    return EXIT_USAGE;
  }
  const secrets = args.command === 'enroll' ? [args.key] : [];
  try {
    switch (args.command) {
      case 'help':
        context.stdout(`${USAGE}\n`);
        return EXIT_OK;
      case 'version':
        context.stdout(`${AGENT_VERSION}\n`);
        return EXIT_OK;
      case 'status':
        return await status(args.config ?? defaultConfigPath(), context);
      case 'run':
        return await run(args.config ?? defaultConfigPath(), args.once, context);
      case 'enroll': {
        const configPath = args.config ?? defaultConfigPath();
        const config = await enroll(args, configPath, context);
        secrets.push(config.credential);
        return args.run ? await run(configPath, false, context) : EXIT_OK;
      }
    }
  } catch (error) {
    let message = errorMessage(error).replace(/[\r\n]+/g, ' ');
    for (const secret of secrets) message = message.split(secret).join('***');
    context.stderr(`entitle-agent: ${message}\n`);
    return EXIT_ERROR;
  }
}

async function enroll(args: Extract<ParsedArgs, { command: 'enroll' }>, configPath: string, context: CliContext): Promise<AgentConfig> {
  let server: string;
  try {
    server = normalizeServerUrl(args.server);
  } catch (error) {
    throw new CliError(errorMessage(error));
  }
  if (server.startsWith('http://') && !/^http:\/\/(localhost|127\.\d+\.\d+\.\d+|\[::1\])(:|\/|$)/.test(server)) {
    context.stderr(`entitle-agent: warning: ${server} is plain http, so the agent's credential crosses the network unencrypted\n`);
  }
  // Before spending the key (it may allow a single use): the credential it buys must be saved.
  await ensureConfigWritable(configPath);
  const machine = await collectMachineInfo({ hostname: args.hostname, hardwareId: args.hardwareId, kind: args.kind }, context.env);
  const client = new AgentApiClient({ server, signal: context.signal });
  let response: AgentEnrollResponse;
  try {
    response = await client.enroll({ ...machine, key: args.key });
  } catch (error) {
    throw new CliError(enrollFailure(error));
  }
  if (typeof response?.computerId !== 'string' || typeof response.credential !== 'string' || response.credential === '') {
    throw new CliError(`enrollment failed: ${server} answered without a computer id and credential (is --server the Entitle URL?)`);
  }
  const previous = await readConfig(configPath).catch(() => null);
  const config: AgentConfig = {
    server,
    computerId: response.computerId,
    credential: response.credential,
    checkInIntervalSeconds: typeof response.checkInIntervalSeconds === 'number' && response.checkInIntervalSeconds > 0 ? response.checkInIntervalSeconds : 60,
    enrolledAt: new Date().toISOString(),
    ...(args.hostname ? { hostname: args.hostname } : {}),
  };
  try {
    await writeConfig(configPath, config);
  } catch (error) {
    throw new CliError(`enrolled, but could not save the config to ${configPath} (${errorMessage(error)}): enroll again once it can be written`);
  }
  // Results of another computer's actions mean nothing to this one.
  if (previous && previous.computerId !== config.computerId) await writePendingResults(configPath, []);
  const tenant = typeof response.tenant?.name === 'string' ? response.tenant.name : 'unknown';
  context.stdout(`enrolled ${machine.hostname} as computer ${config.computerId} in tenant ${tenant}${response.reenrolled ? ' (already known: updated)' : ''}\n`);
  return config;
}

function enrollFailure(error: unknown): string {
  if (!(error instanceof AgentApiError)) return `enrollment failed: ${errorMessage(error)}`;
  if (error.failure === 'unauthorized') {
    // The API may say which of these it was ("enrollment refused: the enrollment key expired on ...").
    const said = error.serverMessage ?? '';
    return said.startsWith('enrollment refused: ') ? said : 'enrollment refused: the enrollment key is unknown, expired, revoked or used up';
  }
  if (error.failure === 'refused' && error.fieldErrors.length > 0) {
    return `enrollment refused: ${error.fieldErrors.map((e) => `${e.field} ${e.message}`).join('; ')}`;
  }
  if (error.failure === 'refused') return `enrollment refused: ${error.message}`;
  return `enrollment failed: ${error.message}`;
}

async function run(configPath: string, once: boolean, context: CliContext): Promise<number> {
  const config = await readConfig(configPath);
  const log = createLogger(context.stderr, [config.credential]);
  return runCheckInLoop({ configPath, config, once, signal: context.signal, log });
}

async function status(configPath: string, context: CliContext): Promise<number> {
  const config = await readConfig(configPath);
  const pending = await readPendingResults(configPath);
  const rows: [string, string][] = [
    ['config', configPath],
    ['server', config.server],
    ['computer', config.computerId],
    ['credential', 'set'],
    ['check-in interval', `${config.checkInIntervalSeconds} s`],
    ['enrolled at', config.enrolledAt],
    ...(config.hostname ? [['hostname', config.hostname] as [string, string]] : []),
    ['undelivered results', String(pending.length)],
    ['agent version', AGENT_VERSION],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  context.stdout(rows.map(([k, v]) => `${k.padEnd(width)}  ${v}`).join('\n') + '\n');
  return EXIT_OK;
}

/** The process entry point: wires stdout, stderr and the stop signals to `runCli`. */
export async function main(argv: readonly string[]): Promise<number> {
  const controller = new AbortController();
  const log = createLogger((text) => process.stderr.write(text));
  const onSignal = (signal: NodeJS.Signals): void => {
    if (controller.signal.aborted) return;
    log(`stopping (${signal})`);
    controller.abort();
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  try {
    return await runCli(argv, {
      env: process.env,
      stdout: (text) => process.stdout.write(text),
      stderr: (text) => process.stderr.write(text),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGTERM', onSignal);
    process.off('SIGINT', onSignal);
  }
}
