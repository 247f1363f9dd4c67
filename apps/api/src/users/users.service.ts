import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { SessionUser, UserSummary } from '@entitle/domain';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AppException, ErrorCode } from '../common/app.exception';
import { hashPassword, randomPassword } from '../auth/password';
import { SessionEntity } from '../auth/session.entity';
import { UserEntity } from './user.entity';
import { CreateUserDto, UpdateUserDto } from './users.dto';

export function toSessionUser(u: UserEntity): SessionUser {
  return { id: u.id, email: u.email, name: u.name, role: u.role };
}

function toSummary(u: UserEntity): UserSummary {
  return { ...toSessionUser(u), createdAt: u.createdAt.toISOString(), disabled: u.disabled };
}

@Injectable()
export class UsersService {
  private readonly logger = new Logger(UsersService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** With the password hash, for sign-in only. */
  findForSignIn(email: string): Promise<UserEntity | null> {
    return this.users
      .createQueryBuilder('u')
      .addSelect('u.passwordHash')
      .where('lower(u.email) = lower(:email)', { email: email.trim() })
      .getOne();
  }

  findById(id: string): Promise<UserEntity | null> {
    return this.users.findOne({ where: { id } });
  }

  async list(): Promise<UserSummary[]> {
    const rows = await this.users.find({ order: { createdAt: 'ASC' } });
    return rows.map(toSummary);
  }

  async create(dto: CreateUserDto): Promise<UserSummary> {
    const email = dto.email.trim().toLowerCase();
    if (await this.users.exist({ where: { email } })) {
      throw new AppException(ErrorCode.Conflict, `email: a user with ${email} already exists`, { errors: [{ field: 'email', message: 'already in use' }] });
    }
    const user = this.users.create({ email, name: dto.name ?? null, role: dto.role, passwordHash: await hashPassword(dto.password), disabled: false });
    return toSummary(await this.users.save(user));
  }

  async update(id: string, dto: UpdateUserDto, actorId: string): Promise<UserSummary> {
    const user = await this.findById(id);
    if (!user) throw new AppException(ErrorCode.NotFound, `user ${id} not found`);
    if (id === actorId && (dto.disabled === true || (dto.role && dto.role !== 'admin'))) {
      // An admin cannot lock themselves out; another admin must do it.
      throw new AppException(ErrorCode.Conflict, 'you cannot disable yourself or remove your own admin role');
    }
    const patch: Partial<UserEntity> = {};
    if (dto.name !== undefined) patch.name = dto.name;
    if (dto.role !== undefined) patch.role = dto.role;
    if (dto.disabled !== undefined) patch.disabled = dto.disabled;
    if (dto.password !== undefined) patch.passwordHash = await hashPassword(dto.password);
    await this.users.update({ id }, patch);
    if (patch.disabled) await this.users.manager.delete(SessionEntity, { userId: id });
    return toSummary({ ...user, ...patch });
  }

  /**
   * The first start creates the first admin: from ENTITLE_ADMIN_EMAIL/ENTITLE_ADMIN_PASSWORD when set, otherwise with a
   * random password printed once on stdout (never logged through the JSON logger).
   */
  async ensureFirstAdmin(print: (line: string) => void = (l) => process.stdout.write(`${l}\n`)): Promise<void> {
    if ((await this.users.count()) > 0) return;
    const email = this.config.admin.email ?? 'admin@entitle.local';
    const password = this.config.admin.password ?? randomPassword();
    await this.users.save(this.users.create({ email, name: 'Administrator', role: 'admin', passwordHash: await hashPassword(password), disabled: false }));
    this.logger.log(`created the first admin ${email}`);
    if (!this.config.admin.password) {
      print('');
      print('  First start: an admin account was created. This password is shown once; change it after signing in.');
      print(`    admin email:    ${email}`);
      print(`    admin password: ${password}`);
      print('');
    }
  }
}
