import { Inject, Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, Repository } from 'typeorm';
import type { ApiTokenSummary, CreatedApiToken, SessionUser } from '@entitle/domain';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AppException, ErrorCode } from '../common/app.exception';
import { UsersService, toSessionUser } from '../users/users.service';
import { ApiTokenEntity } from './api-token.entity';
import { LoginThrottle } from './login-throttle';
import { hashPassword, hashToken, randomToken, verifyPassword } from './password';
import { SessionEntity } from './session.entity';

export const SESSION_COOKIE = 'entitle_session';
export const API_TOKEN_PREFIX = 'ent_';
/** Verifying against this keeps a sign-in for an unknown e-mail as slow as one for a known e-mail. */
let decoyHash: Promise<string> | undefined;

function toTokenSummary(t: ApiTokenEntity): ApiTokenSummary {
  return {
    id: t.id,
    name: t.name,
    prefix: t.prefix,
    createdAt: t.createdAt.toISOString(),
    expiresAt: t.expiresAt?.toISOString() ?? null,
    lastUsedAt: t.lastUsedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly throttle: LoginThrottle,
    @InjectRepository(SessionEntity) private readonly sessions: Repository<SessionEntity>,
    @InjectRepository(ApiTokenEntity) private readonly tokens: Repository<ApiTokenEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async signIn(email: string, password: string, ip: string | null, userAgent: string | null): Promise<{ user: SessionUser; token: string; expiresAt: Date }> {
    this.throttle.assertAllowed(ip, email);
    const user = await this.users.findForSignIn(email);
    const ok = user ? await verifyPassword(user.passwordHash, password) : await verifyPassword(await (decoyHash ??= hashPassword(randomToken())), password);
    if (!user || !ok || user.disabled) {
      this.throttle.recordFailure(ip, email);
      throw new AppException(ErrorCode.InvalidCredentials, 'wrong e-mail or password');
    }
    this.throttle.recordSuccess(email);
    const token = randomToken();
    const now = new Date();
    const expiresAt = new Date(now.getTime() + this.config.sessionTtlHours * 3_600_000);
    await this.sessions.insert({ userId: user.id, tokenHash: hashToken(token), expiresAt, lastSeenAt: now, ip, userAgent: userAgent?.slice(0, 500) ?? null });
    return { user: toSessionUser(user), token, expiresAt };
  }

  async signOut(token: string): Promise<void> {
    await this.sessions.delete({ tokenHash: hashToken(token) });
  }

  /** The user behind a session cookie, or null when it is unknown, expired or the user is disabled. */
  async userForSession(token: string): Promise<{ user: SessionUser; sessionId: string } | null> {
    const session = await this.sessions.findOne({ where: { tokenHash: hashToken(token) }, relations: { user: true } });
    if (!session?.user || session.user.disabled) return null;
    const now = Date.now();
    if (session.expiresAt.getTime() <= now) {
      await this.sessions.delete({ id: session.id });
      return null;
    }
    // Sliding expiry, written at most once a minute to keep reads cheap.
    if (now - session.lastSeenAt.getTime() > 60_000) {
      await this.sessions.update({ id: session.id }, { lastSeenAt: new Date(now), expiresAt: new Date(now + this.config.sessionTtlHours * 3_600_000) });
    }
    return { user: toSessionUser(session.user), sessionId: session.id };
  }

  async userForApiToken(token: string): Promise<SessionUser | null> {
    if (!token.startsWith(API_TOKEN_PREFIX)) return null;
    const row = await this.tokens.findOne({ where: { tokenHash: hashToken(token), revokedAt: IsNull() }, relations: { user: true } });
    if (!row?.user || row.user.disabled) return null;
    if (row.expiresAt && row.expiresAt.getTime() <= Date.now()) return null;
    if (!row.lastUsedAt || Date.now() - row.lastUsedAt.getTime() > 60_000) await this.tokens.update({ id: row.id }, { lastUsedAt: new Date() });
    return toSessionUser(row.user);
  }

  async createApiToken(userId: string, name: string, expiresAt?: string): Promise<CreatedApiToken> {
    const expires = expiresAt ? new Date(expiresAt) : null;
    if (expires && expires.getTime() <= Date.now()) {
      throw AppException.validation([{ field: 'expiresAt', message: 'must be in the future' }]);
    }
    const token = randomToken(API_TOKEN_PREFIX);
    const saved = await this.tokens.save(this.tokens.create({ userId, name, prefix: token.slice(0, API_TOKEN_PREFIX.length + 6), tokenHash: hashToken(token), expiresAt: expires, lastUsedAt: null, revokedAt: null }));
    return { ...toTokenSummary(saved), token };
  }

  async listApiTokens(userId: string): Promise<ApiTokenSummary[]> {
    const rows = await this.tokens.find({ where: { userId, revokedAt: IsNull() }, order: { createdAt: 'DESC' } });
    return rows.map(toTokenSummary);
  }

  async revokeApiToken(userId: string, id: string): Promise<void> {
    const result = await this.tokens.update({ id, userId, revokedAt: IsNull() }, { revokedAt: new Date() });
    if (!result.affected) throw new AppException(ErrorCode.NotFound, `API token ${id} not found`);
  }
}
