/**
 * A write broke a uniqueness rule (a unique constraint or primary key). The store raises it
 * where a conflict is expected, so callers need not know how each database reports one.
 */
export class UniqueConflict extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'UniqueConflict';
  }
}
