import { main } from './cli';

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
    // Keep-alive sockets or a script's leftover pipes must not hold the process open once the work is done.
    setTimeout(() => process.exit(code), 1_000).unref();
  },
  (error: unknown) => {
    process.stderr.write(`entitle-agent: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  },
);
