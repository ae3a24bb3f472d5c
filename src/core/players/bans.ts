import { fail } from '../errors.js';
import type { TokenService } from '../identity/tokens.js';
import type { Clock } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { Account, Ban } from './types.js';

const MAX_REASON = 512;

/**
 * Operators' bans. A ban revokes every token of the account in its transaction, so that every
 * token check refuses them at once in every process (the change feed), and logins are refused
 * while it is in force (PlayerService.issueLogin).
 */
export class PlayerBans {
  constructor(
    private readonly store: Pick<Store, 'players' | 'tokens' | 'transaction'>,
    private readonly clock: Clock,
    private readonly tokens: TokenService,
  ) {}

  /** Bans the account until `until` (unix ms, in the future) or until lifted. */
  async ban(account: Account, reason: string, until: number | null): Promise<Ban> {
    const now = this.clock.now();
    if (!reason.trim() || reason.length > MAX_REASON)
      fail('invalid_argument', `reason must be 1 to ${MAX_REASON} characters`);
    if (until !== null && until <= now) fail('invalid_argument', 'until must be in the future');
    const ban: Ban = { at: now, until, reason };
    await this.store.transaction(async (store) => {
      await store.players.setBan(account.id, ban);
      await this.tokens.revokeAll(account.id, store);
    });
    return ban;
  }

  /** Lifts the account's ban, if any. */
  async unban(account: Account): Promise<void> {
    await this.store.players.setBan(account.id, null);
  }
}
