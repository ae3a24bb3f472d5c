import { randomBytes, randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { MigrationContext } from './helpers.js';

/** Credentials for an app made before MSDK (frozen here: migrations never change). */
function msdkCredentials() {
  return {
    msdk_qq_appid: String(randomInt(1_000_000_000, 2_000_000_000)),
    msdk_wx_appid: `wx${randomBytes(8).toString('hex')}`,
    msdk_appkey: randomBytes(16).toString('hex'),
    msdk_msdkkey: randomBytes(16).toString('hex'),
  };
}

/** Every app gets MSDK (QQ / WeChat / guest) credentials; apps made earlier get theirs here. */
export async function up({ db }: MigrationContext): Promise<void> {
  for (const column of ['msdk_qq_appid', 'msdk_wx_appid', 'msdk_appkey', 'msdk_msdkkey']) {
    await db.schema
      .alterTable('apps')
      .addColumn(column, 'text', (c) => c.notNull().defaultTo(''))
      .execute();
  }
  const apps = db as Kysely<{ apps: { id: string } & ReturnType<typeof msdkCredentials> }>;
  const rows = await apps.selectFrom('apps').select('id').execute();
  for (const row of rows) {
    await apps.updateTable('apps').set(msdkCredentials()).where('id', '=', row.id).execute();
  }
  await db.schema
    .createIndex('apps_msdk_qq_appid')
    .on('apps')
    .column('msdk_qq_appid')
    .unique()
    .execute();
  await db.schema
    .createIndex('apps_msdk_wx_appid')
    .on('apps')
    .column('msdk_wx_appid')
    .unique()
    .execute();
}
