import { ComputerKind } from '@entitle/domain';
import { isComputerKind } from './machine-info';

export const USAGE = `usage: entitle-agent <command> [flags]

commands:
  enroll --server URL --key KEY [--config FILE] [--kind workstation|server|portable]
         [--hardware-id ID] [--hostname NAME] [--run]
      enroll this computer with an enrollment key and save the agent's config
      (the key may come from ENTITLE_ENROLLMENT_KEY instead of --key); --run then starts the agent
  run [--config FILE] [--once]
      check in, run the install, uninstall and detection scripts handed out, report them;
      --once stops when the server has no more work
  status [--config FILE]
      show the saved config (not the credential)

flags:
  --config FILE   default: ENTITLE_AGENT_CONFIG, else /etc/entitle-agent/agent.json as root,
                  %ProgramData%\\Entitle\\agent.json on Windows, ~/.config/entitle-agent/agent.json otherwise
  --help          this text
  --version       the agent's version

exit codes: 0 done, 1 error, 2 bad flags, 3 the server no longer accepts this agent (enroll again)`;

export type ParsedArgs =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'enroll'; server: string; key: string; config?: string; kind?: ComputerKind; hardwareId?: string; hostname?: string; run: boolean }
  | { command: 'run'; config?: string; once: boolean }
  | { command: 'status'; config?: string };

/** Bad command line: the CLI prints the message on one line and exits 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

const VALUE_FLAGS: Record<string, readonly string[]> = {
  enroll: ['--server', '--key', '--config', '--kind', '--hardware-id', '--hostname'],
  run: ['--config'],
  status: ['--config'],
};
const SWITCHES: Record<string, readonly string[]> = { enroll: ['--run'], run: ['--once'], status: [] };

/** Parses the command line; `--flag=value` is the same as `--flag value`. Throws UsageError naming the bad flag. */
export function parseArgs(argv: readonly string[], env: NodeJS.ProcessEnv = {}): ParsedArgs {
  const args = argv.flatMap((arg) => (/^--[a-z-]+=/.test(arg) ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]));
  if (args.includes('--help') || args.includes('-h') || args[0] === 'help') return { command: 'help' };
  if (args.includes('--version')) return { command: 'version' };
  const [command, ...rest] = args;
  if (command === undefined) throw new UsageError('a command is needed: enroll, run or status (see --help)');
  if (!(command in VALUE_FLAGS)) throw new UsageError(`unknown command ${command} (enroll, run or status)`);

  const values = new Map<string, string>();
  const switches = new Set<string>();
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i];
    if (SWITCHES[command].includes(flag)) {
      switches.add(flag);
    } else if (VALUE_FLAGS[command].includes(flag)) {
      const value = rest[i + 1];
      if (value === undefined || value.startsWith('--') || value.trim() === '') throw new UsageError(`${flag} needs a value`);
      values.set(flag, value);
      i += 1;
    } else if (flag.startsWith('-')) {
      throw new UsageError(`unknown flag ${flag} for ${command}`);
    } else {
      throw new UsageError(`unexpected argument ${flag}`);
    }
  }
  const config = values.get('--config');
  if (command === 'run') return { command, ...(config ? { config } : {}), once: switches.has('--once') };
  if (command === 'status') return { command, ...(config ? { config } : {}) };

  const server = values.get('--server');
  if (!server) throw new UsageError('enroll needs --server URL');
  const key = values.get('--key') ?? env['ENTITLE_ENROLLMENT_KEY']?.trim();
  if (!key) throw new UsageError('enroll needs --key KEY (or ENTITLE_ENROLLMENT_KEY)');
  const kind = values.get('--kind');
  if (kind !== undefined && !isComputerKind(kind)) throw new UsageError('--kind must be workstation, server or portable');
  const hardwareId = values.get('--hardware-id');
  const hostname = values.get('--hostname');
  return {
    command: 'enroll',
    server,
    key,
    ...(config ? { config } : {}),
    ...(kind ? { kind } : {}),
    ...(hardwareId ? { hardwareId } : {}),
    ...(hostname ? { hostname } : {}),
    run: switches.has('--run'),
  };
}
