import { startHaloSim, HaloSimOptions } from './server';

const USAGE = `usage: npm run halo-sim -- [--port 0] [--host 127.0.0.1] [--seed 1] [--clients 50] [--client-id ID] [--client-secret SECRET]
  [--scopes "read:customers edit:reporting"|all] [--tenant T] [--rate-limit 700] [--latency-ms N] [--error-rate 0.1]
  [--timeout-rate 0] [--malformed-rate 0] [--token-ttl 3600] [--as-of YYYY-MM-DD] [--report-db eager|lazy] [--verbose]`;

function fail(message: string): never {
  process.stderr.write(`halo-sim: ${message}\n${USAGE}\n`);
  process.exit(2);
}

/** Parses the CLI flags into startHaloSim options; every bad flag exits 2 naming it. */
export function parseArgs(argv: readonly string[]): HaloSimOptions & { verbose: boolean } {
  const options: HaloSimOptions & { verbose: boolean } = { verbose: false };
  const number = (flag: string, value: string | undefined, min: number): number => {
    const n = Number(value);
    if (value === undefined || value.trim() === '' || !Number.isFinite(n) || n < min) fail(`${flag} needs a number >= ${min}`);
    return n;
  };
  // `--flag=value` (as `nx serve` forwards them) is the same as `--flag value`.
  const args = argv.flatMap((arg) => (/^--[a-z-]+=/.test(arg) ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg]));
  for (let i = 0; i < args.length; i += 1) {
    const flag = args[i];
    if (flag === '--verbose') {
      options.verbose = true;
      continue;
    }
    if (flag === '--help' || flag === '-h') {
      process.stdout.write(`${USAGE}\n`);
      process.exit(0);
    }
    const value = args[i + 1];
    i += 1;
    switch (flag) {
      case '--port': options.port = number(flag, value, 0); break;
      case '--host': options.host = value ?? fail('--host needs a value'); break;
      case '--seed': options.seed = number(flag, value, 0); break;
      case '--clients': options.clients = Math.trunc(number(flag, value, 0)); break;
      case '--client-id': options.clientId = value ?? fail('--client-id needs a value'); break;
      case '--client-secret': options.clientSecret = value ?? fail('--client-secret needs a value'); break;
      case '--scopes': options.scopes = (value ?? fail('--scopes needs a value')).split(/[\s,]+/).filter((s) => s !== ''); break;
      case '--tenant': options.tenant = value ?? fail('--tenant needs a value'); break;
      case '--rate-limit': options.rateLimit = Math.trunc(number(flag, value, 1)); break;
      case '--latency-ms': options.latencyMs = number(flag, value, 0); break;
      case '--error-rate': options.errorRate = number(flag, value, 0); break;
      case '--timeout-rate': options.timeoutRate = number(flag, value, 0); break;
      case '--malformed-rate': options.malformedRate = number(flag, value, 0); break;
      case '--token-ttl': options.tokenTtlSeconds = number(flag, value, 1); break;
      case '--as-of':
        if (!/^\d{4}-\d{2}-\d{2}$/.test(value ?? '')) fail('--as-of needs YYYY-MM-DD');
        options.asOf = value;
        break;
      case '--report-db':
        if (value !== 'eager' && value !== 'lazy') fail('--report-db is eager or lazy');
        options.reportDb = value;
        break;
      default: fail(`unknown flag ${flag}`);
    }
  }
  return options;
}

async function main(): Promise<void> {
  const { verbose, ...options } = parseArgs(process.argv.slice(2));
  const sim = await startHaloSim({ ...options, log: (line) => { if (verbose) process.stderr.write(`${line}\n`); } });
  process.stdout.write(`halo-sim listening on ${sim.url}\n`);
  let stopping = false;
  const stop = (): void => {
    if (stopping) return;
    stopping = true;
    sim.close().then(() => process.exit(0), () => process.exit(1));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    process.stderr.write(`halo-sim: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
