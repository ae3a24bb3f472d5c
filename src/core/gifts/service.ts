import type { App, EmotionConfig } from '../apps/types.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';

export type GiftKind = 'emotion';

export interface Gift {
  appId: string;
  kind: GiftKind;
  /** What was given, as configured when it was given. */
  item: EmotionConfig;
  /** Unix ms. */
  createdAt: number;
}

export class GiftService {
  constructor(
    private readonly store: StoreSlice<'gifts'>,
    private readonly clock: Clock,
  ) {}

  /** Gives the player the app's configured emotion; gift.not_configured when there is none. */
  async presentEmotion(app: App, accountId: number): Promise<Gift> {
    const emotion =
      app.settings.emotion ?? fail('gift.not_configured', 'the app has no emotion configured');
    const gift: Gift = {
      appId: app.id,
      kind: 'emotion',
      item: { id: emotion.id, name: emotion.name },
      createdAt: this.clock.now(),
    };
    await this.store.gifts.insert(accountId, gift);
    return gift;
  }

  /** Every gift the player received, in any app, oldest first. */
  ofAccount(accountId: number): Promise<Gift[]> {
    return this.store.gifts.ofAccount(accountId);
  }
}
