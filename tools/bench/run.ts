// `npm run bench -- NAME [args]` runs tools/bench/NAME.bench.ts; without NAME, every benchmark in turn.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

async function main(): Promise<void> {
  const [name, ...args] = process.argv.slice(2);
  const all = readdirSync(__dirname).filter((f) => f.endsWith('.bench.ts')).map((f) => f.replace('.bench.ts', '')).sort();
  const chosen = name ? [name] : all;
  for (const n of chosen) {
    if (!all.includes(n)) {
      console.error(`unknown benchmark "${n}"; known: ${all.join(', ')}`);
      process.exit(2);
    }
    const mod = (await import(join(__dirname, `${n}.bench.ts`))) as { run: (args: string[]) => Promise<void> };
    await mod.run(args);
  }
}

void main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
