// Starts the product once for all browser tests: `node tools/start.mjs` on a free port, with a throwaway data
// directory (its embedded Postgres lives there), and waits for its ready line. Finds Chromium first.
// ESM, not TypeScript: it imports the workspace's ESM tools, which Jest's CommonJS transform cannot.
//
// E2E_BASE_URL skips the start and tests a server that is already running (then set E2E_ADMIN_EMAIL and
// E2E_ADMIN_PASSWORD to its admin).
import { spawn } from 'node:child_process';
import { chmodSync, createWriteStream, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
// eslint-disable-next-line @nx/enforce-module-boundaries -- tools/ has no import alias, and the browser tests need its Chromium finder
import { ensureChromium } from '../../../../tools/ensure-chromium.mjs';
import globalTeardown from './global-teardown.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '../../../..');
const READY = /Entitle is running at (http:\/\/\S+)/;
const READY_TIMEOUT_MS = 120_000;

export default async function globalSetup() {
  process.env.CHROMIUM_PATH = ensureChromium({ log: (line) => console.log(`\n${line}`) });
  process.env.E2E_ADMIN_EMAIL ??= 'admin@e2e.example';
  process.env.E2E_ADMIN_PASSWORD ??= 'e2e-admin-password-1';
  mkdirSync(join(repoRoot, 'tmp/e2e'), { recursive: true });
  if (process.env.E2E_BASE_URL) return;

  const dataDir = mkdtempSync(join(tmpdir(), 'entitle-e2e-'));
  // mkdtemp makes it private to us; as root, Postgres runs as the `postgres` user and must reach inside.
  chmodSync(dataDir, 0o755);
  const logPath = join(repoRoot, 'tmp/e2e/server.log');
  const log = createWriteStream(logPath);
  const child = spawn(process.execPath, [join(repoRoot, 'tools/start.mjs')], {
    cwd: repoRoot,
    // Its own process group, so teardown can stop the server and the Postgres it started in one signal.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      PORT: '0',
      ENTITLE_DATA_DIR: dataDir,
      ENTITLE_ADMIN_EMAIL: process.env.E2E_ADMIN_EMAIL,
      ENTITLE_ADMIN_PASSWORD: process.env.E2E_ADMIN_PASSWORD,
      // Real agents in the browser tests pick up a session started in the UI within seconds.
      ENTITLE_AGENT_CHECKIN_SECONDS: '2',
      // The e2e target depends on the api and web builds; building again here would only cost time.
      ENTITLE_NO_BUILD: '1',
    },
  });
  globalThis.__ENTITLE_E2E__ = { child, dataDir, log };

  const ready = new Promise((done, fail) => {
    // The tail of everything printed, for the error message; the ready line is looked for line by line,
    // since one chunk can hold it followed by kilobytes of logs.
    let output = '';
    let partialLine = '';
    const timer = setTimeout(() => finish(new Error(`no ready line after ${READY_TIMEOUT_MS / 1000} s`)), READY_TIMEOUT_MS);
    const onData = (chunk) => {
      const text = chunk.toString();
      log.write(text);
      output = (output + text).slice(-4000);
      const lines = (partialLine + text).split('\n');
      partialLine = lines.pop() ?? '';
      for (const line of lines) {
        const match = READY.exec(line);
        if (match) return finish(null, match[1]);
      }
    };
    const onExit = (code) => finish(new Error(`tools/start.mjs exited with code ${code} before it was ready`));
    function finish(error, value) {
      clearTimeout(timer);
      child.stdout.off('data', onData);
      child.off('exit', onExit);
      // Keep logging after the ready line: a failing test is easier to read next to the server's side.
      child.stdout.on('data', (more) => log.write(more));
      if (error) fail(new Error(`${error.message}; last output:\n${output}\n(full log: ${logPath})`));
      else done(value);
    }
    child.stdout.on('data', onData);
    child.stderr.on('data', (chunk) => {
      log.write(chunk);
      output = (output + chunk.toString()).slice(-4000);
    });
    child.on('exit', onExit);
  });
  try {
    process.env.E2E_BASE_URL = await ready;
  } catch (error) {
    // Jest skips global teardown when setup fails: clean up here, or Postgres and its files would linger.
    await globalTeardown();
    throw error;
  }
}
