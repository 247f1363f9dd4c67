import { rmSync } from 'node:fs';

const STOP_TIMEOUT_MS = 20_000;

/** Stops the server global-setup started (its whole process group) and deletes its data directory. */
export default async function globalTeardown() {
  const started = globalThis.__ENTITLE_E2E__;
  if (!started) return;
  const { child, dataDir, log } = started;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((done) => child.once('exit', done));
    signalGroup(child.pid, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child.pid, 'SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  // Postgres may still be flushing after the launcher exits; a last KILL leaves nothing behind.
  signalGroup(child.pid, 'SIGKILL');
  log.end();
  rmSync(dataDir, { recursive: true, force: true });
}

function signalGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}
