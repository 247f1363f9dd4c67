import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { AppRequest, clientIp } from '../common/request-context';
import { AuditService } from './audit.service';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * POSTs that change nothing an admin answers for: a deployment preview (read-only, sent on every keystroke of the
 * editor) and agents' routine check-ins (thousands a minute; what they report lands in sessions and inventory).
 */
const NOT_AUDITED = new Set(['/api/v1/deployments/preview', '/api/v1/agent/check-in']);

/**
 * Every state-changing request lands in the audit log as it is answered, whatever the outcome:
 * rejected sign-ins, 400s and 403s included. Bodies are never stored (they may hold passwords or Halo secrets);
 * handlers add safe details through `req.audit`.
 */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  constructor(private readonly audit: AuditService) {}

  use(req: AppRequest, res: Response, next: NextFunction): void {
    if (STATE_CHANGING.has(req.method) && !NOT_AUDITED.has(req.originalUrl.split('?')[0] ?? '')) {
      // Recorded as the status line is written, before the client can read the answer, so the entry is pending
      // (and awaited by the audit list) by the time the client's next request arrives.
      const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => Response;
      let recorded = false;
      res.writeHead = ((...args: unknown[]) => {
        if (!recorded) {
          recorded = true;
          const status = typeof args[0] === 'number' ? args[0] : res.statusCode;
          this.record(req, status);
        }
        return writeHead(...args);
      }) as Response['writeHead'];
    }
    next();
  }

  private record(req: AppRequest, status: number): void {
    const actor = req.audit?.actor !== undefined ? req.audit.actor : req.user ? { id: req.user.id, email: req.user.email } : null;
    const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
    this.audit.record({
      actorId: actor?.id ?? null,
      actorEmail: actor?.email ?? null,
      action: req.audit?.action ?? `${req.method} ${path}`,
      method: req.method,
      path,
      status,
      ip: clientIp(req),
      userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
      requestId: req.id === undefined ? null : String(req.id),
      details: req.audit?.details ?? null,
    });
  }
}
