import type { NestExpressApplication } from '@nestjs/platform-express';
import { randomBytes } from 'node:crypto';
import { createApp } from '../src/app.factory';
import { loadConfig } from '../src/config/app-config';
import { UsersService } from '../src/users/users.service';
import { createTestDatabase, TestDatabase } from './database';

export const ADMIN_EMAIL = 'admin@msp.example';
export const ADMIN_PASSWORD = 'correct horse battery staple';

export interface TestApp {
  app: NestExpressApplication;
  url: string;
  db: TestDatabase;
  /** fetch against the running server, over real HTTP. */
  http(path: string, init?: RequestInit & { json?: unknown; cookie?: string; token?: string }): Promise<Response>;
  signIn(email?: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

/** The real app (the same createApp as production) on its own database, listening on a free port. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = loadConfig({
    DATABASE_URL: db.url,
    ENTITLE_SECRET_KEY: randomBytes(32).toString('base64'),
    ENTITLE_ADMIN_EMAIL: ADMIN_EMAIL,
    ENTITLE_ADMIN_PASSWORD: ADMIN_PASSWORD,
    LOG_LEVEL: 'silent',
    ENTITLE_CRON_ENABLED: 'false',
    ...env,
  });
  const app = await createApp(config);
  await app.get(UsersService).ensureFirstAdmin(() => undefined);
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const url = `http://127.0.0.1:${port}`;

  const http: TestApp['http'] = (path, init = {}) => {
    const { json, cookie, token, headers, ...rest } = init;
    const h = new Headers(headers);
    if (json !== undefined) h.set('content-type', 'application/json');
    if (cookie) h.set('cookie', cookie);
    if (token) h.set('authorization', `Bearer ${token}`);
    return fetch(url + path, { ...rest, headers: h, body: json !== undefined ? JSON.stringify(json) : rest.body });
  };

  const signIn = async (email = ADMIN_EMAIL, password = ADMIN_PASSWORD): Promise<string> => {
    const res = await http('/api/v1/auth/login', { method: 'POST', json: { email, password } });
    if (res.status !== 200) throw new Error(`sign-in as ${email} failed: ${res.status} ${await res.text()}`);
    const setCookie = res.headers.get('set-cookie') ?? '';
    return setCookie.split(';')[0]!;
  };

  const self: TestApp = {
    app,
    url,
    db,
    http,
    signIn,
    // Closes whichever app the test left in `app` (a test may restart it).
    close: async () => {
      await self.app.close();
      await db.drop();
    },
  };
  return self;
}
