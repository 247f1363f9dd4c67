import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { createDataSource } from '../src/database/data-source';

function serverUrl(): string {
  const url = process.env['ENTITLE_TEST_PG_URL'];
  if (!url) throw new Error('ENTITLE_TEST_PG_URL is not set: run the API tests through their jest.config.js (global setup)');
  return url;
}

function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/** A fresh database for one test file, migrated with the real migrations (`migrate: false` leaves it empty). */
export async function createTestDatabase({ migrate = true } = {}): Promise<TestDatabase> {
  const name = `entitle_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabase(serverUrl(), name);
  if (migrate) {
    const ds = createDataSource(url);
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
  }
  return {
    url,
    name,
    drop: async () => {
      const c = new Client({ connectionString: serverUrl() });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}
