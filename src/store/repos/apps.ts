import type { Kysely, Selectable } from 'kysely';
import type { App, AppSettings } from '../../core/apps/types.js';
import { DEFAULT_APP_SETTINGS } from '../../core/apps/types.js';
import type { AppsTable, Database } from '../schema.js';

function toApp(row: Selectable<AppsTable>): App {
  return {
    id: row.id,
    name: row.name,
    momo: { appid: row.momo_appid, appSecret: row.momo_app_secret },
    msdk: {
      qqAppid: row.msdk_qq_appid,
      wxAppid: row.msdk_wx_appid,
      appkey: row.msdk_appkey,
      msdkkey: row.msdk_msdkkey,
    },
    settings: { ...DEFAULT_APP_SETTINGS, ...(JSON.parse(row.settings) as Partial<AppSettings>) },
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export class AppRepo {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(app: App): Promise<void> {
    await this.db
      .insertInto('apps')
      .values({
        id: app.id,
        name: app.name,
        momo_appid: app.momo.appid,
        momo_app_secret: app.momo.appSecret,
        msdk_qq_appid: app.msdk.qqAppid,
        msdk_wx_appid: app.msdk.wxAppid,
        msdk_appkey: app.msdk.appkey,
        msdk_msdkkey: app.msdk.msdkkey,
        settings: JSON.stringify(app.settings),
        created_at: app.createdAt,
        updated_at: app.updatedAt,
      })
      .execute();
  }

  async byId(id: string): Promise<App | undefined> {
    const row = await this.db
      .selectFrom('apps')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirst();
    return row && toApp(row);
  }

  async byMomoAppid(appid: string): Promise<App | undefined> {
    const row = await this.db
      .selectFrom('apps')
      .selectAll()
      .where('momo_appid', '=', appid)
      .executeTakeFirst();
    return row && toApp(row);
  }

  /** The app with this QQ appid or WeChat appid. */
  async byMsdkAppid(appid: string): Promise<App | undefined> {
    const row = await this.db
      .selectFrom('apps')
      .selectAll()
      .where((eb) => eb.or([eb('msdk_qq_appid', '=', appid), eb('msdk_wx_appid', '=', appid)]))
      .executeTakeFirst();
    return row && toApp(row);
  }

  async list(): Promise<App[]> {
    const rows = await this.db.selectFrom('apps').selectAll().orderBy('created_at').execute();
    return rows.map(toApp);
  }

  async update(app: App): Promise<void> {
    await this.db
      .updateTable('apps')
      .set({
        name: app.name,
        momo_app_secret: app.momo.appSecret,
        settings: JSON.stringify(app.settings),
        updated_at: app.updatedAt,
      })
      .where('id', '=', app.id)
      .execute();
  }
}
