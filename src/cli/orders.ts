import type { Command } from 'commander';
import { InvalidArgumentError, Option } from 'commander';
import type { Guildhall } from '../guildhall.js';
import type { ConfigFlags } from '../config.js';
import type { OrderStatus } from '../core/payments/types.js';
import {
  adminOrderDetail,
  adminOrderOf,
  adminOrderPage,
} from '../protocols/native/admin-orders.js';
import { withGuildhall, withStorageFlags } from './context.js';

type Flags = ConfigFlags & { json?: boolean };
type OrderView = Awaited<ReturnType<typeof adminOrderOf>>;

const operatorFieldsOf = (guildhall: Guildhall) =>
  guildhall.identityRegistry.operatorFields().map(({ field }) => field);
type OrderDetail = Awaited<ReturnType<typeof adminOrderDetail>>;

const time = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

function limitValue(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 500) {
    throw new InvalidArgumentError('expected a whole number from 1 to 500');
  }
  return n;
}

function line(order: OrderView): string {
  return [
    order.order_id,
    order.trade_no,
    order.status.padEnd(9),
    `${order.amount} ${order.currency}`,
    order.channel,
    order.product_id,
    time(order.created_at),
  ].join('  ');
}

/** Prints an order; `idFields` are the ids operators see beside the player id (momo_userid). */
function printOrder(order: OrderView, idFields: readonly string[]): void {
  const view: Record<string, unknown> = order;
  const ids = idFields.map((field) => `${field.replace('_', ' ')} ${String(view[field] ?? '-')}`);
  console.log(`${order.order_id}  ${order.status}`);
  console.log(`  trade_no         ${order.trade_no}`);
  console.log(`  app              ${order.app_id}`);
  console.log(`  player           ${order.player_id ?? '-'} (${ids.join(', ')})`);
  console.log(`  product          ${order.product_id}`);
  console.log(`  amount           ${order.amount} ${order.currency}`);
  console.log(`  channel          ${order.channel} (${order.client_type})`);
  console.log(`  app order no     ${order.app_order_no}`);
  console.log(`  transaction      ${order.transaction_id ?? '-'}`);
  console.log(`  created          ${time(order.created_at)}`);
  console.log(`  paid             ${time(order.paid_at)}`);
  console.log(`  delivered        ${time(order.delivered_at)}`);
  console.log(`  refunded         ${time(order.refunded_at)}`);
  const details: [string, string | number | null][] = [
    ['server id', order.server_id],
    ['game money', order.game_money],
    ['game good id', order.game_good_id],
    ['channel name', order.channel_name],
    ['pass-through', order.pass_through === null ? null : JSON.stringify(order.pass_through)],
    ['purchase', order.purchase_key && `${order.purchase_store} ${order.purchase_key}`],
  ];
  for (const [label, value] of details) {
    if (value !== null) console.log(`  ${label.padEnd(17)}${value}`);
  }
}

function printDeliveries(detail: OrderDetail): void {
  if (detail.deliveries.length === 0) {
    console.log('  notifications    none');
    return;
  }
  for (const d of detail.deliveries) {
    console.log(
      `  notification #${d.id} (${d.kind})  ${d.status}, ${d.attempts} attempt(s), due ${time(d.due_at)}, finished ${time(d.finished_at)}`,
    );
    for (const a of d.history) {
      const status = a.http_status === null ? 'no response' : `HTTP ${a.http_status}`;
      console.log(
        `    #${a.attempt}  ${time(a.started_at)}  ${a.outcome}  ${status}  ${a.latency_ms} ms  ${a.url || '-'}`,
      );
      if (a.body) console.log(`        ${JSON.stringify(a.body)}`);
    }
  }
}

export function registerOrderCommands(program: Command): void {
  const orders = program.command('order').description("inspect and manage apps' orders");

  withStorageFlags(orders.command('list'))
    .description("list an app's orders, newest first")
    .requiredOption('--app <id>', 'app id')
    .addOption(
      new Option('--status <status>', 'only orders in this status').choices([
        'created',
        'paid',
        'delivered',
        'refunded',
      ]),
    )
    .option('--limit <n>', 'how many (1 to 500, default 50)', limitValue, 50)
    .option('--before <order_id>', 'continue after this order (a listing\'s "next_before")')
    .option('--json', 'print one JSON object {orders, next_before}')
    .action(
      (flags: Flags & { app: string; status?: OrderStatus; limit: number; before?: string }) =>
        withGuildhall(flags, async (guildhall) => {
          const page = await adminOrderPage(guildhall, flags.app, {
            status: flags.status,
            before: flags.before,
            limit: flags.limit,
          });
          if (flags.json) {
            console.log(JSON.stringify(page));
            return;
          }
          for (const order of page.orders) console.log(line(order));
          if (page.next_before) console.log(`more: --before ${page.next_before}`);
        }),
    );

  withStorageFlags(orders.command('show'))
    .description('show an order with every notification attempt')
    .argument('<order_id>', 'order id')
    .option('--json', 'print one JSON object')
    .action((orderId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const detail = await adminOrderDetail(guildhall, orderId);
        if (flags.json) {
          console.log(JSON.stringify(detail));
          return;
        }
        printOrder(detail, operatorFieldsOf(guildhall));
        printDeliveries(detail);
      }),
    );

  withStorageFlags(orders.command('resend'))
    .description("send the order's pay notification to the game server again, now")
    .argument('<order_id>', 'order id')
    .action((orderId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        await guildhall.payments.resend(orderId);
        console.log(`notification of ${orderId} queued`);
      }),
    );

  withStorageFlags(orders.command('refund'))
    .description('refund a paid order (a notification not yet acknowledged is called off)')
    .argument('<order_id>', 'order id')
    .option('--json', 'print one JSON object')
    .action((orderId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const order = await adminOrderOf(guildhall, await guildhall.payments.refund(orderId));
        if (flags.json) console.log(JSON.stringify(order));
        else printOrder(order, operatorFieldsOf(guildhall));
      }),
    );
}
