import type { Store, StoreSlice } from '../../store/store.js';
import { fail } from '../errors.js';
import type { IdentityRegistry } from '../identity/registry.js';
import type { LeaderboardService } from '../leaderboards/service.js';
import type { Account } from '../players/types.js';
import type { Clock } from '../runtime.js';
import type { PlayerExport, PlayerSearchPage } from './types.js';

/**
 * Operators' privacy tools: find a player of an app by any of their ids, export everything held
 * about a player (access request), delete a player with their personal data (erasure request).
 */
export class PlayerPrivacy {
  constructor(
    private readonly store: StoreSlice<'players' | 'playerIds' | 'playerData'>,
    private readonly registry: IdentityRegistry,
    private readonly leaderboards: LeaderboardService,
    private readonly clock: Clock,
  ) {}

  /** Players of the app with `value` as any of their ids, by account age, a page at a time. */
  async search(
    appId: string,
    value: string,
    page: { offset: number; limit: number },
  ): Promise<PlayerSearchPage> {
    const matched = new Map<number, Set<string>>();
    const add = (accountId: number, kind: string) =>
      matched.set(accountId, (matched.get(accountId) ?? new Set()).add(kind));
    const byPlayerId = await this.store.players.accountByPublicId(value);
    if (byPlayerId && (await this.store.players.appPlayer(appId, byPlayerId.id))) {
      add(byPlayerId.id, 'player_id');
    }
    for (const namespace of this.registry.allNamespaces()) {
      if (!namespace.pattern.test(value)) continue;
      for (const id of await this.store.playerIds.byIds(appId, namespace.name, [value])) {
        add(id.accountId, namespace.operatorField ?? namespace.name.replace('.', '_'));
      }
    }
    for (const match of await this.store.playerData.accountsMatching(appId, value)) {
      add(match.accountId, match.matched);
    }
    const ids = [...matched.keys()].sort((a, b) => a - b);
    const accounts = await this.store.players.accountsByIds(
      ids.slice(page.offset, page.offset + page.limit),
    );
    return {
      total: ids.length,
      matches: accounts
        .sort((a, b) => a.id - b.id)
        .map((account) => ({ account, matched: [...(matched.get(account.id) ?? [])] })),
    };
  }

  async export(playerId: string): Promise<PlayerExport> {
    const account = await this.account(playerId);
    return {
      player_id: account.publicId,
      exported_at: this.clock.now(),
      tables: await this.store.playerData.export(account.id),
    };
  }

  /**
   * Deletes the player and their personal data in one transaction (see docs/rulings.md): their
   * sessions stop working at once, their scores leave the rank index, their orders stay with
   * the player reference cut, groups they own pass to their longest-standing member.
   */
  async delete(playerId: string): Promise<void> {
    const account = await this.account(playerId);
    const dropFromIndex = await this.store.transaction(async (store) => {
      for (const groupId of await store.playerData.ownedGroups(account.id)) {
        await handOver(store, groupId, account.id);
      }
      const forget = await this.leaderboards.forget(store, account.id);
      await store.playerData.erase(account.id, await store.playerData.friendsOf(account.id));
      return forget;
    });
    await dropFromIndex();
  }

  private async account(playerId: string): Promise<Account> {
    return (
      (await this.store.players.accountByPublicId(playerId)) ??
      fail('player.not_found', 'no such player')
    );
  }
}

/** Gives a group its owner is leaving to the member who joined first; one left empty goes. */
async function handOver(store: Store, groupId: number, ownerId: number): Promise<void> {
  const heir = (await store.groups.members(groupId)).find((m) => m.accountId !== ownerId);
  if (!heir) return store.groups.delete(groupId);
  await store.groups.setRole(groupId, heir.accountId, 'owner');
  await store.groups.setOwner(groupId, heir.accountId);
}
