import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Response } from 'express';
import { AppRequest, clientIp } from '../common/request-context';
import { AuditService } from './audit.service';

const STATE_CHANGING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Every state-changing request lands in the audit log once it has been answered, whatever the outcome:
 * rejected sign-ins, 400s and 403s included. Bodies are never stored (they may hold passwords or Halo secrets);
 * handlers add safe details through `req.audit`.
 */
@Injectable()
export class AuditMiddleware implements NestMiddleware {
  constructor(private readonly audit: AuditService) {}

  use(req: AppRequest, res: Response, next: NextFunction): void {
    if (STATE_CHANGING.has(req.method)) {
      res.on('finish', () => {
        const actor = req.audit?.actor !== undefined ? req.audit.actor : req.user ? { id: req.user.id, email: req.user.email } : null;
        const path = req.originalUrl.split('?')[0] ?? req.originalUrl;
        this.audit.record({
          actorId: actor?.id ?? null,
          actorEmail: actor?.email ?? null,
          action: req.audit?.action ?? `${req.method} ${path}`,
          method: req.method,
          path,
          status: res.statusCode,
          ip: clientIp(req),
          userAgent: req.get('user-agent')?.slice(0, 500) ?? null,
          requestId: req.id === undefined ? null : String(req.id),
          details: req.audit?.details ?? null,
        });
      });
    }
    next();
  }
}
