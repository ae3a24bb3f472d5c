import { PAYMENT_NOTIFY_SCHEDULE } from '../../core/outbox/schedule.js';
import type { AttemptReport, OutboxHandler } from '../../core/outbox/types.js';
import { formatAmount } from '../../core/payments/money.js';
import type { Order } from '../../core/payments/types.js';
import type { App } from '../../core/apps/types.js';
import type { Services } from '../../services.js';
import { postForm } from '../../providers/webhook/post-form.js';
import { xcloudCredentials, xcloudSettings } from './app-config.js';
import { XCLOUD_UID } from './players.js';
import { xcloudSign } from './sign.js';

/** The outbox kind of an xcloud order's reward (发奖接口): the orders /Pt/order places name it. */
export const XCLOUD_REWARD = 'xcloud.reward';

/** The game server took the reward: HTTP 200 and the body `success`, or JSON `{"status":200}`. */
export function isRewardAcknowledgement(httpStatus: number | null, body: string): boolean {
  if (httpStatus !== 200) return false;
  if (body.trim() === 'success') return true;
  try {
    const answer: unknown = JSON.parse(body);
    return typeof answer === 'object' && answer !== null && 'status' in answer
      ? Number(answer.status) === 200
      : false;
  } catch {
    return false;
  }
}

/** The document's reward fields of a paid order, signed as every xcloud call. */
export function rewardForm(app: App, order: Order, uid: string): Record<string, string> {
  const { gid, appId, key } = xcloudCredentials(app);
  const fields = {
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
  return { ...fields, sign: xcloudSign(fields, key) };
}

/** Delivers paid xcloud orders to the app's reward URL (setting xcloud_reward_url). */
export function xcloudRewardHandler(services: Services): OutboxHandler {
  return {
    kind: XCLOUD_REWARD,
    schedule: PAYMENT_NOTIFY_SCHEDULE,
    async attempt(item): Promise<AttemptReport> {
      const order = await services.payments.get(item.ref);
      const app = await services.apps.get(order.appId);
      const url = xcloudSettings(app).rewardUrl;
      if (!url) {
        return {
          url: '',
          httpStatus: null,
          body: 'the app has no xcloud reward URL (setting xcloud_reward_url)',
          latencyMs: 0,
          outcome: 'error',
        };
      }
      const uid = await services.publicIds.idOf(app.id, XCLOUD_UID, order.accountId);
      const result = await postForm(url, rewardForm(app, order, uid));
      return {
        url,
        ...result,
        outcome: isRewardAcknowledgement(result.httpStatus, result.body)
          ? 'acknowledged'
          : result.httpStatus === null
            ? 'error'
            : 'rejected',
      };
    },
    acknowledged: (store, item, at) => services.payments.markDelivered(store, item.ref, at),
  };
}
