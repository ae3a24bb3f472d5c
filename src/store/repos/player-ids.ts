import type { Kysely, Selectable } from 'kysely';
import { PLAYER_IDS_CHANGED } from '../../common/change-topics.js';
import type { PublicId } from '../../core/identity/types.js';
import type { Account } from '../../core/players/types.js';
import { QueryTemplate } from '../query-template.js';
import type { Database } from '../schema.js';
import type { PlayerIdsTable } from '../tables/identity.js';
import type { ChangeRepo } from './changes.js';
import { toAccount } from './players.js';

function toPublicId(row: Selectable<PlayerIdsTable>): PublicId {
  return {
    appId: row.app_id,
    namespace: row.namespace,
    id: row.public_id,
    accountId: row.account_id,
    active: row.active === 1,
  };
}

/**
 * Per-app public ids of accounts, in the namespaces the dialects declare. Giving an account an id
 * or marking one active is published (PLAYER_IDS_CHANGED).
 */
export class PlayerIdRepo {
  private readonly byIdsQuery = new QueryTemplate(
    (appId: string, namespace: string, ...ids: string[]) =>
      this.db
        .selectFrom('player_ids')
        .selectAll()
        .where('app_id', '=', appId)
        .where('namespace', '=', namespace)
        .where('public_id', 'in', ids),
  );

  private readonly byAccountsQuery = new QueryTemplate(
    (appId: string, namespace: string, ...accountIds: number[]) =>
      this.db
        .selectFrom('player_ids')
        .selectAll()
        .where('app_id', '=', appId)
        .where('namespace', '=', namespace)
        .where('account_id', 'in', accountIds),
  );

  private readonly ofAccountQuery = new QueryTemplate((appId: string, accountId: number) =>
    this.db
      .selectFrom('player_ids')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId),
  );

  private readonly ofAccountsQuery = new QueryTemplate((appId: string, ...accountIds: number[]) =>
    this.db
      .selectFrom('player_ids')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', 'in', accountIds),
  );

  private readonly accountsQuery = new QueryTemplate(
    (appId: string, namespace: string, ...accountIds: number[]) =>
      this.db
        .selectFrom('accounts')
        .innerJoin('player_ids', 'player_ids.account_id', 'accounts.id')
        .selectAll('accounts')
        .select(['player_ids.public_id as known_as', 'player_ids.active'])
        .where('player_ids.app_id', '=', appId)
        .where('player_ids.namespace', '=', namespace)
        .where('accounts.id', 'in', accountIds),
  );

  private readonly accountByIdQuery = new QueryTemplate(
    (appId: string, namespace: string, publicId: string) =>
      this.db
        .selectFrom('player_ids')
        .innerJoin('accounts', 'accounts.id', 'player_ids.account_id')
        .selectAll('accounts')
        .select('player_ids.active')
        .where('player_ids.app_id', '=', appId)
        .where('player_ids.namespace', '=', namespace)
        .where('player_ids.public_id', '=', publicId),
  );

  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeRepo,
  ) {}

  /**
   * Gives the account `candidate.id` in the namespace unless it has an id there already (or the
   * candidate is taken); marks the id active when `candidate.active`. Returns the stored id, or
   * undefined when the candidate was taken by another account (mint another).
   */
  async ensure(candidate: PublicId, now: number): Promise<PublicId | undefined> {
    const inserted = await this.db
      .insertInto('player_ids')
      .values({
        app_id: candidate.appId,
        namespace: candidate.namespace,
        public_id: candidate.id,
        account_id: candidate.accountId,
        active: candidate.active ? 1 : 0,
        created_at: now,
      })
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    let changed = Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0;
    if (candidate.active) {
      const activated = await this.db
        .updateTable('player_ids')
        .set({ active: 1 })
        .where('app_id', '=', candidate.appId)
        .where('namespace', '=', candidate.namespace)
        .where('account_id', '=', candidate.accountId)
        .where('active', '=', 0)
        .executeTakeFirst();
      changed ||= activated.numUpdatedRows > 0n;
    }
    if (changed) await this.changes.publish(PLAYER_IDS_CHANGED, candidate.accountId);
    const [stored] = await this.byAccounts(candidate.appId, candidate.namespace, [
      candidate.accountId,
    ]);
    return stored;
  }

  async byIds(appId: string, namespace: string, ids: readonly string[]): Promise<PublicId[]> {
    if (ids.length === 0) return [];
    const query = this.byIdsQuery.bind(appId, namespace, ...ids);
    return (await this.db.executeQuery(query)).rows.map(toPublicId);
  }

  async byAccounts(
    appId: string,
    namespace: string,
    accountIds: readonly number[],
  ): Promise<PublicId[]> {
    if (accountIds.length === 0) return [];
    const query = this.byAccountsQuery.bind(appId, namespace, ...accountIds);
    return (await this.db.executeQuery(query)).rows.map(toPublicId);
  }

  /** Every id of the accounts with ids in (afterAccountId, throughAccountId], in every app. */
  async ofAccountRange(afterAccountId: number, throughAccountId: number): Promise<PublicId[]> {
    const rows = await this.db
      .selectFrom('player_ids')
      .selectAll()
      .where('account_id', '>', afterAccountId)
      .where('account_id', '<=', throughAccountId)
      .execute();
    return rows.map(toPublicId);
  }

  /** Every id the account has in the app, in every namespace. */
  async ofAccount(appId: string, accountId: number): Promise<PublicId[]> {
    const query = this.ofAccountQuery.bind(appId, accountId);
    return (await this.db.executeQuery(query)).rows.map(toPublicId);
  }

  /** Every id these accounts have in the app, in every namespace, in one query. */
  async ofAccounts(appId: string, accountIds: readonly number[]): Promise<PublicId[]> {
    if (accountIds.length === 0) return [];
    const query = this.ofAccountsQuery.bind(appId, ...accountIds);
    return (await this.db.executeQuery(query)).rows.map(toPublicId);
  }

  /** The holders of this id in every app (ids of a namespace may repeat across apps). */
  async inEveryApp(namespace: string, publicId: string): Promise<PublicId[]> {
    const rows = await this.db
      .selectFrom('player_ids')
      .selectAll()
      .where('namespace', '=', namespace)
      .where('public_id', '=', publicId)
      .execute();
    return rows.map(toPublicId);
  }

  /** Every id the account has, in every app. */
  async ofAccountEverywhere(accountId: number): Promise<PublicId[]> {
    const rows = await this.db
      .selectFrom('player_ids')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();
    return rows.map(toPublicId);
  }

  /** These accounts with their ids in the namespace (accounts without one are left out). */
  async accounts(
    appId: string,
    namespace: string,
    accountIds: readonly number[],
  ): Promise<{ account: Account; id: PublicId }[]> {
    if (accountIds.length === 0) return [];
    const query = this.accountsQuery.bind(appId, namespace, ...accountIds);
    return (await this.db.executeQuery(query)).rows.map((row) => ({
      account: toAccount(row),
      id: { appId, namespace, id: row.known_as, accountId: row.id, active: row.active === 1 },
    }));
  }

  /** The account known by this id. */
  async accountById(
    appId: string,
    namespace: string,
    publicId: string,
  ): Promise<{ account: Account; id: PublicId } | undefined> {
    const query = this.accountByIdQuery.bind(appId, namespace, publicId);
    const [row] = (await this.db.executeQuery(query)).rows;
    return (
      row && {
        account: toAccount(row),
        id: { appId, namespace, id: publicId, accountId: row.id, active: row.active === 1 },
      }
    );
  }
}
