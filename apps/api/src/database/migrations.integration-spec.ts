import { createTestDatabase } from '../../test/database';
import { createDataSource } from './data-source';
import { migrations } from './migrations';

describe('migrations', () => {
  it('should apply every migration, revert every one with its down, and apply them again', async () => {
    const db = await createTestDatabase({ migrate: false });
    const ds = createDataSource(db.url);
    await ds.initialize();
    try {
      const tables = async (): Promise<string[]> =>
        ((await ds.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations' ORDER BY 1`)) as { tablename: string }[]).map((r) => r.tablename);
      expect(await ds.runMigrations()).toHaveLength(migrations.length);
      expect(await tables()).toEqual(expect.arrayContaining(['api_tokens', 'audit_log', 'sessions', 'users']));
      for (let i = 0; i < migrations.length; i++) await ds.undoLastMigration();
      expect(await tables()).toEqual([]);
      expect(await ds.runMigrations()).toHaveLength(migrations.length);
      expect(await ds.showMigrations()).toBe(false);
    } finally {
      await ds.destroy();
      await db.drop();
    }
  });
});
