/** Roles: admins configure Entitle; technicians use the ticket tab and read what admins set up. */
export const USER_ROLES = ['admin', 'technician'] as const;
export type UserRole = (typeof USER_ROLES)[number];

export interface SessionUser {
  id: string;
  email: string;
  name: string | null;
  role: UserRole;
}

/** `POST /api/v1/auth/login` */
export interface LoginRequest {
  email: string;
  password: string;
}

/** `POST /api/v1/auth/login` (200) and `GET /api/v1/auth/me` */
export interface SessionResponse {
  user: SessionUser;
}

/** `POST /api/v1/auth/tokens`: the token text is returned once, in this response only. */
export interface CreateApiTokenRequest {
  name: string;
  /** ISO date; absent means the token never expires. */
  expiresAt?: string;
}

export interface ApiTokenSummary {
  id: string;
  name: string;
  /** The first characters of the token, so a user can tell tokens apart; never enough to use it. */
  prefix: string;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

export interface CreatedApiToken extends ApiTokenSummary {
  /** Shown once. Entitle keeps only a hash. */
  token: string;
}

/** `POST /api/v1/users` (admin) */
export interface CreateUserRequest {
  email: string;
  name?: string;
  password: string;
  role: UserRole;
}

export interface UserSummary extends SessionUser {
  createdAt: string;
  disabled: boolean;
}
