import { TOKENS_REVOKED } from '../../common/change-topics.js';
import type { Store } from '../../store/store.js';
import { RecentCache } from '../cache.js';
import type { ChangeFeed } from '../changes.js';
import type { TokenRecord } from '../identity/types.js';
import type { Clock } from '../runtime.js';
import type { PlayerDirectory } from './directory.js';

const HOLDER_CACHE_SIZE = 200_000;

/** A token and the id its holder has in the namespace it was looked up in. */
export interface TokenHolder {
  token: TokenRecord;
  publicId: string;
}

/**
 * Who holds each token, kept in memory: a login check (Momo's vtoken check) costs no query once
 * the token was seen. Revocations in any process are heard through the change feed (they are
 * rare: the whole cache is forgotten); a token past its cached expiry is read again, as renewals
 * may have moved it.
 */
export class TokenHolders {
  private readonly cache: RecentCache<string, TokenHolder>;

  constructor(
    private readonly store: Pick<Store, 'tokens'>,
    private readonly clock: Clock,
    private readonly changes: ChangeFeed,
    private readonly directory: PlayerDirectory,
  ) {
    this.cache = new RecentCache(HOLDER_CACHE_SIZE, Infinity, clock);
    changes.watch(TOKENS_REVOKED, () => this.cache.clear());
  }

  async holder(hash: string, namespace: string): Promise<TokenHolder | undefined> {
    await this.changes.catchUp();
    const key = `${namespace}\n${hash}`;
    const cached = this.changes.coherent ? this.cache.get(key) : undefined;
    const { expiresAt } = cached?.token ?? {};
    if (cached && (expiresAt === null || expiresAt! > this.clock.now())) return cached;
    const heard = this.changes.heard;
    const found = await this.store.tokens.withHolder(hash, namespace);
    if (!found) return undefined;
    const holder = { token: found.token, publicId: found.publicId };
    // Kept only when nothing was heard meanwhile: the read may predate a revocation.
    if (this.changes.heard === heard) {
      this.cache.set(key, holder);
      this.directory.rememberRead(found.account, heard);
    }
    return holder;
  }
}
