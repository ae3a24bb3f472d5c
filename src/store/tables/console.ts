import type { Generated } from 'kysely';

/** Console users (operators signing in to the web console), their sessions and the audit log. */
export interface ConsoleTables {
  console_users: ConsoleUserTable;
  console_sessions: ConsoleSessionTable;
  audit_log: AuditLogTable;
}

export interface ConsoleUserTable {
  id: Generated<number>;
  /** Lower-cased. */
  email: string;
  password_hash: string;
  role: string;
  /** Failed sign-ins since the last good one or the last lockout. */
  failed_sign_ins: Generated<number>;
  locked_until: number | null;
  created_at: number;
  last_sign_in_at: number | null;
}

export interface ConsoleSessionTable {
  token_hash: string;
  user_id: number;
  created_at: number;
  expires_at: number;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: number;
  /** `console:<email>` or `admin-token`. */
  actor: string;
  /** Method and route, e.g. `POST /v1/admin/orders/:order_id/refund`. */
  action: string;
  /** The route's parameters as JSON, e.g. `{"order_id":"..."}`. */
  target: string;
  /** The HTTP status answered. */
  status: number;
  /** JSON of the target's state before and after the write (redacted), when known. */
  before: string | null;
  after: string | null;
}
