import { ApiTokenEntity } from '../auth/api-token.entity';
import { SessionEntity } from '../auth/session.entity';
import { AuditEntryEntity } from '../audit/audit-entry.entity';
import { UserEntity } from '../users/user.entity';

export const entities = [UserEntity, SessionEntity, ApiTokenEntity, AuditEntryEntity];
