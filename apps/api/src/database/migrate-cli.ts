import { createDataSource } from './data-source';

/**
 * `migrate`: apply pending migrations. `revert`: undo the last one. `status`: list them.
 * Reads DATABASE_URL only; tools/db.mjs and the Docker entrypoint call it.
 */
async function main(): Promise<void> {
  const command = process.argv[2] ?? 'migrate';
  const url = process.env['DATABASE_URL'];
  if (!url) {
    console.error('DATABASE_URL: required');
    process.exit(2);
  }
  const ds = createDataSource(url);
  await ds.initialize();
  try {
    if (command === 'migrate') {
      const applied = await ds.runMigrations({ transaction: 'each' });
      console.log(applied.length ? `applied ${applied.map((m) => m.name).join(', ')}` : 'database is up to date');
    } else if (command === 'revert') {
      await ds.undoLastMigration({ transaction: 'each' });
      console.log('reverted the last migration');
    } else if (command === 'status') {
      const pending = await ds.showMigrations();
      console.log(pending ? 'migrations are pending' : 'database is up to date');
    } else {
      console.error(`unknown command "${command}": use migrate, revert or status`);
      process.exitCode = 2;
    }
  } finally {
    await ds.destroy();
  }
}

void main().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
