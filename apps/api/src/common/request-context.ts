import type { Request } from 'express';
import type { SessionUser } from '@entitle/domain';
import type { AgentComputer } from '../maintenance/session-engine.service';

/** What the guards and handlers attach to a request (pino-http adds `id`, the request id echoed in `x-request-id`). */
export interface AppRequest extends Request {
  user?: SessionUser;
  authVia?: 'session' | 'token';
  sessionId?: string;
  /** Set by AgentGuard on agent routes. */
  agentComputer?: AgentComputer;
  /** Set by handlers that name their audit action and add details (never secrets). */
  audit?: { action?: string; details?: Record<string, unknown>; actor?: { id: string; email: string } | null };
}

export function clientIp(req: Request): string | null {
  return req.ip ?? req.socket.remoteAddress ?? null;
}
