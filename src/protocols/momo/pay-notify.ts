import type { AttemptReport, OutboxHandler } from '../../core/outbox/types.js';
import { ORDER_PAID } from '../../core/payments/types.js';
import type { Services } from '../../services.js';
import { postForm } from '../../providers/webhook/post-form.js';
import { momoTradeFields } from './payment-fields.js';
import { signMomoNotify } from './signature.js';
import { useridsOf } from './players.js';
import { momoCredentials, momoSettings } from './app-config.js';

const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * When each of the 24 attempts is due after payment: quick retries first, then ever longer
 * gaps, the last within a day (the document: 衰减重试 24 次, 一天之后超时).
 */
export const MOMO_NOTIFY_SCHEDULE: readonly number[] = [
  0,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  4 * MINUTE,
  8 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  45 * MINUTE,
  HOUR,
  1.5 * HOUR,
  2 * HOUR,
  2.5 * HOUR,
  3 * HOUR,
  4 * HOUR,
  5 * HOUR,
  6 * HOUR,
  8 * HOUR,
  10 * HOUR,
  12 * HOUR,
  15 * HOUR,
  18 * HOUR,
  21 * HOUR,
];

/** The game server took the notification: HTTP 200 and the body `success`. */
export function isMomoAcknowledgement(httpStatus: number | null, body: string): boolean {
  return httpStatus === 200 && body.trim() === 'success';
}

/** Delivers paid orders to the app's notify URL as the document's signed form. */
export function momoPayNotifyHandler(services: Services): OutboxHandler {
  return {
    kind: ORDER_PAID,
    schedule: MOMO_NOTIFY_SCHEDULE,
    async attempt(item): Promise<AttemptReport> {
      const order = await services.payments.get(item.ref);
      const app = await services.apps.get(order.appId);
      const url = momoSettings(app).notifyUrl;
      if (!url) {
        return {
          url: '',
          httpStatus: null,
          body: 'the app has no Momo notify URL (setting momo_notify_url)',
          latencyMs: 0,
          outcome: 'error',
        };
      }
      const [userids, keys] = await Promise.all([
        useridsOf(services, app.id, [order.accountId]),
        services.appSecrets.notifyKeyPair(app.id),
      ]);
      const fields = {
        ...momoTradeFields(app, order),
        momoid: userids.get(order.accountId) ?? '',
      };
      const form = await signMomoNotify(
        fields,
        momoCredentials(app).appSecret,
        keys.privateKey,
        momoSettings(app).notifySignType,
      );
      const result = await postForm(url, form);
      return {
        url,
        ...result,
        outcome: isMomoAcknowledgement(result.httpStatus, result.body)
          ? 'acknowledged'
          : result.httpStatus === null
            ? 'error'
            : 'rejected',
      };
    },
    acknowledged: (store, item, at) => services.payments.markDelivered(store, item.ref, at),
  };
}
