import { formatAmount } from '../../core/payments/money.js';
import type { Order } from '../../core/payments/types.js';
import type { App } from '../../core/apps/types.js';
import type { OutboxHandler } from '../../core/outbox/types.js';
import type { Services } from '../../services.js';
import { xcloudCredentials, xcloudSettings } from './app-config.js';
import { orderNoticeHandler } from './order-notice.js';
import { xcloudSign } from './sign.js';

/** The outbox kind of an xcloud order's reward (发奖接口): the orders /Pt/order places name it. */
export const XCLOUD_REWARD = 'xcloud.reward';

/** The document's reward fields of an order. */
function rewardFields(app: App, order: Order, uid: string): Record<string, string> {
  const { gid, appId } = xcloudCredentials(app);
  return {
    uid,
    sid: String(order.serverId ?? ''),
    gid,
    app_id: appId,
    game_order: order.appOrderNo,
    amount: formatAmount(order.amount, order.currency),
    currency: order.currency,
    game_money: String(order.gameMoney ?? 0),
    game_good_id: String(order.gameGoodId ?? 1),
    channel: order.channelName ?? order.channel,
    data: order.passThrough ?? '',
  };
}

/** `fields` with their `sign`, as every xcloud call is signed. */
function signed(app: App, fields: Record<string, string>): Record<string, string> {
  return { ...fields, sign: xcloudSign(fields, xcloudCredentials(app).key) };
}

/** The document's reward form of a paid order. */
export function rewardForm(app: App, order: Order, uid: string): Record<string, string> {
  return signed(app, rewardFields(app, order, uid));
}

/**
 * The refund notice of a refunded order (Guildhall's, the document has none): the reward's fields
 * and the order id and refund time (Unix seconds), signed the same way.
 */
export function refundForm(app: App, order: Order, uid: string): Record<string, string> {
  return signed(app, {
    ...rewardFields(app, order, uid),
    order_id: order.id,
    refund_time: String(Math.floor((order.refundedAt ?? 0) / 1000)),
  });
}

/** Delivers paid xcloud orders to the app's reward URL (setting xcloud_reward_url). */
export function xcloudRewardHandler(services: Services): OutboxHandler {
  return orderNoticeHandler(services, {
    kind: XCLOUD_REWARD,
    urlSetting: 'xcloud_reward_url',
    url: (app) => xcloudSettings(app).rewardUrl,
    required: true,
    form: rewardForm,
    acknowledged: (store, item, at) => services.payments.markDelivered(store, item.ref, at),
  });
}

/** The outbox kind of an xcloud order's refund notice. */
export const XCLOUD_REFUND = 'xcloud.refund';

/** Tells the app's refund URL (setting xcloud_refund_url, optional) an order was refunded. */
export function xcloudRefundHandler(services: Services): OutboxHandler {
  return orderNoticeHandler(services, {
    kind: XCLOUD_REFUND,
    urlSetting: 'xcloud_refund_url',
    url: (app) => xcloudSettings(app).refundUrl,
    required: false,
    form: refundForm,
  });
}
