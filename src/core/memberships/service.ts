import { fail } from '../errors.js';
import { mustHoldIds } from '../identity/holders.js';
import type { Clock } from '../runtime.js';
import type { AppSecrets } from '../secrets/app-secrets.js';
import type { StoreSlice } from '../../store/store.js';
import type {
  AttributeCatalog,
  AttributeChanges,
  CollectedGift,
  GiftPack,
  PlayerAttributes,
} from './types.js';
import { applyChanges, defaultAttributes } from './types.js';

/** Platform attributes of players, their gift packs, and the app's video channels. */
export class MembershipService {
  constructor(
    private readonly store: StoreSlice<'memberships' | 'playerIds'>,
    private readonly clock: Clock,
    private readonly secrets: AppSecrets,
    /** Players with an id in each of these namespaces have attributes. */
    private readonly holders: readonly string[] = [],
    /** The plans and flags the dialects declared. */
    readonly catalog: AttributeCatalog = { plans: [], elite: [] },
  ) {}

  /** Fails with player.not_found unless the player has attributes in the app. */
  checkHolder(appId: string, accountId: number): Promise<void> {
    return mustHoldIds(this.store, appId, accountId, this.holders);
  }

  async attributes(appId: string, accountId: number): Promise<PlayerAttributes> {
    const [attributes] = (await this.attributesOf(appId, [accountId])).values();
    return attributes ?? defaultAttributes(this.catalog);
  }

  /** The attributes of each account (defaults for one nobody set). */
  async attributesOf(
    appId: string,
    accountIds: readonly number[],
  ): Promise<Map<number, PlayerAttributes>> {
    const stored = await this.store.memberships.attributes(appId, accountIds);
    return new Map(
      accountIds.map((id) => [
        id,
        this.apply(defaultAttributes(this.catalog), stored.get(id) ?? {}),
      ]),
    );
  }

  /** Lays the changes over the player's attributes; concurrent updates both land. */
  update(appId: string, accountId: number, changes: AttributeChanges): Promise<PlayerAttributes> {
    const now = this.clock.now();
    return this.store.transaction(async (store) => {
      const stored = await store.memberships.lockAttributes(appId, accountId, now);
      const next = this.apply(this.apply(defaultAttributes(this.catalog), stored), changes);
      await store.memberships.saveAttributes(appId, accountId, next, now);
      return next;
    });
  }

  private apply(base: PlayerAttributes, changes: AttributeChanges): PlayerAttributes {
    return applyChanges(base, changes, this.catalog);
  }

  async grantGiftPack(
    appId: string,
    accountId: number,
    giftId: string,
    count: number,
  ): Promise<GiftPack> {
    if (giftId === '' || !Number.isInteger(count) || count < 1) {
      fail('invalid_argument', 'a gift pack needs a gift id and a count of at least 1');
    }
    const pack = { giftId, count, grantedAt: this.clock.now() };
    await this.store.memberships.addGiftPack(appId, accountId, pack);
    return pack;
  }

  /** The packs granted to the player and not yet collected, oldest first. */
  giftPacks(appId: string, accountId: number): Promise<GiftPack[]> {
    return this.store.memberships.giftPacks(appId, accountId);
  }

  /**
   * Hands the player's packs over and forgets them: each pack is collected once, however many
   * calls race. Packs of one gift id come counted together, in the order first granted.
   */
  async collectGiftPacks(appId: string, accountId: number): Promise<CollectedGift[]> {
    const counts = new Map<string, number>();
    for (const pack of await this.store.memberships.takeGiftPacks(appId, accountId)) {
      counts.set(pack.giftId, (counts.get(pack.giftId) ?? 0) + pack.count);
    }
    return [...counts].map(([giftId, count]) => ({ giftId, count }));
  }

  /** Sets the secret that signs the app's links to a video channel. */
  setVideoChannel(appId: string, channelId: number, secret: string): Promise<void> {
    if (secret === '') fail('invalid_argument', 'a channel secret may not be empty');
    return this.secrets.put(appId, `video_channel:${channelId}`, secret);
  }

  async removeVideoChannel(appId: string, channelId: number): Promise<void> {
    if (!(await this.secrets.remove(appId, `video_channel:${channelId}`))) {
      fail('not_found', `no video channel ${channelId}`);
    }
  }

  async videoChannelSecret(appId: string, channelId: number): Promise<string> {
    const secret = await this.secrets.get(appId, `video_channel:${channelId}`);
    return secret?.toString('utf8') ?? fail('not_found', `no video channel ${channelId}`);
  }
}
