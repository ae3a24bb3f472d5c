import type { Kysely, Selectable } from 'kysely';
import type { Account, AccountKind, AppPlayer, Ban, Sex } from '../../core/players/types.js';
import { ACCOUNT_CHANGED } from '../../common/change-topics.js';
import type { DatabaseKind } from '../database.js';
import type { Database } from '../schema.js';
import type { ChangeRepo } from './changes.js';
import type { FriendRepo } from './friends.js';
import type { AccountsTable } from '../tables/accounts.js';

/** The columns a profile write sets: the ban has writes of its own (setBan). */
export type NewAccount = Omit<Account, 'id' | 'ban'> & { geohash: string | null };

type BanColumns = Pick<AccountsTable, 'banned_at' | 'banned_until' | 'ban_reason'>;

function banOfRow(row: BanColumns): Ban | null {
  return row.banned_at === null
    ? null
    : { at: row.banned_at, until: row.banned_until, reason: row.ban_reason ?? '' };
}

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
    ban: banOfRow(row),
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
  constructor(
    private readonly db: Kysely<Database>,
    private readonly changes: ChangeRepo,
    private readonly friends: FriendRepo,
    private readonly kind: DatabaseKind,
  ) {}

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
    await this.changes.publish(ACCOUNT_CHANGED, id);
  }

  /** Bans the account (null: lifts its ban). */
  async setBan(id: number, ban: Ban | null): Promise<void> {
    await this.db
      .updateTable('accounts')
      .set({
        banned_at: ban?.at ?? null,
        banned_until: ban?.until ?? null,
        ban_reason: ban?.reason ?? null,
      })
      .where('id', '=', id)
      .execute();
    await this.changes.publish(ACCOUNT_CHANGED, id);
  }

  /**
   * The account's ban, read in a login's transaction; on PostgreSQL the row stays locked until it
   * ends, so a ban committing meanwhile waits for the login and then revokes its tokens.
   */
  async banOf(id: number): Promise<Ban | null> {
    const row = await this.db
      .selectFrom('accounts')
      .select(['banned_at', 'banned_until', 'ban_reason'])
      .where('id', '=', id)
      .$if(this.kind === 'postgres', (qb) => qb.forShare())
      .executeTakeFirst();
    return row ? banOfRow(row) : null;
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

  async accountCount(): Promise<number> {
    const row = await this.db
      .selectFrom('accounts')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .executeTakeFirstOrThrow();
    return Number(row.count);
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

  /** Sets the secret of the account's identity with `provider`; false when it has none. */
  async setIdentitySecret(
    accountId: number,
    provider: string,
    secretHash: string,
  ): Promise<boolean> {
    const result = await this.db
      .updateTable('identities')
      .set({ secret_hash: secretHash })
      .where('account_id', '=', accountId)
      .where('provider', '=', provider)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  /**
   * Records that the account plays the app, unless it does already (a concurrent login); true
   * when this made it a player of the app.
   */
  async insertAppPlayer(player: AppPlayer, now: number): Promise<boolean> {
    const inserted = await this.db
      .insertInto('app_players')
      .values({ app_id: player.appId, account_id: player.accountId, created_at: now })
      .onConflict((oc) => oc.columns(['app_id', 'account_id']).doNothing())
      .returning('account_id')
      .executeTakeFirst();
    if (inserted) await this.friends.publishJoined(player.accountId);
    return inserted !== undefined;
  }

  async appPlayer(appId: string, accountId: number): Promise<AppPlayer | undefined> {
    const row = await this.db
      .selectFrom('app_players')
      .select('account_id')
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && { appId, accountId };
  }

  /** The apps the account plays, oldest first. */
  async appsOfAccount(accountId: number): Promise<AppPlayer[]> {
    const rows = await this.db
      .selectFrom('app_players')
      .select('app_id')
      .where('account_id', '=', accountId)
      .orderBy('created_at')
      .execute();
    return rows.map((r) => ({ appId: r.app_id, accountId }));
  }
}
