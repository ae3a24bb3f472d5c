import type { AttemptReport, OutboxHandler } from '../../core/outbox/types.js';
import { PAYMENT_NOTIFY_SCHEDULE } from '../../core/outbox/schedule.js';
import { ORDER_PAID } from '../../core/payments/types.js';
import type { Services } from '../../services.js';
import { postForm } from '../../providers/webhook/post-form.js';
import { momoTradeFields } from './payment-fields.js';
import { signMomoNotify } from './signature.js';
import { useridsOf } from './players.js';
import { momoCredentials, momoSettings } from './app-config.js';
import { missingUrlReport, postedReport } from '../notice-report.js';

/** Momo's notify schedule: 24 attempts within a day. */
export const MOMO_NOTIFY_SCHEDULE = PAYMENT_NOTIFY_SCHEDULE;

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
      if (!url) return missingUrlReport('Momo notify URL (setting momo_notify_url)', 'error');
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
      return postedReport(url, result, isMomoAcknowledgement(result.httpStatus, result.body));
    },
    acknowledged: (store, item, at) => services.payments.markDelivered(store, item.ref, at),
  };
}
