import { z } from 'zod';
import { DomainError } from '../../core/errors.js';
import { isIsoCurrency, parseAmount } from '../../core/payments/money.js';
import { serverIdOf } from '../../core/roles/types.js';
import { xcloudCredentials } from './app-config.js';
import { xcloudEndpoint } from './endpoint.js';
import { XcloudFailure } from './failure.js';
import { integer, required, text } from './fields.js';
import { accountOfUid } from './players.js';
import { XCLOUD_REFUND, XCLOUD_REWARD } from './reward.js';
import { BAD_SERVER_ERRORS, serverIdField } from './server-id.js';
import { XCLOUD_STATUS } from './status.js';

/** The game's order number: empty answers 111 (game_order为空). */
const gameOrderField = z.string().min(1).max(20);

const orderParams = z.object({
  uid: required(20),
  role_name: required(100),
  sid: serverIdField,
  gid: integer(10),
  app_id: required(20),
  game_order: gameOrderField,
  amount: z.string(),
  currency: z.string(),
  game_money: integer(11),
  product_id: required(100),
  /** The package number; the document's 无默认1: empty means 1. */
  game_good_id: z.string().regex(/^\d*$/).max(10),
  channel: required(20),
  data: text(100),
  time: integer(),
});

/** The amount in minor units: at most the currency's decimals, > 0; else 113. */
function checkedAmount(amount: string, currency: string): void {
  if (!isIsoCurrency(currency)) {
    throw new XcloudFailure(XCLOUD_STATUS.badAmount, `unknown currency ${currency}`);
  }
  try {
    parseAmount(amount, currency);
  } catch (error) {
    if (error instanceof DomainError)
      throw new XcloudFailure(XCLOUD_STATUS.badAmount, error.message);
    throw error;
  }
}

function gameGoodIdOf(text: string): number {
  const id = text === '' ? 1 : Number(text);
  if (id < 1) throw new XcloudFailure(XCLOUD_STATUS.badGameMoney, 'game_good_id must be 1 or more');
  return id;
}

const checkorderParams = z.object({
  uid: required(20),
  gid: integer(10),
  game_order: gameOrderField,
});

/** /Pt/order places an order of the payments core; /Pt/checkorder tells whether it is paid. */
export const orderEndpoints = [
  xcloudEndpoint({
    path: '/Pt/order',
    params: orderParams,
    time: true,
    fieldStatus: {
      sid: XCLOUD_STATUS.badSid,
      game_order: XCLOUD_STATUS.gameOrderEmpty,
      game_money: XCLOUD_STATUS.badGameMoney,
      game_good_id: XCLOUD_STATUS.badGameMoney,
    },
    errors: { ...BAD_SERVER_ERRORS, 'order.duplicate': XCLOUD_STATUS.gameOrderDuplicate },
    handle: async ({ services, app, params }) => {
      if (params.app_id !== xcloudCredentials(app).appId) {
        throw new XcloudFailure(
          XCLOUD_STATUS.badAppId,
          `app_id ${params.app_id} is not the game's`,
        );
      }
      const serverId = serverIdOf(params.sid);
      checkedAmount(params.amount, params.currency);
      const gameGoodId = gameGoodIdOf(params.game_good_id);
      const accountId = await accountOfUid(services, app, params.uid);
      const order = await services.payments.create(app, accountId, {
        productId: params.product_id,
        amount: params.amount,
        currency: params.currency,
        channel: 'other',
        appOrderNo: params.game_order,
        uniqueAppOrderNo: true,
        notifyKind: XCLOUD_REWARD,
        refundNoticeKind: XCLOUD_REFUND,
        details: {
          serverId,
          gameMoney: Number(params.game_money),
          gameGoodId,
          channelName: params.channel,
          passThrough: params.data,
        },
      });
      return { order_id: order.id };
    },
  }),

  xcloudEndpoint({
    path: '/Pt/checkorder',
    params: checkorderParams,
    fieldStatus: { game_order: XCLOUD_STATUS.gameOrderEmpty },
    errors: { 'order.not_found': XCLOUD_STATUS.notPaid },
    handle: async ({ services, app, params }) => {
      const accountId = await accountOfUid(services, app, params.uid);
      const order = await services.payments.byAppOrderNo(app.id, params.game_order);
      if (order.accountId !== accountId) {
        throw new XcloudFailure(XCLOUD_STATUS.notPaid, `no order ${params.game_order} of this uid`);
      }
      if (order.status !== 'paid' && order.status !== 'delivered') {
        throw new XcloudFailure(
          XCLOUD_STATUS.notPaid,
          `order ${params.game_order} is ${order.status}`,
        );
      }
      return undefined;
    },
  }),
];
