import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';

/** A player's card (profile-page summary) on one game server, as the game server sent it. */
export interface PlayerCard {
  serverId: string;
  card: Record<string, unknown>;
  /** Unix ms. */
  updatedAt: number;
}

export interface CardWrite {
  accountId: number;
  serverId: string;
  card: Record<string, unknown>;
}

export class CardService {
  constructor(
    private readonly store: StoreSlice<'cards'>,
    private readonly clock: Clock,
  ) {}

  /**
   * Stores the cards, each replacing the player's previous card for its server, in one statement:
   * all land or none. Within one batch the later card for the same player and server wins.
   */
  async save(appId: string, cards: readonly CardWrite[]): Promise<void> {
    const latest = new Map<string, CardWrite>();
    for (const card of cards) latest.set(JSON.stringify([card.accountId, card.serverId]), card);
    // One global row order, so that concurrent batches for the same players cannot deadlock.
    const ordered = [...latest.values()].sort(
      (a, b) =>
        a.accountId - b.accountId ||
        (a.serverId < b.serverId ? -1 : a.serverId > b.serverId ? 1 : 0),
    );
    await this.store.cards.upsert(appId, ordered, this.clock.now());
  }

  /** The player's cards in the app, by server id. */
  list(appId: string, accountId: number): Promise<PlayerCard[]> {
    return this.store.cards.ofPlayer(appId, accountId);
  }
}
