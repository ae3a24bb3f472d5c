import type { ExpressionBuilder, Kysely, Selectable } from 'kysely';
import type { Device, DevicePlatform, PushTarget } from '../../core/messaging/types.js';
import type { Database } from '../schema.js';
import type { DevicesTable } from '../tables/messaging.js';

function toDevice(row: Selectable<DevicesTable>): Device {
  return {
    id: row.id,
    appId: row.app_id,
    accountId: row.account_id,
    platform: row.platform as DevicePlatform,
    token: row.token,
    alias: row.alias,
    tags: JSON.parse(row.tags) as string[],
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

export interface DeviceUpsert {
  appId: string;
  accountId: number;
  platform: DevicePlatform;
  token: string;
  alias: string | null;
  tags: string[];
  at: number;
}

/** Devices of players, one per (app, platform, token), with their tags indexed in device_tags. */
export class DeviceRepo {
  constructor(private readonly db: Kysely<Database>) {}

  /** Registers the device, or updates the one with the same token; run it in a transaction. */
  async upsert(device: DeviceUpsert): Promise<Device> {
    const changes = {
      account_id: device.accountId,
      alias: device.alias,
      tags: JSON.stringify(device.tags),
      updated_at: device.at,
    };
    const row = await this.db
      .insertInto('devices')
      .values({
        app_id: device.appId,
        platform: device.platform,
        token: device.token,
        created_at: device.at,
        ...changes,
      })
      .onConflict((oc) => oc.columns(['app_id', 'platform', 'token']).doUpdateSet(changes))
      .returningAll()
      .executeTakeFirstOrThrow();
    await this.db.deleteFrom('device_tags').where('device_id', '=', row.id).execute();
    if (device.tags.length > 0) {
      await this.db
        .insertInto('device_tags')
        .values(device.tags.map((tag) => ({ app_id: device.appId, tag, device_id: row.id })))
        .execute();
    }
    return toDevice(row);
  }

  async ofAccount(appId: string, accountId: number): Promise<Device[]> {
    const rows = await this.db
      .selectFrom('devices')
      .selectAll()
      .where('app_id', '=', appId)
      .where('account_id', '=', accountId)
      .orderBy('id')
      .execute();
    return rows.map(toDevice);
  }

  /** Tokens of the devices with the tag, in registration order, and how many there are. */
  async tokensByTag(
    appId: string,
    platform: DevicePlatform,
    tag: string,
    offset: number,
    limit: number,
  ): Promise<{ total: number; tokens: string[] }> {
    const tagged = this.db
      .selectFrom('device_tags as t')
      .innerJoin('devices as d', 'd.id', 't.device_id')
      .where('t.app_id', '=', appId)
      .where('t.tag', '=', tag)
      .where('d.platform', '=', platform);
    const [count, rows] = await Promise.all([
      tagged.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      tagged.select('d.token').orderBy('d.id').limit(limit).offset(offset).execute(),
    ]);
    return { total: Number(count.n), tokens: rows.map((r) => r.token) };
  }

  /** Tokens of the devices with the alias, in registration order. */
  async tokensByAlias(
    appId: string,
    platform: DevicePlatform,
    alias: string,
    limit: number,
  ): Promise<string[]> {
    const rows = await this.db
      .selectFrom('devices')
      .select('token')
      .where('app_id', '=', appId)
      .where('alias', '=', alias)
      .where('platform', '=', platform)
      .orderBy('id')
      .limit(limit)
      .execute();
    return rows.map((r) => r.token);
  }

  /**
   * The next `limit` devices of the target after device id `afterId`, in id order: the keyset
   * page a push fan-out walks.
   */
  async targetPage(
    appId: string,
    platform: DevicePlatform,
    target: PushTarget,
    afterId: number,
    limit: number,
  ): Promise<{ id: number; token: string }[]> {
    if (target.kind !== 'all' && target.values.length === 0) return [];
    return this.targetDevices(appId, platform, target, afterId)
      .select(['id', 'token'])
      .orderBy('id')
      .limit(limit)
      .execute();
  }

  /** How many devices of the target come after device id `afterId`: a fan-out's pending sends. */
  async targetCount(
    appId: string,
    platform: DevicePlatform,
    target: PushTarget,
    afterId: number,
  ): Promise<number> {
    if (target.kind !== 'all' && target.values.length === 0) return 0;
    const row = await this.targetDevices(appId, platform, target, afterId)
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(row.n);
  }

  /** The app's devices of the platform that the target names, past device id `afterId`. */
  private targetDevices(
    appId: string,
    platform: DevicePlatform,
    target: PushTarget,
    afterId: number,
  ) {
    const values = target.values;
    /** Device ids of the app past the cursor with any of the tags. */
    const tagged = (eb: ExpressionBuilder<Database, 'devices'>) =>
      eb
        .selectFrom('device_tags')
        .select('device_id')
        .where('app_id', '=', appId)
        .where('tag', 'in', values)
        .where('device_id', '>', afterId);
    const query = this.db
      .selectFrom('devices')
      .where('app_id', '=', appId)
      .where('platform', '=', platform)
      .where('id', '>', afterId);
    switch (target.kind) {
      case 'all':
        return query;
      case 'account':
        return query.where('account_id', 'in', values.map(Number));
      case 'alias':
        return query.where('alias', 'in', values);
      case 'user':
        return query.where('token', 'in', values);
      case 'tag':
        return query.where('id', 'in', tagged);
      case 'tagand':
        // Only devices holding every one of the tags.
        return query.where('id', 'in', (eb) =>
          tagged(eb)
            .groupBy('device_id')
            .having((h) => h.fn.countAll(), '=', values.length),
        );
    }
  }

  /** Deletes the devices and their tags. */
  async remove(ids: readonly number[]): Promise<void> {
    if (ids.length === 0) return;
    await this.db.deleteFrom('device_tags').where('device_id', 'in', ids).execute();
    await this.db.deleteFrom('devices').where('id', 'in', ids).execute();
  }
}
