import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import type { AuditEntry, AuditFilter } from './types.js';

/** Keys whose values the audit log never keeps (passwords, app secrets, keys, tokens). */
const SECRET_KEY = /pass|secret|key|token|private|credential/i;

/** A copy of `value` with every secret-looking field's value replaced by `"[redacted]"`. */
export function redacted(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redacted);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, inner]) => [
      key,
      SECRET_KEY.test(key) && inner !== null ? '[redacted]' : redacted(inner),
    ]),
  );
}

export interface AuditWrite {
  actor: string;
  action: string;
  target: Record<string, unknown>;
  status: number;
  before?: unknown;
  after?: unknown;
}

/** Who wrote what through the console or the admin API, and when. */
export class AuditLog {
  constructor(
    private readonly store: StoreSlice<'auditLog'>,
    private readonly clock: Clock,
  ) {}

  async record(write: AuditWrite): Promise<void> {
    await this.store.auditLog.append({
      at: this.clock.now(),
      actor: write.actor,
      action: write.action,
      target: JSON.stringify(write.target),
      status: write.status,
      before: write.before === undefined ? null : redacted(write.before),
      after: write.after === undefined ? null : redacted(write.after),
    });
  }

  list(filter: AuditFilter): Promise<AuditEntry[]> {
    return this.store.auditLog.list(filter);
  }
}
