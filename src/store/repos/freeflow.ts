import type { Kysely } from 'kysely';
import type { Carrier, FreeflowPlan, FreeflowSettings } from '../../core/sharing/types.js';
import type { Database } from '../schema.js';

/** Free-flow settings of apps and plans of players. */
export class FreeflowRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async settings(appId: string): Promise<FreeflowSettings | undefined> {
    const row = await this.db
      .selectFrom('freeflow_apps')
      .selectAll()
      .where('app_id', '=', appId)
      .executeTakeFirst();
    return (
      row && {
        hosts: {
          unicom: JSON.parse(row.unicom) as string[],
          telecom: JSON.parse(row.telecom) as string[],
          mobile: JSON.parse(row.mobile) as string[],
        },
        expireSec: row.expire_sec,
      }
    );
  }

  async saveSettings(appId: string, settings: FreeflowSettings, now: number): Promise<void> {
    const values = {
      unicom: JSON.stringify(settings.hosts.unicom),
      telecom: JSON.stringify(settings.hosts.telecom),
      mobile: JSON.stringify(settings.hosts.mobile),
      expire_sec: settings.expireSec,
      updated_at: now,
    };
    await this.db
      .insertInto('freeflow_apps')
      .values({ app_id: appId, ...values })
      .onConflict((oc) => oc.column('app_id').doUpdateSet(values))
      .execute();
  }

  async plan(appId: string, accountId: number): Promise<FreeflowPlan | undefined> {
    const row = await this.db
      .selectFrom('freeflow_players')
      .select(['is_free', 'carrier'])
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return row && { isFree: row.is_free === 1, carrier: row.carrier as Carrier };
  }

  async savePlan(appId: string, accountId: number, plan: FreeflowPlan, now: number): Promise<void> {
    const values = { is_free: plan.isFree ? 1 : 0, carrier: plan.carrier, updated_at: now };
    await this.db
      .insertInto('freeflow_players')
      .values({ app_id: appId, account_id: accountId, ...values })
      .onConflict((oc) => oc.columns(['app_id', 'account_id']).doUpdateSet(values))
      .execute();
  }
}
