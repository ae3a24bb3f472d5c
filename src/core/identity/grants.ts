import type { Store } from '../../store/store.js';
import type { PublicIds } from './public-ids.js';
import type { TokenService } from './tokens.js';
import type { PublicId } from './types.js';

/** What a dialect gives a player at login: ids in its namespaces and fresh tokens. */
export interface Grant {
  /** Namespaces to give an id in; `active` marks the one the player logged in under. */
  ids: readonly { namespace: string; active: boolean }[];
  tokenKinds: readonly string[];
}

/** What a grant gave: the ids (in the grant's order) and the token values by kind. */
export interface Granted {
  ids: PublicId[];
  tokens: Record<string, string>;
}

/** Gives a player a dialect's ids and tokens in one transaction: all of them land, or none. */
export class Grants {
  constructor(
    private readonly store: Pick<Store, 'transaction'>,
    private readonly publicIds: PublicIds,
    private readonly tokens: TokenService,
  ) {}

  grant(appId: string, accountId: number, grant: Grant): Promise<Granted> {
    return this.store.transaction((store) => this.grantIn(store, appId, accountId, grant));
  }

  /** The same, inside the caller's transaction. */
  async grantIn(
    store: Pick<Store, 'playerIds' | 'tokens'>,
    appId: string,
    accountId: number,
    grant: Grant,
  ): Promise<Granted> {
    const ids: PublicId[] = [];
    for (const { namespace, active } of grant.ids) {
      ids.push(await this.publicIds.ensure(appId, namespace, accountId, active, store));
    }
    const tokens = await this.tokens.issue(appId, accountId, grant.tokenKinds, store);
    return { ids, tokens };
  }
}
