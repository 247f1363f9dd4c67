import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { UserRole } from '@entitle/domain';
import { AppException, ErrorCode } from '../common/app.exception';
import { PUBLIC_KEY, ROLES_KEY } from '../common/decorators';
import type { AppRequest } from '../common/request-context';
import { AuthService, SESSION_COOKIE } from './auth.service';

/**
 * Every route needs a signed-in user (session cookie, or `Authorization: Bearer <API token>`) unless marked @Public,
 * and the roles of @Roles when given: no session is a 401, a technician on an admin route is a 403.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(private readonly reflector: Reflector, private readonly auth: AuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AppRequest>();
    const targets = [context.getHandler(), context.getClass()];
    const isPublic = this.reflector.getAllAndOverride<boolean>(PUBLIC_KEY, targets) === true;

    const header = req.get('authorization');
    // Agents' credentials (agt_...) never sign a user in; the agent routes check them (agent.guard.ts).
    if (header && /^bearer\s+/i.test(header) && !/^bearer\s+agt_/i.test(header)) {
      const user = await this.auth.userForApiToken(header.replace(/^bearer\s+/i, '').trim());
      if (!user) throw new AppException(ErrorCode.Unauthenticated, 'the API token is unknown, expired or revoked');
      req.user = user;
      req.authVia = 'token';
    } else {
      const cookie = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
      const found = cookie ? await this.auth.userForSession(cookie) : null;
      if (found) {
        req.user = found.user;
        req.sessionId = found.sessionId;
        req.authVia = 'session';
      }
    }
    if (isPublic) return true;
    if (!req.user) throw new AppException(ErrorCode.Unauthenticated, 'sign in first');

    const roles = this.reflector.getAllAndOverride<UserRole[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.user.role)) {
      throw new AppException(ErrorCode.Forbidden, `this needs the ${roles.join(' or ')} role; you are ${req.user.role}`);
    }
    return true;
  }
}
