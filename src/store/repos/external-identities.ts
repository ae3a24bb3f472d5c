import type { Kysely, Selectable } from 'kysely';
import type { ExternalIdentity, ExternalProvider } from '../../core/identity/external/types.js';
import type { Database } from '../schema.js';
import type { ExternalIdentitiesTable } from '../tables/external-identities.js';

function toIdentity(row: Selectable<ExternalIdentitiesTable>): ExternalIdentity {
  return {
    appId: row.app_id,
    provider: row.provider as ExternalProvider,
    subject: row.subject,
    accountId: Number(row.account_id),
    verified: row.verified === 1,
    displayName: row.display_name,
    email: row.email,
    picture: row.picture,
    extra: JSON.parse(row.extra) as Record<string, unknown>,
    createdAt: Number(row.created_at),
    updatedAt: Number(row.updated_at),
  };
}

/** Third-party identities of players, per app. */
export class ExternalIdentityRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async find(
    appId: string,
    provider: ExternalProvider,
    subject: string,
  ): Promise<ExternalIdentity | undefined> {
    const row = await this.db
      .selectFrom('external_identities')
      .selectAll()
      .where('app_id', '=', appId)
      .where('provider', '=', provider)
      .where('subject', '=', subject)
      .executeTakeFirst();
    return row && toIdentity(row);
  }

  /** The account's identities in the app (every app when `appId` is undefined), oldest first. */
  async ofAccount(accountId: number, appId?: string): Promise<ExternalIdentity[]> {
    let query = this.db
      .selectFrom('external_identities')
      .selectAll()
      .where('account_id', '=', accountId);
    if (appId !== undefined) query = query.where('app_id', '=', appId);
    const rows = await query.orderBy('created_at').orderBy('provider').execute();
    return rows.map(toIdentity);
  }

  /** Fails with a unique violation when the identity, or the account's of that provider, exists. */
  async insert(identity: ExternalIdentity): Promise<void> {
    await this.db
      .insertInto('external_identities')
      .values({
        app_id: identity.appId,
        provider: identity.provider,
        subject: identity.subject,
        account_id: identity.accountId,
        verified: identity.verified ? 1 : 0,
        display_name: identity.displayName,
        email: identity.email,
        picture: identity.picture,
        extra: JSON.stringify(identity.extra),
        created_at: identity.createdAt,
        updated_at: identity.updatedAt,
      })
      .execute();
  }

  /** Refreshes what the provider said of the person (and, once verified, keeps it verified). */
  async refresh(identity: ExternalIdentity): Promise<void> {
    await this.db
      .updateTable('external_identities')
      .set({
        verified: identity.verified ? 1 : 0,
        display_name: identity.displayName,
        email: identity.email,
        picture: identity.picture,
        extra: JSON.stringify(identity.extra),
        updated_at: identity.updatedAt,
      })
      .where('app_id', '=', identity.appId)
      .where('provider', '=', identity.provider)
      .where('subject', '=', identity.subject)
      .execute();
  }
}
