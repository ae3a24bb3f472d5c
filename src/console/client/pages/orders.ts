import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { api, seg } from '../api.js';
import { act } from '../components/actions.js';
import { confirmTyped, formFields } from '../components/forms.js';
import { dateTime } from '../components/format.js';
import { dataTable } from '../components/table.js';
import type { ConsolePage, PageContext } from '../page.js';

interface Order {
  order_id: string;
  trade_no: string;
  player_id: string | null;
  product_id: string;
  /** In major units, with the currency's decimals ("6.00"). */
  amount: string;
  currency: string;
  channel: string;
  status: string;
  created_at: number;
  [field: string]: unknown;
}

interface OrderPage {
  orders: Order[];
  next_before: string | null;
}

interface Attempt {
  attempt: number;
  started_at: number;
  url: string | null;
  http_status: number | null;
  body: string | null;
  latency_ms: number | null;
  outcome: string;
}

interface Delivery {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  due_at: number | null;
  created_at: number;
  finished_at: number | null;
  history: Attempt[];
}

const STATUSES = ['created', 'paid', 'delivered', 'refunded'];
/** As core/payments/types.ts lists them (the browser code may not import the server's). */
const CHANNELS = [
  'apple',
  'alipay',
  'sms',
  'mmb',
  'web',
  'unionpay',
  'cmcc_sms',
  'other',
  'sandbox',
  'google_play',
  'app_store',
];
/** The list's filters, as the address keeps them (dates as yyyy-mm-dd). */
const FILTERS = ['status', 'channel', 'player_id', 'from', 'to'] as const;
const LIMIT = 50;
const DAY = 86_400_000;

const price = (o: Order) => `${o.amount} ${o.currency}`;
/** A yyyy-mm-dd date of the operator's calendar as unix ms at its start. */
const dayStart = (day: string | undefined) =>
  day ? new Date(`${day}T00:00:00`).getTime() : undefined;

function choice(
  title: string,
  name: string,
  options: string[],
  picked: string | undefined,
): TemplateResult {
  return html`<label
    >${title}
    <select name=${name}>
      <option value="">any</option>
      ${options.map((o) => html`<option ?selected=${o === picked}>${o}</option>`)}
    </select></label
  >`;
}

/** A page of orders, and links to older ones and back to the newest. */
function ordersTable(
  { params, go }: PageContext,
  filters: Record<string, string | undefined>,
  page: OrderPage,
): TemplateResult {
  return html`<div class="nowrap">
      ${dataTable(
        [
          { title: 'Created', cell: (o) => dateTime(o.created_at) },
          {
            title: 'Order',
            cell: (o) =>
              html`<a href="#/orders?order=${encodeURIComponent(o.order_id)}">${o.order_id}</a>`,
          },
          { title: 'Trade no', cell: (o) => html`<code>${o.trade_no}</code>` },
          { title: 'Player', cell: (o) => o.player_id ?? 'deleted' },
          { title: 'Amount', cell: price, numeric: true },
          { title: 'Channel', cell: (o) => o.channel },
          {
            title: 'Status',
            cell: (o) => html`<span class="status ${o.status}">${o.status}</span>`,
          },
        ],
        page.orders,
        'No orders match.',
      )}
    </div>
    <nav class="pager">
      <button ?disabled=${!params.has('before')} @click=${() => go('orders', filters)}>
        Newest
      </button>
      <button
        ?disabled=${!page.next_before}
        @click=${() => go('orders', { ...filters, before: page.next_before ?? undefined })}
      >
        Older →
      </button>
    </nav>`;
}

async function orderList(context: PageContext, appId: string): Promise<TemplateResult> {
  const { params, go } = context;
  const filters = Object.fromEntries(FILTERS.map((f) => [f, params.get(f) ?? undefined]));
  const to = dayStart(filters.to);
  const page = await api
    .get<OrderPage>(`/v1/admin/apps/${seg(appId)}/orders`, {
      status: filters.status,
      channel: filters.channel,
      player_id: filters.player_id,
      from: dayStart(filters.from),
      // The form's "to" day is included: the API's `to` is exclusive.
      to: to === undefined ? undefined : to + DAY,
      before: params.get('before') ?? undefined,
      limit: LIMIT,
    })
    .catch((error: Error) => error);
  return html`<h1>Orders</h1>
    <form class="filters" @submit=${(e: Event) => go('orders', formFields(e))}>
      ${choice('Status', 'status', STATUSES, filters.status)}
      ${choice('Channel', 'channel', CHANNELS, filters.channel)}
      <label
        >Player id <input name="player_id" .value=${filters.player_id ?? ''} placeholder="p_…"
      /></label>
      <label>From <input name="from" type="date" .value=${filters.from ?? ''} /></label>
      <label>To <input name="to" type="date" .value=${filters.to ?? ''} /></label>
      <button type="submit">Filter</button>
    </form>
    <form class="inline" @submit=${(e: Event) => go('orders', formFields(e))}>
      <label>Order id <input name="order" placeholder="ord_…" required /></label>
      <button type="submit">Open</button>
    </form>
    ${
      page instanceof Error
        ? html`<p class="notice error" role="alert">${page.message}</p>`
        : ordersTable(context, filters, page)
    }`;
}

function deliveryView(delivery: Delivery): TemplateResult {
  return html`<h3>
      ${delivery.kind} · ${delivery.status} · ${delivery.attempts}
      attempt${delivery.attempts === 1 ? '' : 's'}
    </h3>
    <p class="empty">
      Queued ${dateTime(delivery.created_at)}
      ${delivery.finished_at ? `· finished ${dateTime(delivery.finished_at)}` : ''}
      ${delivery.status === 'pending' ? `· next attempt ${dateTime(delivery.due_at)}` : ''}
    </p>
    ${dataTable(
      [
        { title: '#', cell: (a) => a.attempt, numeric: true },
        { title: 'When', cell: (a) => dateTime(a.started_at) },
        { title: 'Outcome', cell: (a) => a.outcome },
        { title: 'HTTP', cell: (a) => a.http_status, numeric: true },
        { title: 'Latency', cell: (a) => (a.latency_ms === null ? '—' : `${a.latency_ms} ms`) },
        { title: 'Body', cell: (a) => (a.body ? html`<code>${a.body}</code>` : '—') },
        { title: 'URL', cell: (a) => (a.url ? html`<code>${a.url}</code>` : '—') },
      ],
      delivery.history,
      'No attempt yet.',
    )}`;
}

const FIELDS: [string, (o: Order) => unknown][] = [
  ['Status', (o) => o.status],
  ['Amount', price],
  ['Player', (o) => o.player_id ?? 'deleted'],
  ['Product', (o) => o.product_id],
  ['Channel', (o) => `${o.channel} (${o.client_type})`],
  ['Trade no', (o) => o.trade_no],
  ["Game's order no", (o) => o.app_order_no],
  ['Transaction', (o) => o.transaction_id],
  ['Created', (o) => dateTime(o.created_at)],
  ['Paid', (o) => dateTime(o.paid_at as number | null)],
  ['Delivered', (o) => dateTime(o.delivered_at as number | null)],
  ['Refunded', (o) => dateTime(o.refunded_at as number | null)],
  ['Server', (o) => o.server_id],
  ['Store', (o) => o.purchase_store],
];

async function orderDetail(context: PageContext, orderId: string): Promise<TemplateResult> {
  const path = `/v1/admin/orders/${seg(orderId)}`;
  const order = await api.get<Order & { deliveries: Delivery[] }>(path);
  const paid = order.status === 'paid' || order.status === 'delivered';
  const resend = () => void act(context, 'Notification queued', () => api.post(`${path}/notify`));
  const refund = () => {
    if (confirmTyped(`Refund ${price(order)} of order ${orderId}?`, orderId))
      void act(context, `Order ${orderId} refunded`, () => api.post(`${path}/refund`));
  };
  return html`<h1><a href="#/orders">Orders</a> › ${orderId}</h1>
    <dl class="fields">
      ${FIELDS.map(([name, value]) => {
        const shown = value(order);
        return shown === null || shown === undefined
          ? ''
          : html`<dt>${name}</dt>
              <dd>${shown}</dd>`;
      })}
    </dl>
    ${
      context.can('operator') && paid
        ? html`<form class="inline" @submit=${(e: Event) => e.preventDefault()}>
            <button type="button" @click=${resend}>Resend notification</button>
            <button type="button" class="danger" @click=${refund}>Refund…</button>
          </form>`
        : ''
    }
    <h2>Notifications</h2>
    ${
      order.deliveries.length
        ? order.deliveries.map(deliveryView)
        : html`<p class="empty">No notification: the order is not paid.</p>`
    }`;
}

/** The app's orders by status, channel, player and date; an order with every notification. */
export const ordersPage: ConsolePage = {
  id: 'orders',
  title: 'Orders',
  async render(context) {
    const order = context.params.get('order');
    if (order) return orderDetail(context, order);
    if (!context.appId) return html`<p class="empty">No app yet.</p>`;
    return orderList(context, context.appId);
  },
};
