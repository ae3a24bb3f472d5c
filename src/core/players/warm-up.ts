import type { Store } from '../../store/store.js';
import type { ChangeFeed } from '../changes.js';
import type { PublicIds } from '../identity/public-ids.js';
import type { TokenService } from '../identity/tokens.js';
import type { Clock } from '../runtime.js';
import type { PlayerDirectory } from './directory.js';

const PAGE_SIZE = 5_000;

export interface PlayerCaches {
  store: Pick<Store, 'players' | 'playerIds' | 'tokens'>;
  changes: ChangeFeed;
  clock: Clock;
  directory: PlayerDirectory;
  publicIds: PublicIds;
  tokens: TokenService;
}

export interface WarmedCounts {
  accounts: number;
  ids: number;
  tokens: number;
}

/**
 * Loads players into the caches hot reads go through — accounts, their ids in every app, the
 * tokens that have not expired — up to `limit` accounts (and tokens), in id order, so that the
 * first requests after a start are answered from memory like the later ones. A read that a
 * change heard meanwhile may have overtaken is not kept, as for any other read.
 */
export async function warmPlayerCaches(
  caches: PlayerCaches,
  limit: number,
  onProgress?: (done: number, total: number) => void,
): Promise<WarmedCounts> {
  const { store, changes, directory, publicIds, tokens: tokenService } = caches;
  await changes.catchUp();
  const total = Math.min(limit, await store.players.accountCount());
  const warmed: WarmedCounts = { accounts: 0, ids: 0, tokens: 0 };
  for (let afterId = 0; warmed.accounts < total;) {
    const heard = changes.heard;
    const accounts = await store.players.listAccounts(
      afterId,
      Math.min(PAGE_SIZE, total - warmed.accounts),
    );
    const last = accounts.at(-1);
    if (!last) break;
    const ids = await store.playerIds.ofAccountRange(afterId, last.id);
    publicIds.rememberAccounts(ids, heard);
    for (const account of accounts) directory.rememberRead(account, heard);
    afterId = last.id;
    warmed.accounts += accounts.length;
    warmed.ids += ids.length;
    onProgress?.(warmed.accounts, total);
  }
  const now = caches.clock.now();
  for (let afterHash = ''; warmed.tokens < limit;) {
    const heard = changes.heard;
    const tokens = await store.tokens.liveAfter(
      afterHash,
      now,
      Math.min(PAGE_SIZE, limit - warmed.tokens),
    );
    const last = tokens.at(-1);
    if (!last) break;
    tokenService.remember(tokens, heard);
    afterHash = last.hash;
    warmed.tokens += tokens.length;
  }
  return warmed;
}
