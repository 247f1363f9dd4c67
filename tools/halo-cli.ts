// Halo CLI for admins and scripts.
//   npm run halo -- check    --url URL --client-id ID --client-secret SECRET [--tenant T]   permission rows as JSON
//   npm run halo -- snapshot --url URL --client-id ID --client-secret SECRET [--tenant T]   every record read, as JSON
// The secret may come from HALO_CLIENT_SECRET instead, which keeps it out of the process list and shell history.
// Exit codes: 0 ok, 1 Halo error (typed message), 2 bad arguments (one line naming the argument).
import { parseArgs } from 'node:util';
import { HaloClient, HaloClientOptions, HaloError } from '@entitle/halo-client';

const USAGE =
  'usage: npm run halo -- <check|snapshot> --url URL --client-id ID --client-secret SECRET (or env HALO_CLIENT_SECRET)\n' +
  '  [--tenant T] [--auth-url URL] [--scope "all"] [--request-budget 700] [--timeout-ms 30000]';

class UsageError extends Error {}

interface Command {
  name: 'check' | 'snapshot';
  options: HaloClientOptions;
}

function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${flag} must be a positive whole number`);
  return number;
}

function httpUrl(flag: string, value: string): string {
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw new UsageError(`--${flag} must be a URL such as https://acme.halopsa.com`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') throw new UsageError(`--${flag} must start with https://`);
  return value;
}

export function parseCommand(argv: readonly string[], env: NodeJS.ProcessEnv): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: Record<string, { type: 'string' }>; allowPositionals: true; strict: true }>>;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        url: { type: 'string' }, 'client-id': { type: 'string' }, 'client-secret': { type: 'string' }, tenant: { type: 'string' },
        'auth-url': { type: 'string' }, scope: { type: 'string' }, 'request-budget': { type: 'string' }, 'timeout-ms': { type: 'string' },
      },
    });
  } catch (error) {
    // node:util names the offending option; keep only the first line, which never holds a value.
    throw new UsageError(error instanceof Error ? (error.message.split(/\n|\. /)[0] ?? 'bad arguments') : 'bad arguments');
  }
  const [name, ...extra] = parsed.positionals;
  if (name !== 'check' && name !== 'snapshot') throw new UsageError(name === undefined ? 'missing command: check or snapshot' : `unknown command ${name}: use check or snapshot`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${extra[0]}`);
  const values = parsed.values;
  const url = values['url'];
  if (url === undefined) throw new UsageError('--url is required');
  const clientId = values['client-id'];
  if (clientId === undefined || clientId === '') throw new UsageError('--client-id is required');
  const clientSecret = values['client-secret'] ?? env['HALO_CLIENT_SECRET'];
  if (clientSecret === undefined || clientSecret === '') throw new UsageError('--client-secret (or HALO_CLIENT_SECRET) is required');
  const authUrl = values['auth-url'];
  return {
    name,
    options: {
      url: httpUrl('url', url),
      clientId,
      clientSecret,
      tenant: values['tenant'],
      authUrl: authUrl === undefined ? undefined : httpUrl('auth-url', authUrl),
      scope: values['scope'],
      requestBudget: positiveInt('request-budget', values['request-budget']),
      timeoutMs: positiveInt('timeout-ms', values['timeout-ms']),
    },
  };
}

async function snapshot(client: HaloClient): Promise<Record<string, unknown>> {
  // Inactive records too: the snapshot is what Halo holds, and the resolver decides what counts (targeting.md R2).
  const all = { includeInactive: true };
  const clients = await client.listClients(all);
  const sites = await client.listSites(all);
  const users = await client.listUsers(all);
  const contracts = await client.listContracts(all);
  const recurringInvoices = await client.listRecurringInvoices({ ...all, includeLines: true });
  const items = await client.listItems(all);
  const assets = await client.listAssets(all);
  // Field names and keys follow the scenario format's `halo` object (targeting.md), plus users and assets.
  return { halo: client.baseUrl, clients, sites, users, contracts, recurringInvoices, items, assets };
}

export async function run(argv: readonly string[], env: NodeJS.ProcessEnv, out: (text: string) => void, err: (text: string) => void): Promise<number> {
  let command: Command;
  try {
    command = parseCommand(argv, env);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`halo: ${error.message}\n`);
    return 2;
  }
  const secret = command.options.clientSecret;
  // Belt and braces: the client never puts the secret in a message, but nothing printed here may either.
  const redact = (text: string): string => text.split(secret).join('***');
  try {
    const client = new HaloClient(command.options);
    const result = command.name === 'check' ? await client.checkPermissions() : await snapshot(client);
    out(redact(`${JSON.stringify(result, null, 2)}\n`));
    err(`halo ${command.name}: ${client.requestsUsed} requests to ${client.baseUrl}\n`);
    return 0;
  } catch (error) {
    if (error instanceof HaloError) {
      err(redact(`halo: ${error.code}: ${error.message}\n`));
      return 1;
    }
    err(redact(`halo: unexpected error: ${error instanceof Error ? error.message : String(error)}\n`));
    return 1;
  }
}

if (require.main === module) {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    process.exit(0);
  }
  run(process.argv.slice(2), process.env, (t) => process.stdout.write(t), (t) => process.stderr.write(t)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(`halo: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exitCode = 1;
    },
  );
}
