// Finds the Chromium the browser tests drive: Debian's `chromium` package, or CHROMIUM_PATH.
// playwright-core ships no browser, and its own downloader needs a network this machine does not have,
// so the tests use the distribution's build. When it is missing and we are root (CI, the dev container),
// install it with apt; otherwise say exactly what to do.
//
//   node tools/ensure-chromium.mjs        prints the path, installing Chromium first if needed
//   import { ensureChromium } from './ensure-chromium.mjs'
import { execFileSync } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { pathToFileURL } from 'node:url';

const DEFAULT_PATH = '/usr/bin/chromium';

function isExecutable(path) {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** @returns {string} the absolute path of a Chromium executable. */
export function ensureChromium({ log = (line) => console.log(line) } = {}) {
  const explicit = process.env.CHROMIUM_PATH;
  const path = explicit || DEFAULT_PATH;
  if (isExecutable(path)) return path;

  if (explicit) {
    // Someone pointed us at a specific binary: installing a different one would hide their mistake.
    throw new Error(`CHROMIUM_PATH=${explicit} is not an executable file. Fix the path or unset CHROMIUM_PATH.`);
  }
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `Chromium not found at ${DEFAULT_PATH}. Install it (sudo apt-get install -y chromium) ` +
        'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }

  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  for (const args of [['update'], ['install', '-y', '--no-install-recommends', 'chromium']]) {
    log(`ensure-chromium: apt-get ${args.join(' ')}`);
    execFileSync('apt-get', args, { stdio: ['ignore', 'inherit', 'inherit'], env });
  }
  if (!isExecutable(DEFAULT_PATH)) {
    throw new Error(`apt-get installed chromium but ${DEFAULT_PATH} is still missing.`);
  }
  log(`ensure-chromium: installed ${DEFAULT_PATH}`);
  return DEFAULT_PATH;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  try {
    console.log(ensureChromium({ log: (line) => console.error(line) }));
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
