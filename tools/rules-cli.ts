// `npm run rules -- resolve FILE [--as-of YYYY-MM-DD]` prints the resolution of a scenario as JSON;
// `npm run rules -- diff BEFORE AFTER [--as-of YYYY-MM-DD]` prints what a sync would change, per deployment.
// Bad input (unreadable file, invalid JSON, a shape targeting.md refuses): exit 2 and one line naming the
// place. Output is built completely before anything is written, so nothing is ever half-printed.
import { readFileSync } from 'node:fs';
import { diffResolutions, parseResolutionInput, resolve, RulesInputError, type ResolutionInput } from '@entitle/rules';

const USAGE = 'usage: rules resolve FILE [--as-of YYYY-MM-DD] | rules diff BEFORE AFTER [--as-of YYYY-MM-DD]';

class UsageError extends Error {}

function load(file: string, asOf: string | undefined): ResolutionInput {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new UsageError(`${file}: cannot read (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`${file}: invalid JSON (${(err as Error).message})`);
  }
  try {
    return parseResolutionInput(json, { asOf });
  } catch (err) {
    if (err instanceof RulesInputError) throw new UsageError(`${file}: ${err.message}`);
    throw err;
  }
}

function run(argv: string[]): string {
  const args: string[] = [];
  let asOf: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--as-of') {
      asOf = argv[++i];
      if (asOf === undefined) throw new UsageError('--as-of: missing date (YYYY-MM-DD)');
    } else if (argv[i].startsWith('--as-of=')) asOf = argv[i].slice('--as-of='.length);
    else args.push(argv[i]);
  }
  const [cmd, ...files] = args;
  if (cmd === 'resolve' && files.length === 1) return JSON.stringify(resolve(load(files[0], asOf)), null, 2);
  if (cmd === 'diff' && files.length === 2) return JSON.stringify(diffResolutions(load(files[0], asOf), load(files[1], asOf)), null, 2);
  throw new UsageError(USAGE);
}

try {
  process.stdout.write(`${run(process.argv.slice(2))}\n`);
} catch (err) {
  if (!(err instanceof UsageError)) throw err;
  process.stderr.write(`${err.message.replace(/\s*\n\s*/g, ' ')}\n`);
  process.exitCode = 2;
}
