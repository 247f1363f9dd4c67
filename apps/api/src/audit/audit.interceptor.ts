import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { AUDIT_ACTION_KEY } from '../common/decorators';
import type { AppRequest } from '../common/request-context';

/** Names the audit entry after the handler's @AuditAction, once routing knows which handler runs. */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const action = this.reflector.get<string | undefined>(AUDIT_ACTION_KEY, context.getHandler());
    if (action) {
      const req = context.switchToHttp().getRequest<AppRequest>();
      req.audit = { ...req.audit, action };
    }
    return next.handle();
  }
}
