import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import * as os from 'node:os';
import { AgentMachineInfo, COMPUTER_KINDS, ComputerKind, Platform } from '@entitle/domain';
import { AGENT_VERSION } from './version';

/** What the installer may say instead of letting the agent probe. */
export interface MachineInfoOverrides {
  hostname?: string;
  hardwareId?: string;
  kind?: ComputerKind;
}

/** The part of the machine info sent on every check-in. */
export interface CheckInMachineInfo {
  hostname: string;
  loggedInUser: string | null;
  osVersion: string | null;
}

const PROBE_TIMEOUT_MS = 5_000;
// Windows PowerShell takes a few seconds to start on a busy machine.
const POWERSHELL_TIMEOUT_MS = 15_000;

export function platformFromNode(platform: NodeJS.Platform): Platform {
  if (platform === 'win32') return 'windows';
  if (platform === 'darwin') return 'macos';
  return 'linux';
}

/** SMBIOS chassis types (DMTF DSP0134, 7.4.1), as Linux shows them in /sys/class/dmi/id/chassis_type and Windows in Win32_SystemEnclosure. */
const PORTABLE_CHASSIS = new Set([8, 9, 10, 11, 14, 30, 31, 32]);
const SERVER_CHASSIS = new Set([17, 23, 28, 29]);

/** Maps an SMBIOS chassis type to a kind; anything unknown or unreadable is a workstation. */
export function kindFromChassisType(value: string | number | null | undefined): ComputerKind {
  const n = typeof value === 'number' ? value : Number.parseInt((value ?? '').trim(), 10);
  if (PORTABLE_CHASSIS.has(n)) return 'portable';
  if (SERVER_CHASSIS.has(n)) return 'server';
  return 'workstation';
}

export function isComputerKind(value: string): value is ComputerKind {
  return (COMPUTER_KINDS as readonly string[]).includes(value);
}

/** Parses /etc/os-release (shell-style KEY=value lines, values optionally quoted) into the name and version to show. */
export function parseOsRelease(text: string): { osName: string | null; osVersion: string | null } {
  const fields = new Map<string, string>();
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    fields.set(match[1], unquote(match[2]));
  }
  const osName = nonEmpty(fields.get('PRETTY_NAME')) ?? nonEmpty([fields.get('NAME'), fields.get('VERSION')].filter(Boolean).join(' '));
  const osVersion = nonEmpty(fields.get('VERSION_ID')) ?? nonEmpty(fields.get('BUILD_ID'));
  return { osName, osVersion };
}

function unquote(value: string): string {
  const v = value.trim();
  if (v.length >= 2 && (v[0] === '"' || v[0] === "'") && v[v.length - 1] === v[0]) {
    const inner = v.slice(1, -1);
    return v[0] === '"' ? inner.replace(/\\(["\\$`])/g, '$1') : inner;
  }
  return v;
}

/** Parses `sw_vers` output (`ProductName:\tmacOS`, `ProductVersion:\t14.4.1`). */
export function parseSwVers(text: string): { osName: string | null; osVersion: string | null } {
  const field = (name: string): string | null => nonEmpty(new RegExp(`^${name}:\\s*(.*)$`, 'm').exec(text)?.[1]);
  const name = field('ProductName');
  const version = field('ProductVersion');
  return { osName: name && version ? `${name} ${version}` : name, osVersion: version };
}

/** Reads a quoted property from `ioreg -rd1 -c IOPlatformExpertDevice` (`"IOPlatformUUID" = "..."`). */
export function parseIoregProperty(text: string, property: string): string | null {
  return nonEmpty(new RegExp(`"${property}"\\s*=\\s*"([^"]*)"`).exec(text)?.[1]);
}

/** The first user `who` lists, i.e. someone signed in at a console or over ssh. */
export function parseWhoFirstUser(text: string): string | null {
  for (const line of text.split(/\r?\n/)) {
    const user = line.trim().split(/\s+/)[0];
    if (user) return user;
  }
  return null;
}

/** What the single PowerShell probe on Windows prints (see WINDOWS_PROBE). */
export interface WindowsProbe {
  serial: string | null;
  uuid: string | null;
  chassis: number | null;
  user: string | null;
}

export function parseWindowsProbe(text: string): WindowsProbe {
  const empty: WindowsProbe = { serial: null, uuid: null, chassis: null, user: null };
  let data: unknown;
  try {
    data = JSON.parse(text.trim());
  } catch {
    return empty;
  }
  if (typeof data !== 'object' || data === null) return empty;
  const record = data as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' ? nonEmpty(v) : null);
  const chassisRaw = Array.isArray(record['chassis']) ? record['chassis'][0] : record['chassis'];
  return {
    serial: str(record['serial']),
    uuid: str(record['uuid']),
    chassis: typeof chassisRaw === 'number' ? chassisRaw : null,
    user: str(record['user']),
  };
}

// Firmware fills these in when the vendor did not: they identify nothing.
const PLACEHOLDER_SERIALS = new Set(['', '0', 'none', 'default string', 'to be filled by o.e.m.', 'system serial number', 'not specified', 'not applicable', '0123456789']);
const PLACEHOLDER_UUIDS = new Set(['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '03000200-0400-0500-0006-000700080009']);

/** null for firmware placeholder serial numbers ("To be filled by O.E.M."). */
export function cleanSerial(value: string | null | undefined): string | null {
  const v = nonEmpty(value);
  return v === null || PLACEHOLDER_SERIALS.has(v.toLowerCase()) ? null : v;
}

/**
 * null for UUIDs that firmware hands to every board of a model: two computers must never share a hardware id, or
 * the second enrollment would take over the first computer.
 */
export function cleanHardwareId(value: string | null | undefined): string | null {
  const v = nonEmpty(value);
  return v === null || PLACEHOLDER_UUIDS.has(v.toLowerCase()) ? null : v;
}

function nonEmpty(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

async function readText(path: string): Promise<string | null> {
  try {
    return await readFile(path, 'utf8');
  } catch {
    return null;
  }
}

/** Runs a probe command; null when it is missing, fails or takes too long. */
function probe(command: string, args: readonly string[], timeoutMs = PROBE_TIMEOUT_MS): Promise<string | null> {
  return new Promise((resolve) => {
    try {
      execFile(command, args, { timeout: timeoutMs, windowsHide: true, maxBuffer: 1024 * 1024 }, (error, stdout) => resolve(error ? null : stdout));
    } catch {
      resolve(null);
    }
  });
}

const WINDOWS_PROBE = [
  "$ErrorActionPreference = 'SilentlyContinue'",
  '$b = Get-CimInstance Win32_BIOS',
  '$p = Get-CimInstance Win32_ComputerSystemProduct',
  '$e = Get-CimInstance Win32_SystemEnclosure',
  '$c = Get-CimInstance Win32_ComputerSystem',
  '[pscustomobject]@{ serial = $b.SerialNumber; uuid = $p.UUID; chassis = @($e.ChassisTypes)[0]; user = $c.UserName } | ConvertTo-Json -Compress',
].join('; ');

function windowsProbe(): Promise<WindowsProbe> {
  return probe('powershell', ['-NoProfile', '-NonInteractive', '-Command', WINDOWS_PROBE], POWERSHELL_TIMEOUT_MS).then((out) => parseWindowsProbe(out ?? ''));
}

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Who is using the machine: the agent's own user, or, when it runs as a service, the person at the console. */
async function loggedInUser(platform: Platform, windows?: WindowsProbe): Promise<string | null> {
  let own: string | null = null;
  try {
    own = os.userInfo().username;
  } catch {
    own = null;
  }
  if (platform === 'linux' && isRoot()) return parseWhoFirstUser((await probe('who', [])) ?? '');
  if (platform === 'macos' && isRoot()) {
    const user = nonEmpty(await probe('stat', ['-f', '%Su', '/dev/console']));
    return user === 'root' ? null : user;
  }
  if (platform === 'windows' && (own === null || own === 'SYSTEM' || own.endsWith('$'))) return (windows ?? (await windowsProbe())).user;
  return own;
}

async function osNameAndVersion(platform: Platform): Promise<{ osName: string | null; osVersion: string | null }> {
  if (platform === 'linux') {
    const text = (await readText('/etc/os-release')) ?? (await readText('/usr/lib/os-release'));
    return text ? parseOsRelease(text) : { osName: null, osVersion: os.release() };
  }
  if (platform === 'macos') {
    const text = await probe('sw_vers', []);
    return text ? parseSwVers(text) : { osName: 'macOS', osVersion: null };
  }
  return { osName: nonEmpty(os.version()), osVersion: nonEmpty(os.release()) };
}

/** What changes between check-ins: cheap enough to collect on each. */
export async function collectCheckInInfo(): Promise<CheckInMachineInfo> {
  const platform = platformFromNode(process.platform);
  const [{ osVersion }, user] = await Promise.all([osNameAndVersion(platform), loggedInUser(platform)]);
  return { hostname: os.hostname(), loggedInUser: user, osVersion };
}

/** Everything enrollment sends about the machine. Throws when no hardware id can be found (then `--hardware-id` is needed). */
export async function collectMachineInfo(overrides: MachineInfoOverrides = {}, env: NodeJS.ProcessEnv = process.env): Promise<AgentMachineInfo> {
  const platform = platformFromNode(process.platform);
  let serial: string | null = null;
  let probedHardwareId: string | null = null;
  let kind: ComputerKind = 'workstation';
  let windows: WindowsProbe | undefined;
  if (platform === 'linux') {
    serial = cleanSerial(await readText('/sys/class/dmi/id/product_serial'));
    // product_uuid is readable by root only; machine-id is per installation but always there.
    probedHardwareId =
      cleanHardwareId(await readText('/sys/class/dmi/id/product_uuid')) ??
      cleanHardwareId(await readText('/etc/machine-id')) ??
      cleanHardwareId(await readText('/var/lib/dbus/machine-id'));
    kind = kindFromChassisType(await readText('/sys/class/dmi/id/chassis_type'));
  } else if (platform === 'macos') {
    const ioreg = (await probe('ioreg', ['-rd1', '-c', 'IOPlatformExpertDevice'])) ?? '';
    serial = cleanSerial(parseIoregProperty(ioreg, 'IOPlatformSerialNumber'));
    probedHardwareId = cleanHardwareId(parseIoregProperty(ioreg, 'IOPlatformUUID'));
    const model = (await probe('sysctl', ['-n', 'hw.model'])) ?? '';
    kind = /book/i.test(model) ? 'portable' : 'workstation';
  } else {
    windows = await windowsProbe();
    serial = cleanSerial(windows.serial);
    probedHardwareId = cleanHardwareId(windows.uuid);
    kind = /server/i.test(os.version()) ? 'server' : kindFromChassisType(windows.chassis);
  }
  const hardwareId = nonEmpty(overrides.hardwareId) ?? nonEmpty(env['ENTITLE_AGENT_HARDWARE_ID']) ?? probedHardwareId;
  if (!hardwareId) throw new Error('could not find a hardware id for this machine: pass --hardware-id ID');
  const [{ osName, osVersion }, user] = await Promise.all([osNameAndVersion(platform), loggedInUser(platform, windows)]);
  return {
    hostname: nonEmpty(overrides.hostname) ?? os.hostname(),
    platform,
    osName,
    osVersion,
    serial,
    hardwareId,
    loggedInUser: user,
    kind: overrides.kind ?? kind,
    agentVersion: AGENT_VERSION,
  };
}
