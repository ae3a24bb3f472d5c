import type { Kysely, Selectable } from 'kysely';
import type { MessageTemplate } from '../../core/subscriptions/types.js';
import type { Database } from '../schema.js';
import type { SubscriptionTemplatesTable } from '../tables/reports.js';

function toTemplate(row: Selectable<SubscriptionTemplatesTable>): MessageTemplate {
  return {
    id: row.id,
    appId: row.app_id,
    title: row.title,
    content: row.content,
    createdAt: row.created_at,
  };
}

/** Message templates of apps and the players subscribed to each. */
export class SubscriptionRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insertTemplate(
    appId: string,
    title: string,
    content: string,
    now: number,
  ): Promise<MessageTemplate> {
    const row = await this.db
      .insertInto('subscription_templates')
      .values({ app_id: appId, title, content, created_at: now })
      .returningAll()
      .executeTakeFirstOrThrow();
    return toTemplate(row);
  }

  /** The app's templates in id order (all, or those with the given ids). */
  async templates(appId: string, ids?: readonly number[]): Promise<MessageTemplate[]> {
    if (ids?.length === 0) return [];
    let query = this.db
      .selectFrom('subscription_templates')
      .selectAll()
      .where('app_id', '=', appId);
    if (ids) query = query.where('id', 'in', ids);
    return (await query.orderBy('id').execute()).map(toTemplate);
  }

  async countTemplates(appId: string): Promise<number> {
    const row = await this.db
      .selectFrom('subscription_templates')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('app_id', '=', appId)
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** Deletes the template and its subscriptions; false when the app has no such template. */
  async deleteTemplate(appId: string, id: number): Promise<boolean> {
    const result = await this.db
      .deleteFrom('subscription_templates')
      .where('app_id', '=', appId)
      .where('id', '=', id)
      .executeTakeFirst();
    return result.numDeletedRows > 0n;
  }

  /** Which of the templates the player is subscribed to. */
  async subscribedAmong(accountId: number, templateIds: readonly number[]): Promise<Set<number>> {
    if (templateIds.length === 0) return new Set();
    const rows = await this.db
      .selectFrom('subscriptions')
      .select('template_id')
      .where('account_id', '=', accountId)
      .where('template_id', 'in', templateIds)
      .execute();
    return new Set(rows.map((r) => r.template_id));
  }

  async subscribe(accountId: number, templateIds: readonly number[], now: number): Promise<void> {
    if (templateIds.length === 0) return;
    await this.db
      .insertInto('subscriptions')
      .values(
        templateIds.map((id) => ({ template_id: id, account_id: accountId, created_at: now })),
      )
      .onConflict((oc) => oc.columns(['template_id', 'account_id']).doNothing())
      .execute();
  }

  async unsubscribe(accountId: number, templateIds: readonly number[]): Promise<void> {
    if (templateIds.length === 0) return;
    await this.db
      .deleteFrom('subscriptions')
      .where('account_id', '=', accountId)
      .where('template_id', 'in', templateIds)
      .execute();
  }

  /** Subscribers of the template in account order, after account `afterId`. */
  async subscribers(templateId: number, afterId: number, limit: number): Promise<number[]> {
    const rows = await this.db
      .selectFrom('subscriptions')
      .select('account_id')
      .where('template_id', '=', templateId)
      .where('account_id', '>', afterId)
      .orderBy('account_id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.account_id);
  }

  /** Number of subscribers of each template (templates without any are left out). */
  async subscriberCounts(templateIds: readonly number[]): Promise<Map<number, number>> {
    if (templateIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('subscriptions')
      .select((eb) => ['template_id', eb.fn.countAll<number>().as('n')])
      .where('template_id', 'in', templateIds)
      .groupBy('template_id')
      .execute();
    return new Map(rows.map((r) => [r.template_id, Number(r.n)]));
  }

  /** Removes every subscriber of the template; returns how many there were. */
  async clear(templateId: number): Promise<number> {
    const result = await this.db
      .deleteFrom('subscriptions')
      .where('template_id', '=', templateId)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
