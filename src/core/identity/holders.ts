import { fail } from '../errors.js';
import type { Store } from '../../store/store.js';

/**
 * Fails with player.not_found unless the account has an id in the app in each of `namespaces`
 * (none: nobody qualifies). Per-player platform features (memberships, free-flow plans) are kept
 * only for players the dialects offering them know.
 */
export async function mustHoldIds(
  store: Pick<Store, 'playerIds'>,
  appId: string,
  accountId: number,
  namespaces: readonly string[],
): Promise<void> {
  const held = new Set(
    (await store.playerIds.ofAccount(appId, accountId)).map((id) => id.namespace),
  );
  if (namespaces.length === 0 || !namespaces.every((namespace) => held.has(namespace))) {
    fail('player.not_found', 'the player has no ids in this app for platform features');
  }
}
