import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import { DomainError, fail } from '../../core/errors.js';
import type { AppStore } from '../../core/payments/store-purchases.js';
import type { Services } from '../../services.js';
import { appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parseGooglePlayPush } from './google-play-notifications.js';
import { parse } from './validation.js';

const googlePushQuery = z.object({
  app_id: z.string().min(1).max(64),
  token: z.string().min(1).max(256),
});

const appStoreBody = z.object({ signedPayload: z.string().min(1).max(65_536) });

/**
 * Refunds the order a purchase paid. Stores repeat notifications and notify of purchases made
 * outside Guildhall: an order refunded already, or no order, is not an error for them.
 */
async function refundPurchase(services: Services, store: AppStore, purchaseKey: string) {
  try {
    const order = await services.payments.refundByPurchase(store, purchaseKey);
    return { order_id: order.id, refunded: true };
  } catch (error) {
    const unchanged = ['order.not_found', 'order.not_refundable'];
    if (error instanceof DomainError && unchanged.includes(error.code)) {
      return { order_id: null, refunded: false };
    }
    throw error;
  }
}

function checkPackage(app: App, packageName: string): void {
  if (packageName !== app.settings.googlePlayPackageName) {
    fail('invalid_argument', `package ${packageName} is not the app's Google Play package`);
  }
}

/**
 * The stores' server-to-server refund notifications: Google Play's real-time developer
 * notifications pushed by Cloud Pub/Sub (authenticated by the app's notification token in the
 * push URL) and App Store Server Notifications V2 (authenticated by Apple's signature).
 */
export const storeNotificationEndpoints: NativeEndpoint[] = [
  {
    method: 'POST',
    url: '/v1/stores/google-play/notifications',
    access: 'public',
    query: googlePushQuery,
    async handle({ services, request, reply }) {
      const query = parse(googlePushQuery, request.query);
      const app = await services.apps.get(query.app_id);
      await services.googlePlay.checkNotificationToken(app.id, query.token);
      const notice = parseGooglePlayPush(request.body);
      checkPackage(app, notice.packageName);
      if (notice.kind === 'voided_purchase') {
        await refundPurchase(services, 'google_play', notice.purchaseToken);
      }
      return reply.code(204).send();
    },
  },
  {
    method: 'POST',
    url: '/v1/stores/app-store/notifications/:app_id',
    access: 'public',
    params: appParams,
    body: appStoreBody,
    async handle({ services, request }) {
      const app = await services.apps.get(parse(appParams, request.params).app_id);
      const { signedPayload } = parse(appStoreBody, request.body);
      const notice = await services.appStoreNotifications.read(app, signedPayload);
      if (notice.kind !== 'refund') return { type: notice.type, refunded: false };
      return refundPurchase(services, 'app_store', notice.purchaseKey);
    },
  },
];
