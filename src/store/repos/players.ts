import type { Kysely, Selectable } from 'kysely';
import type { Account, AccountKind, AppPlayer, Sex } from '../../core/players/types.js';
import { QueryTemplate } from '../query-template.js';
import type { AccountsTable, Database } from '../schema.js';

export type NewAccount = Omit<Account, 'id'> & { geohash: string | null };

export function toAccount(row: Selectable<AccountsTable>): Account {
  return {
    id: row.id,
    publicId: row.public_id,
    kind: row.kind as AccountKind,
    name: row.name,
    sex: row.sex as Sex,
    birthday: row.birthday,
    photos: JSON.parse(row.photos) as string[],
    sign: row.sign,
    areaId: row.area_id,
    location:
      row.lat !== null && row.lng !== null
        ? { lat: row.lat, lng: row.lng, at: row.loc_time ?? 0 }
        : null,
    regstate: row.regstate,
    vip: row.vip,
    isSpam: row.is_spam === 1,
    profileVersion: row.profile_version,
    createdAt: row.created_at,
  };
}

function accountColumns(account: NewAccount) {
  return {
    public_id: account.publicId,
    kind: account.kind,
    name: account.name,
    sex: account.sex,
    birthday: account.birthday,
    photos: JSON.stringify(account.photos),
    sign: account.sign,
    area_id: account.areaId,
    lat: account.location?.lat ?? null,
    lng: account.location?.lng ?? null,
    geohash: account.geohash,
    loc_time: account.location?.at ?? null,
    regstate: account.regstate,
    vip: account.vip,
    is_spam: account.isSpam ? 1 : 0,
    profile_version: account.profileVersion,
    created_at: account.createdAt,
  };
}

export class PlayerRepo {
  private readonly byUseridsQuery = new QueryTemplate((appId: string, ...userids: string[]) =>
    this.db
      .selectFrom('app_players')
      .select(['account_id', 'momo_userid'])
      .where('app_id', '=', appId)
      .where('momo_userid', 'in', userids),
  );

  private readonly appAccountsQuery = new QueryTemplate((appId: string, ...accountIds: number[]) =>
    this.db
      .selectFrom('accounts')
      .innerJoin('app_players', 'app_players.account_id', 'accounts.id')
      .selectAll('accounts')
      .select('app_players.momo_userid')
      .where('app_players.app_id', '=', appId)
      .where('accounts.id', 'in', accountIds),
  );

  private readonly accountByUseridQuery = new QueryTemplate((appId: string, momoUserid: string) =>
    this.db
      .selectFrom('app_players')
      .innerJoin('accounts', 'accounts.id', 'app_players.account_id')
      .selectAll('accounts')
      .where('app_players.app_id', '=', appId)
      .where('app_players.momo_userid', '=', momoUserid),
  );

  constructor(private readonly db: Kysely<Database>) {}

  async insertAccount(account: NewAccount): Promise<Account> {
    const row = await this.db
      .insertInto('accounts')
      .values(accountColumns(account))
      .returningAll()
      .executeTakeFirstOrThrow();
    return toAccount(row);
  }

  async updateAccount(id: number, account: NewAccount): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set(accountColumns(account))
      .where('id', '=', id)
      .execute();
  }

  async accountById(id: number): Promise<Account | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  async accountByPublicId(publicId: string): Promise<Account | undefined> {
    const row = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('public_id', '=', publicId)
      .executeTakeFirst();
    return row && toAccount(row);
  }

  async accountsByIds(ids: readonly number[]): Promise<Account[]> {
    if (ids.length === 0) return [];
    const rows = await this.db.selectFrom('accounts').selectAll().where('id', 'in', ids).execute();
    return rows.map(toAccount);
  }

  /** The city of each account (accounts without one are left out). */
  async areasOf(ids: readonly number[]): Promise<Map<number, number>> {
    if (ids.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('accounts')
      .select(['id', 'area_id'])
      .where('id', 'in', ids)
      .where('area_id', 'is not', null)
      .execute();
    return new Map(rows.map((r) => [r.id, r.area_id ?? 0]));
  }

  /** Accounts located in the geohash cells (the spatial index), with their coordinates. */
  async locatedInCells(
    prefixes: readonly string[],
  ): Promise<{ id: number; lat: number; lng: number }[]> {
    if (prefixes.length === 0) return [];
    const rows = await this.db
      .selectFrom('accounts')
      .select(['id', 'lat', 'lng'])
      .where((eb) =>
        eb.or(prefixes.map((p) => eb.and([eb('geohash', '>=', p), eb('geohash', '<', `${p}~`)]))),
      )
      .execute();
    return rows.map((r) => ({ id: r.id, lat: r.lat ?? 0, lng: r.lng ?? 0 }));
  }

  async listAccounts(afterId: number, limit: number): Promise<Account[]> {
    const rows = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('id', '>', afterId)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map(toAccount);
  }

  async identity(
    provider: string,
    subject: string,
  ): Promise<{ accountId: number; secretHash: string | null } | undefined> {
    const row = await this.db
      .selectFrom('identities')
      .select(['account_id', 'secret_hash'])
      .where('provider', '=', provider)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row && { accountId: row.account_id, secretHash: row.secret_hash };
  }

  async insertIdentity(
    provider: string,
    subject: string,
    accountId: number,
    secretHash: string | null,
    now: number,
  ): Promise<void> {
    await this.db
      .insertInto('identities')
      .values({
        provider,
        subject,
        account_id: accountId,
        secret_hash: secretHash,
        created_at: now,
      })
      .execute();
  }

  async appPlayer(appId: string, accountId: number): Promise<AppPlayer | undefined> {
    const row = await this.db
      .selectFrom('app_players')
      .select('momo_userid')
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && { appId, accountId, momoUserid: row.momo_userid };
  }

  /** Inserts unless the account already plays the app (a concurrent login may have won). */
  async insertAppPlayer(player: AppPlayer, now: number): Promise<void> {
    await this.db
      .insertInto('app_players')
      .values({
        app_id: player.appId,
        account_id: player.accountId,
        momo_userid: player.momoUserid,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['app_id', 'account_id']).doNothing())
      .execute();
  }

  async appPlayersByMomoUserids(appId: string, userids: readonly string[]): Promise<AppPlayer[]> {
    if (userids.length === 0) return [];
    const { rows } = await this.db.executeQuery(this.byUseridsQuery.bind(appId, ...userids));
    return rows.map((r) => ({ appId, accountId: r.account_id, momoUserid: r.momo_userid }));
  }

  async appPlayersByAccounts(appId: string, accountIds: readonly number[]): Promise<AppPlayer[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('app_players')
      .select(['account_id', 'momo_userid'])
      .where('app_id', '=', appId)
      .where('account_id', 'in', accountIds)
      .execute();
    return rows.map((r) => ({ appId, accountId: r.account_id, momoUserid: r.momo_userid }));
  }

  /** Accounts that play the app, each with its ids in that app. */
  async appAccounts(
    appId: string,
    accountIds: readonly number[],
  ): Promise<{ account: Account; player: AppPlayer }[]> {
    if (accountIds.length === 0) return [];
    const query = this.appAccountsQuery.bind(appId, ...accountIds);
    const { rows } = await this.db.executeQuery(query);
    return rows.map((row) => ({
      account: toAccount(row),
      player: { appId, accountId: row.id, momoUserid: row.momo_userid },
    }));
  }

  /** The account an app knows by this Momo userid. */
  async appAccountByMomoUserid(
    appId: string,
    momoUserid: string,
  ): Promise<{ account: Account; player: AppPlayer } | undefined> {
    const query = this.accountByUseridQuery.bind(appId, momoUserid);
    const [row] = (await this.db.executeQuery(query)).rows;
    return row && { account: toAccount(row), player: { appId, accountId: row.id, momoUserid } };
  }

  async appPlayersOfAccount(accountId: number): Promise<AppPlayer[]> {
    const rows = await this.db
      .selectFrom('app_players')
      .select(['app_id', 'momo_userid'])
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ appId: r.app_id, accountId, momoUserid: r.momo_userid }));
  }
}
