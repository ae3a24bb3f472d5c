import type { Kysely } from 'kysely';
import type { ChangeFeed } from '../../core/changes.js';
import type { Database } from '../schema.js';

/** Publishes changes for a ChangeFeed, inside the caller's transaction. */
export interface ChangeLog extends ChangeFeed {
  publish(db: Kysely<Database>, topic: string, key: string): Promise<void>;
  /** This process's listeners hear a change it just committed, without waiting for the feed. */
  hearLocally(topic: string, key: string): void;
  start(): Promise<void>;
  close(): Promise<void>;
}

type Listener = (key: string | undefined) => void;

/** The listeners of each topic, shared by both backends' feeds. */
export class ChangeListeners {
  private readonly byTopic = new Map<string, Listener[]>();
  heard = 0;

  watch(topic: string, listener: Listener): void {
    this.byTopic.set(topic, [...(this.byTopic.get(topic) ?? []), listener]);
  }

  hear(topic: string, key: string): void {
    this.heard += 1;
    for (const listener of this.byTopic.get(topic) ?? []) listener(key);
  }

  /** Changes may have been missed: every listener forgets everything. */
  reset(): void {
    this.heard += 1;
    for (const listeners of this.byTopic.values())
      for (const listener of listeners) listener(undefined);
  }
}
