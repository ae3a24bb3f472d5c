import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type {
  AppStore,
  PurchaseProof,
  VerifiedPurchase,
} from '../../core/payments/store-purchases.js';
import type { Order } from '../../core/payments/types.js';
import type { Services } from '../../services.js';
import { xcloudCredentials } from './app-config.js';
import { xcloudEndpoint } from './endpoint.js';
import { XcloudFailure } from './failure.js';
import { integer, required } from './fields.js';
import { accountOfUid } from './players.js';
import { XCLOUD_STATUS } from './status.js';

/** A sandbox app's stand-in for a store purchase (a game developer's test path). */
const SANDBOX_TOKEN = 'sandbox-';

/**
 * The store's token: the document says 20 characters, but real Google purchase tokens and
 * StoreKit 2 signed transactions are far longer.
 */
const tokenField = required(16_384);

const checkParams = {
  uid: required(20),
  gid: integer(10),
  package_name: required(50),
  product_id: required(50),
  token: tokenField,
  game_order: z.string().min(1).max(20),
  time: integer(),
};
const googleParams = z.object({
  ...checkParams,
  app_id: required(20),
  google_order: required(64),
});
const appleParams = z.object(checkParams);

/** Every failure of a check answers 118 (the store's order is not the game's) or 119 (not verified). */
const CHECK_ERRORS = {
  'order.duplicate_transaction': XCLOUD_STATUS.channelOrderFailed,
  'order.already_paid': XCLOUD_STATUS.channelOrderFailed,
  'order.not_found': XCLOUD_STATUS.channelOrderFailed,
  'purchase.invalid': XCLOUD_STATUS.verificationFailed,
  'purchase.store_unavailable': XCLOUD_STATUS.verificationFailed,
  'purchase.not_configured': XCLOUD_STATUS.verificationFailed,
} as const;

interface Check {
  store: AppStore;
  uid: string;
  gameOrder: string;
  proof: Required<PurchaseProof>;
  /** The store order id the client names (Google's `google_order`); checked when given. */
  storeOrderId?: string;
}

function mismatch(detail: string): never {
  throw new XcloudFailure(XCLOUD_STATUS.channelOrderFailed, detail);
}

/** The store's word on the proof, or a sandbox app's stand-in for it. */
async function verified(services: Services, app: App, check: Check): Promise<VerifiedPurchase> {
  const { store, proof } = check;
  if (proof.token.startsWith(SANDBOX_TOKEN)) {
    if (!app.settings.sandbox) {
      throw new XcloudFailure(
        XCLOUD_STATUS.verificationFailed,
        'sandbox tokens need a sandbox app',
      );
    }
    return {
      store,
      storeOrderId: check.storeOrderId ?? proof.token,
      purchaseKey: proof.token,
      productId: proof.productId,
      packageName: proof.packageName,
      environment: 'sandbox',
      purchasedAt: services.clock.now(),
    };
  }
  return services.storePurchaseVerifiers[store].verify(app, proof);
}

function matchOrder(order: Order, purchase: VerifiedPurchase, check: Check): void {
  if (purchase.productId !== order.productId) {
    mismatch(`the purchase is of ${purchase.productId}, the order of ${order.productId}`);
  }
  if (purchase.packageName !== check.proof.packageName) {
    mismatch(`the purchase is of package ${purchase.packageName}`);
  }
  if (check.storeOrderId !== undefined && purchase.storeOrderId !== check.storeOrderId) {
    mismatch(`the store order is ${purchase.storeOrderId}, not ${check.storeOrderId}`);
  }
}

/**
 * Pays the player's order by the store purchase: the order found by its game order number
 * (118 when the player has none), the purchase verified (119) and matched to the order and the
 * call (118), the order paid (118 when it is paid otherwise or the purchase paid another one)
 * and the purchase acknowledged to the store. A call made again for an order this purchase
 * paid answers 200 again (and acknowledges again).
 */
async function payByPurchase(services: Services, app: App, check: Check): Promise<undefined> {
  const accountId = await accountOfUid(services, app, check.uid);
  const order = await services.payments.byAppOrderNo(app.id, check.gameOrder);
  if (order.accountId !== accountId) mismatch(`no order ${check.gameOrder} of this uid`);
  if (check.proof.productId !== order.productId) {
    mismatch(`product_id ${check.proof.productId} is not the order's`);
  }
  const purchase = await verified(services, app, check);
  matchOrder(order, purchase, check);
  const paidByIt =
    order.purchaseStore === purchase.store && order.purchaseKey === purchase.purchaseKey;
  if (order.status === 'refunded') mismatch(`order ${check.gameOrder} was refunded`);
  if (!paidByIt) {
    if (order.status !== 'created') mismatch(`order ${check.gameOrder} is ${order.status}`);
    await services.payments.markPaidByPurchase(order.id, purchase);
  }
  if (!check.proof.token.startsWith(SANDBOX_TOKEN)) {
    await services.storePurchaseVerifiers[check.store].acknowledge(app, purchase, check.proof);
  }
  return undefined;
}

/** /Googlepay/check and /Applepay/check: a store purchase pays the game's order. */
export const purchaseCheckEndpoints = [
  xcloudEndpoint({
    path: '/Googlepay/check',
    params: googleParams,
    time: true,
    fieldStatus: { game_order: XCLOUD_STATUS.gameOrderEmpty },
    errors: CHECK_ERRORS,
    handle: async ({ services, app, params }) => {
      if (params.app_id !== xcloudCredentials(app).appId) {
        throw new XcloudFailure(
          XCLOUD_STATUS.badAppId,
          `app_id ${params.app_id} is not the game's`,
        );
      }
      return payByPurchase(services, app, {
        store: 'google_play',
        uid: params.uid,
        gameOrder: params.game_order,
        proof: {
          productId: params.product_id,
          token: params.token,
          packageName: params.package_name,
        },
        storeOrderId: params.google_order,
      });
    },
  }),
  xcloudEndpoint({
    path: '/Applepay/check',
    params: appleParams,
    time: true,
    fieldStatus: { game_order: XCLOUD_STATUS.gameOrderEmpty },
    errors: CHECK_ERRORS,
    handle: async ({ services, app, params }) =>
      payByPurchase(services, app, {
        store: 'app_store',
        uid: params.uid,
        gameOrder: params.game_order,
        proof: {
          productId: params.product_id,
          token: params.token,
          packageName: params.package_name,
        },
      }),
  }),
];
