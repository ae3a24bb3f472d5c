import { z } from 'zod';
import { fail } from '../../core/errors.js';
import { parse } from './validation.js';

/**
 * Google Play real-time developer notifications, as Cloud Pub/Sub pushes them: the push body,
 * whose `message.data` is the base64 JSON `DeveloperNotification`.
 */
const pushBody = z.object({
  message: z.object({
    data: z.string().min(1).max(65_536),
    messageId: z.string().min(1).max(256),
    publishTime: z.string().optional(),
    attributes: z.record(z.string(), z.string()).optional(),
  }),
  subscription: z.string().min(1).max(512),
});

const developerNotification = z.object({
  version: z.string(),
  packageName: z.string().min(1).max(255),
  eventTimeMillis: z.string().regex(/^\d+$/),
  voidedPurchaseNotification: z
    .object({
      purchaseToken: z.string().min(1).max(4_096),
      orderId: z.string().min(1).max(256),
      /** 1 subscription, 2 one-time product. */
      productType: z.number().int(),
      /** 1 full refund, 2 quantity-based partial refund. */
      refundType: z.number().int().optional(),
    })
    .optional(),
  oneTimeProductNotification: z.object({}).passthrough().optional(),
  subscriptionNotification: z.object({}).passthrough().optional(),
  testNotification: z.object({}).passthrough().optional(),
});

/** What a push tells: a voided purchase (refunded or charged back), or something else. */
export type GooglePlayNotice =
  | {
      kind: 'voided_purchase';
      messageId: string;
      packageName: string;
      purchaseToken: string;
      orderId: string;
      productType: 'subscription' | 'one_time' | 'unknown';
      refundType: 'full' | 'partial' | 'unknown';
      eventTime: number;
    }
  | {
      kind: 'test' | 'one_time_product' | 'subscription' | 'unknown';
      messageId: string;
      packageName: string;
    };

/** Reads a Pub/Sub push of a developer notification; invalid_argument when it is not one. */
export function parseGooglePlayPush(body: unknown): GooglePlayNotice {
  const { message } = parse(pushBody, body);
  let decoded: unknown;
  try {
    decoded = JSON.parse(Buffer.from(message.data, 'base64').toString('utf8'));
  } catch {
    fail('invalid_argument', 'message.data: not base64 JSON');
  }
  const notification = developerNotification.safeParse(decoded);
  if (!notification.success) {
    fail('invalid_argument', 'message.data: not a Google Play developer notification');
  }
  const { packageName, eventTimeMillis } = notification.data;
  const voided = notification.data.voidedPurchaseNotification;
  const base = { messageId: message.messageId, packageName };
  if (voided) {
    return {
      ...base,
      kind: 'voided_purchase',
      purchaseToken: voided.purchaseToken,
      orderId: voided.orderId,
      productType:
        voided.productType === 2
          ? 'one_time'
          : voided.productType === 1
            ? 'subscription'
            : 'unknown',
      refundType:
        voided.refundType === 1 ? 'full' : voided.refundType === 2 ? 'partial' : 'unknown',
      eventTime: Number(eventTimeMillis),
    };
  }
  if (notification.data.testNotification) return { ...base, kind: 'test' };
  if (notification.data.oneTimeProductNotification) return { ...base, kind: 'one_time_product' };
  if (notification.data.subscriptionNotification) return { ...base, kind: 'subscription' };
  return { ...base, kind: 'unknown' };
}
