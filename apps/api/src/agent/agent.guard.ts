import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { AppException, ErrorCode } from '../common/app.exception';
import type { AppRequest } from '../common/request-context';
import { AgentService } from './agent.service';

/** Agent routes: `Authorization: Bearer agt_...`, checked (and the computer marked seen) by AgentService. */
@Injectable()
export class AgentGuard implements CanActivate {
  constructor(private readonly agents: AgentService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AppRequest>();
    const header = req.get('authorization') ?? '';
    const match = /^bearer\s+(agt_\S+)$/i.exec(header.trim());
    if (!match) throw new AppException(ErrorCode.Unauthenticated, 'send the agent credential as Authorization: Bearer agt_...');
    const computer = await this.agents.authenticate(match[1] ?? '');
    if (!computer) throw new AppException(ErrorCode.Unauthenticated, 'the agent credential is unknown: enroll the computer again');
    req.agentComputer = computer;
    return true;
  }
}
