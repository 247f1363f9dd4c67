/** One state-changing request: who, what, when, from where. */
export interface AuditEntry {
  id: string;
  at: string;
  actor: { id: string; email: string } | null;
  /** What was done, for example `auth.login`, `POST /api/v1/users`. */
  action: string;
  method: string;
  path: string;
  /** HTTP status the request ended with. */
  status: number;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  /** Safe context, such as the e-mail a failed sign-in tried. Never a secret. */
  details?: Record<string, unknown>;
}

/** `GET /api/v1/audit?limit=&before=&action=&actor=` (admin) */
export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `before` to read the next (older) page; null when this is the last page. */
  nextBefore: string | null;
}
