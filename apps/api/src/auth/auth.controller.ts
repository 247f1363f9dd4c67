import { Body, Controller, Delete, Get, HttpCode, Param, Post, Req, Res } from '@nestjs/common';
import { uuidParam } from '../common/params';
import { ApiCookieAuth, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { ApiTokenSummary, CreatedApiToken, SessionResponse, SessionUser } from '@entitle/domain';
import { AuditAction, CurrentUser, Public } from '../common/decorators';
import { AppRequest, clientIp } from '../common/request-context';
import { CreateApiTokenDto, LoginDto } from './auth.dto';
import { AuthService, SESSION_COOKIE } from './auth.service';
import { sessionCookieOptions } from './session-cookie';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Public()
  @Post('login')
  @HttpCode(200)
  @AuditAction('auth.login')
  @ApiOkResponse({ description: 'Signed in; the session cookie is set.' })
  async login(@Body() dto: LoginDto, @Req() req: AppRequest, @Res({ passthrough: true }) res: Response): Promise<SessionResponse> {
    // Failed attempts are audited too, with the e-mail that was tried.
    req.audit = { ...req.audit, details: { email: dto.email.toLowerCase() } };
    const { user, token, expiresAt } = await this.auth.signIn(dto.email, dto.password, clientIp(req), req.get('user-agent') ?? null);
    req.audit.actor = { id: user.id, email: user.email };
    res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req, expiresAt.getTime() - Date.now()));
    return { user };
  }

  @Public()
  @Post('logout')
  @HttpCode(204)
  @AuditAction('auth.logout')
  async logout(@Req() req: AppRequest, @Res({ passthrough: true }) res: Response): Promise<void> {
    const token = (req.cookies as Record<string, string> | undefined)?.[SESSION_COOKIE];
    if (token) await this.auth.signOut(token);
    res.clearCookie(SESSION_COOKIE, sessionCookieOptions(req));
  }

  @Get('me')
  @ApiCookieAuth()
  me(@CurrentUser() user: SessionUser): SessionResponse {
    return { user };
  }

  @Get('tokens')
  @ApiCookieAuth()
  listTokens(@CurrentUser() user: SessionUser): Promise<ApiTokenSummary[]> {
    return this.auth.listApiTokens(user.id);
  }

  @Post('tokens')
  @ApiCookieAuth()
  @AuditAction('auth.token.create')
  createToken(@CurrentUser() user: SessionUser, @Body() dto: CreateApiTokenDto): Promise<CreatedApiToken> {
    return this.auth.createApiToken(user.id, dto.name, dto.expiresAt);
  }

  @Delete('tokens/:id')
  @HttpCode(204)
  @ApiCookieAuth()
  @AuditAction('auth.token.revoke')
  revokeToken(@CurrentUser() user: SessionUser, @Param('id', uuidParam()) id: string): Promise<void> {
    return this.auth.revokeApiToken(user.id, id);
  }
}
