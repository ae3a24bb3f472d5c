/**
 * What changed in the database, heard by every process that keeps some of it in memory (this one
 * included). A change is published in the transaction that makes it and heard only once that
 * transaction commits.
 */
export interface ChangeFeed {
  /**
   * Calls `listener` with the key of each change of `topic` heard; with undefined when changes may
   * have been missed (a lost connection): then anything may have changed.
   */
  watch(topic: string, listener: (key: string | undefined) => void): void;
  /** Hears the changes committed so far that can be heard now (call it before a cached read). */
  catchUp(): Promise<void>;
  /** Counts the changes heard: a read that saw it move may have read what was just replaced. */
  readonly heard: number;
  /** False while changes cannot be heard (a lost connection): nothing cached may be trusted. */
  readonly coherent: boolean;
}
