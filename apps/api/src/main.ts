import 'reflect-metadata';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createApp } from './app.factory';
import { ConfigError, loadConfig } from './config/app-config';
import { UsersService } from './users/users.service';

function packageVersion(): string {
  for (let dir = __dirname; dir !== dirname(dir); dir = dirname(dir)) {
    const file = join(dir, 'package.json');
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'entitle') return pkg.version ?? '0.0.0';
    }
  }
  return '0.0.0';
}

async function bootstrap(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env, packageVersion());
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  const app = await createApp(config);
  await app.get(UsersService).ensureFirstAdmin();
  await app.listen(config.port, config.host);
  const address = app.getHttpServer().address() as { port: number } | null;
  const url = config.publicUrl ?? `http://localhost:${address?.port ?? config.port}`;
  // A plain line for people and scripts (tools/start.mjs and the tests wait for it).
  process.stdout.write(`Entitle is running at ${url}\n`);

  // Finish requests in flight and close the database pool, then exit 0 (docker stop, Ctrl+C).
  let closing = false;
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.on(signal, () => {
      if (closing) return;
      closing = true;
      const force = setTimeout(() => process.exit(1), 10_000);
      force.unref();
      void app.close().then(() => process.exit(0), () => process.exit(1));
    });
  }
}

void bootstrap().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
