import type { KeyObject } from 'node:crypto';
import { generateKeyPairSync } from 'node:crypto';
import type { DialectSettingChanges } from '../src/core/apps/service.js';
import type { NewOrder } from '../src/core/payments/types.js';
import type { Guildhall } from '../src/guildhall.js';
import { isMomoAcknowledgement } from '../src/protocols/momo/pay-notify.js';
import { signMomoNotify } from '../src/protocols/momo/signature.js';
import { xcloudIdsOf } from '../src/protocols/xcloud/players.js';
import { isNoticeAcknowledgement } from '../src/protocols/xcloud/order-notice.js';
import { XCLOUD_REWARD } from '../src/protocols/xcloud/reward.js';
import { xcloudSign } from '../src/protocols/xcloud/sign.js';

/**
 * What the delivery bench (bench/delivery.ts) measures: a kind of paid-order delivery that the
 * outbox worker POSTs to the game server. Each kind says how its app and orders are made, where
 * the receiver takes it and which field the steady phase stamps, and what its signing costs.
 */
export interface DeliveryKind {
  /** Its key in the JSON summary, and in phase and profile names. */
  name: 'notify' | 'reward';
  /** What the report calls it. */
  title: string;
  /** What the worker POSTs, for the report. */
  what: string;
  /** The receiver's path for it. */
  path: string;
  /** The form field that carries the order's appOrderNo (the steady phase stamps the moment). */
  stampField: string;
  /** The app's dialect settings: deliveries go to `url`. */
  appSettings(url: string): DialectSettingChanges;
  /** Makes, before timing, what the worker's first attempt needs of the app and player. */
  prepare(guildhall: Guildhall, appId: string, accountId: number): Promise<void>;
  /** An order of the kind: paying it queues its delivery in the same transaction. */
  order(appOrderNo: string): NewOrder;
  /** The signing reference, for the report. */
  signing: string;
  /** A form of the kind, signed as the worker signs it (for the floor and the signing cost). */
  signedForm(): Promise<Record<string, string>>;
  /** Whether the game server's answer acknowledges the delivery, as the worker decides it. */
  isAcknowledgement(httpStatus: number | null, body: string): boolean;
}

/** A pay notification's fields, the values of a sandbox order. */
const MOMO_FIELDS = {
  appid: 'mm_gh_0123abcd',
  trade_no: '10012026112112000000001',
  app_trade_no: 'cp-000001',
  product_id: 'gem_pack_1',
  currency_type: '0',
  total_fee: '6',
  trade_time: '1795000000',
  channel_type: '200',
  momoid: '0123456789abcdef',
};
const MOMO_APP_SECRET = '0123456789abcdef0123456789abcdef';
let momoKey: KeyObject | undefined;

/** Momo pay notify: a sandbox order in RMB, signed with RSA-2048 (SHA-1) and md5. */
export const MOMO_NOTIFY: DeliveryKind = {
  name: 'notify',
  title: 'Momo pay notify',
  what: 'signed pay notifications (RSA-2048 + md5)',
  path: '/notify',
  stampField: 'app_trade_no',
  appSettings: (url) => ({ momo: { momo_notify_url: url } }),
  // The notify key pair is made now rather than by the first attempt.
  prepare: async (guildhall, appId) => void (await guildhall.appSecrets.notifyKeyPair(appId)),
  order: (appOrderNo) => ({
    productId: 'gem_pack_1',
    amount: '6.00',
    currency: 'RMB',
    channel: 'sandbox',
    appOrderNo,
  }),
  signing: 'signMomoNotify (RSA-2048 SHA-1 + md5, 16 at a time, thread pool)',
  signedForm: () => {
    momoKey ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
    return signMomoNotify(MOMO_FIELDS, MOMO_APP_SECRET, momoKey, 'RSA');
  },
  isAcknowledgement: isMomoAcknowledgement,
};

/** A reward's fields (rewardForm's), the values of a Google Play order. */
const REWARD_FIELDS = {
  uid: '1234567890',
  sid: '7',
  gid: '123456789',
  app_id: 'xc0123456789',
  game_order: 'order-000001',
  amount: '0.99',
  currency: 'USD',
  game_money: '100',
  game_good_id: '1',
  channel: 'googleplay',
  data: 'role=42&srv=7',
};
const REWARD_KEY = '0123456789abcdef0123456789abcdef';

/** xcloud reward (发奖接口): an order as /Pt/order places it, its form md5-signed. */
export const XCLOUD_REWARD_DELIVERY: DeliveryKind = {
  name: 'reward',
  title: 'xcloud reward',
  what: 'md5-signed reward forms',
  path: '/reward',
  stampField: 'game_order',
  appSettings: (url) => ({ xcloud: { xcloud_reward_url: url } }),
  // The player's uid, which the handler reads (a login to the app gives it too).
  prepare: async (guildhall, appId, accountId) =>
    void (await xcloudIdsOf(guildhall, appId, accountId)),
  order: (appOrderNo) => ({
    productId: 'coins.100',
    amount: REWARD_FIELDS.amount,
    currency: REWARD_FIELDS.currency,
    channel: 'other',
    appOrderNo,
    uniqueAppOrderNo: true,
    notifyKind: XCLOUD_REWARD,
    details: {
      serverId: Number(REWARD_FIELDS.sid),
      gameMoney: Number(REWARD_FIELDS.game_money),
      gameGoodId: Number(REWARD_FIELDS.game_good_id),
      channelName: REWARD_FIELDS.channel,
      passThrough: REWARD_FIELDS.data,
    },
  }),
  signing: 'xcloudSign (md5 of md5 over the sorted fields, in the main thread)',
  signedForm: async () => ({ ...REWARD_FIELDS, sign: xcloudSign(REWARD_FIELDS, REWARD_KEY) }),
  isAcknowledgement: isNoticeAcknowledgement,
};

export const DELIVERY_KINDS: readonly DeliveryKind[] = [MOMO_NOTIFY, XCLOUD_REWARD_DELIVERY];

export function deliveryKind(name: string | undefined): DeliveryKind {
  const kind = DELIVERY_KINDS.find((k) => k.name === name);
  if (!kind) throw new Error(`no delivery kind ${name}`);
  return kind;
}
