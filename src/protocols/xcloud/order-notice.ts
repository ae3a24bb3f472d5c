import { PAYMENT_NOTIFY_SCHEDULE } from '../../core/outbox/schedule.js';
import type { AttemptReport, OutboxHandler, OutboxItem } from '../../core/outbox/types.js';
import type { Store } from '../../store/store.js';
import type { App } from '../../core/apps/types.js';
import type { Order } from '../../core/payments/types.js';
import type { Services } from '../../services.js';
import { postForm } from '../../providers/webhook/post-form.js';
import { missingUrlReport, postedReport } from '../notice-report.js';
import { XCLOUD_UID } from './players.js';

/** The game server took the notice: HTTP 200 and the body `success`, or JSON `{"status":200}`. */
export function isNoticeAcknowledgement(httpStatus: number | null, body: string): boolean {
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

/** One signed form an xcloud app's game server is told about an order with. */
export interface OrderNotice {
  kind: string;
  /** The app setting that holds the URL, named when it is not set. */
  urlSetting: string;
  url(app: App): string | null;
  /** A notice the app must get (retried until it sets a URL), or one it may opt out of. */
  required: boolean;
  form(app: App, order: Order, uid: string): Record<string, string>;
  acknowledged?(store: Store, item: OutboxItem, at: number): Promise<void>;
}

/** POSTs the notice's form of the item's order, retried on the payment notify schedule. */
export function orderNoticeHandler(services: Services, notice: OrderNotice): OutboxHandler {
  return {
    kind: notice.kind,
    schedule: PAYMENT_NOTIFY_SCHEDULE,
    async attempt(item): Promise<AttemptReport> {
      const order = await services.payments.get(item.ref);
      const app = await services.apps.get(order.appId);
      const url = notice.url(app);
      if (!url) {
        return missingUrlReport(
          `URL for it (setting ${notice.urlSetting})`,
          notice.required ? 'error' : 'dropped',
        );
      }
      const uid = await services.publicIds.idOf(app.id, XCLOUD_UID, order.accountId);
      const result = await postForm(url, notice.form(app, order, uid));
      return postedReport(url, result, isNoticeAcknowledgement(result.httpStatus, result.body));
    },
    ...(notice.acknowledged && { acknowledged: notice.acknowledged }),
  };
}
