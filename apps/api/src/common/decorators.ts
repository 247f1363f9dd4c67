import { SetMetadata, createParamDecorator, ExecutionContext } from '@nestjs/common';
import type { SessionUser, UserRole } from '@entitle/domain';
import type { AppRequest } from './request-context';

export const PUBLIC_KEY = 'entitle:public';
export const ROLES_KEY = 'entitle:roles';
export const AUDIT_ACTION_KEY = 'entitle:audit-action';

/** The route needs no sign-in (sign-in itself, health, the OpenAPI document). */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(PUBLIC_KEY, true);

/** Only these roles may call the route. Without it, any signed-in user may. */
export const Roles = (...roles: UserRole[]): MethodDecorator & ClassDecorator => SetMetadata(ROLES_KEY, roles);

/** Names the audit action of a state-changing route, e.g. `user.create`. */
export const AuditAction = (action: string): MethodDecorator => SetMetadata(AUDIT_ACTION_KEY, action);

export const CurrentUser = createParamDecorator((_data: unknown, ctx: ExecutionContext): SessionUser => {
  const req = ctx.switchToHttp().getRequest<AppRequest>();
  if (!req.user) throw new Error('CurrentUser used on a public route');
  return req.user;
});
