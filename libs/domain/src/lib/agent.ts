/**
 * The protocol between the endpoint agent (`apps/agent`) and the API (`/api/v1/agent/...`).
 * Enrollment presents an enrollment key and answers the computer's own credential (shown once, stored hashed);
 * every later call sends it as `Authorization: Bearer agt_...`.
 */
import type { ComputerKind } from './computers';
import type { Platform } from './software';

/**
 * The most output the agent keeps of one script run: the first `AGENT_OUTPUT_HEAD_BYTES` and the last
 * `AGENT_OUTPUT_LIMIT_BYTES - AGENT_OUTPUT_HEAD_BYTES` bytes, with a line saying how much was left out between them.
 * The API enforces the same limit on what it stores.
 */
export const AGENT_OUTPUT_LIMIT_BYTES = 64 * 1024;
export const AGENT_OUTPUT_HEAD_BYTES = 16 * 1024;

/** Cuts `output` to the limit as described above; returns it unchanged when it fits. */
export function truncateOutput(output: string): { output: string; truncated: boolean } {
  // Most output is ASCII: a string this short cannot exceed the byte limit (UTF-8 takes at most 3 bytes per UTF-16 unit).
  if (output.length * 3 <= AGENT_OUTPUT_LIMIT_BYTES) return { output, truncated: false };
  const buf = new TextEncoder().encode(output);
  if (buf.length <= AGENT_OUTPUT_LIMIT_BYTES) return { output, truncated: false };
  const tailBytes = AGENT_OUTPUT_LIMIT_BYTES - AGENT_OUTPUT_HEAD_BYTES;
  const decoder = new TextDecoder();
  const head = decoder.decode(buf.subarray(0, AGENT_OUTPUT_HEAD_BYTES));
  const tail = decoder.decode(buf.subarray(buf.length - tailBytes));
  const omitted = buf.length - AGENT_OUTPUT_HEAD_BYTES - tailBytes;
  return { output: `${head}\n[... ${omitted} bytes of output left out ...]\n${tail}`, truncated: true };
}

/** What the agent knows of the machine it runs on. */
export interface AgentMachineInfo {
  hostname: string;
  platform: Platform;
  osName: string | null;
  osVersion: string | null;
  serial: string | null;
  /** SMBIOS UUID (Windows, Linux as root), IOPlatformUUID (macOS) or /etc/machine-id. */
  hardwareId: string;
  loggedInUser: string | null;
  /** Chassis-derived kind, or the `--kind` the installer gave. */
  kind: ComputerKind;
  agentVersion: string;
}

/** `POST /api/v1/agent/enroll` (no sign-in: the enrollment key authorises it). */
export interface AgentEnrollRequest extends AgentMachineInfo {
  key: string;
}

export interface AgentEnrollResponse {
  computerId: string;
  /** The agent's own credential (`agt_...`); shown only here. */
  credential: string;
  tenant: { id: string; name: string };
  checkInIntervalSeconds: number;
  /** true when this hardware was already enrolled and the same computer was updated. */
  reenrolled: boolean;
}

export const AGENT_ACTION_TYPES = ['detect', 'install', 'uninstall'] as const;
export type AgentActionType = (typeof AGENT_ACTION_TYPES)[number];

/** Work handed to the agent at check-in: run `script` with `shell`, stop it after `timeoutSeconds`. */
export interface AgentAction {
  id: string;
  type: AgentActionType;
  /** The software slug. */
  software: string;
  version: string | null;
  shell: 'sh' | 'powershell';
  script: string;
  timeoutSeconds: number;
}

export const AGENT_RESULT_STATUSES = ['succeeded', 'failed', 'timed_out'] as const;
export type AgentResultStatus = (typeof AGENT_RESULT_STATUSES)[number];

/** The outcome of one action. For `detect`, the detected version is the first non-empty line of `output` (none: absent). */
export interface AgentActionResult {
  actionId: string;
  status: AgentResultStatus;
  /** null when the script was killed or could not start. */
  exitCode: number | null;
  /** stdout and stderr interleaved, cut to AGENT_OUTPUT_LIMIT_BYTES by `truncateOutput`. */
  output: string;
  outputTruncated: boolean;
  startedAt: string;
  finishedAt: string;
}

/** `POST /api/v1/agent/check-in` */
export interface AgentCheckInRequest {
  agentVersion: string;
  hostname?: string;
  loggedInUser?: string | null;
  osVersion?: string | null;
  /** Results of actions handed out earlier. */
  results?: AgentActionResult[];
}

export interface AgentCheckInResponse {
  /** Run these in order, then check in again at once with their results. */
  actions: AgentAction[];
  /** When there is no work: seconds until the next check-in (shorter while a session is under way). */
  nextCheckInSeconds: number;
  /** The regular interval the server expects; "online" means seen within two of them. */
  checkInIntervalSeconds: number;
}
