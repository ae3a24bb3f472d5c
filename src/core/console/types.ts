/** What a console user may do: `viewer` reads, `operator` also writes, `admin` also manages users. */
export const CONSOLE_ROLES = ['viewer', 'operator', 'admin'] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export interface ConsoleUser {
  id: number;
  email: string;
  role: ConsoleRole;
  createdAt: number;
  lastSignInAt: number | null;
  /** Unix ms until which sign-in is refused after repeated failures; null when not locked. */
  lockedUntil: number | null;
}

/** A stored console user with what sign-in checks. */
export interface ConsoleUserRecord extends ConsoleUser {
  passwordHash: string;
  failedSignIns: number;
}

/** One write by an operator, as the audit log keeps it. */
export interface AuditEntry {
  id: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  status: number;
  before: unknown;
  after: unknown;
}

export type NewAuditEntry = Omit<AuditEntry, 'id'>;

export interface AuditFilter {
  actor?: string;
  /** Matches actions containing this text (e.g. `refund`, `/boards/`). */
  action?: string;
  /** Matches targets containing this text (e.g. an order id). */
  target?: string;
  from?: number;
  to?: number;
  /** Entries older than this id (paging backwards from the newest). */
  beforeId?: number;
  limit: number;
}

/** Whether `role` may do what `needed` allows. */
export function roleAllows(role: ConsoleRole, needed: ConsoleRole): boolean {
  return CONSOLE_ROLES.indexOf(role) >= CONSOLE_ROLES.indexOf(needed);
}
