import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import { drainOutbox } from '../helpers/outbox.js';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

type Player = Awaited<ReturnType<TestServer['guest']>>;

const HOUR = 3_600_000;

describeEachBackend('native admin dashboard', (server) => {
  let app: TestApp;
  /** When the first order was paid: 23:30 on 20 November in Shanghai. */
  let firstPaidAt: number;
  const dashboard = (query = '') =>
    server().admin('GET', `/v1/admin/apps/${app.id}/dashboard${query}`);
  const paidOrder = async (who: Player, order: Record<string, unknown> = {}) => {
    const { order_id } = await server().placeOrder(who, order);
    await server().payOrder(who, order_id);
    return order_id;
  };

  before(async () => {
    const { clock } = server();
    app = await server().createApp('Dashboard Game', { sandbox: true, timezone: 'Asia/Shanghai' });
    const now = clock.now();
    // 20 November 23:30 in Shanghai (15:30 UTC), then 21 November 00:30 (16:30 UTC, still the
    // 20th in UTC).
    clock.time = Date.UTC(2026, 10, 20, 15, 30);
    firstPaidAt = clock.now();
    const early = await server().guest(app, 'dashboard-early');
    await paidOrder(early);
    clock.time = Date.UTC(2026, 10, 20, 16, 30);
    await paidOrder(early);
    clock.time = now;
    const today = await server().guest(app, 'dashboard-today');
    const givenUp = await paidOrder(today, { amount: '60', currency: 'MMB', channel: 'sandbox' });
    await server().placeOrder(today);
    const refunded = await paidOrder(today);
    assert.equal((await server().admin('POST', `/v1/admin/orders/${refunded}/refund`)).status, 200);
    await drainOutbox(server().guildhall);
    // As if its schedule had run out.
    await server()
      .guildhall.store.db.updateTable('outbox')
      .set({ status: 'failed' })
      .where('ref', '=', givenUp)
      .execute();
    await paidOrder(today);
  });

  it("shows players, revenue and paid orders per day of the app's calendar", async () => {
    const response = await dashboard('?days=3');
    assert.equal(response.status, 200);
    assert.deepEqual(response.json.days, [
      {
        day: '2026-11-19',
        active_players: 0,
        new_players: 0,
        revenue: {},
        paid_orders: {},
      },
      {
        day: '2026-11-20',
        active_players: 1,
        new_players: 1,
        revenue: { RMB: 600 },
        paid_orders: { sandbox: 1 },
      },
      {
        day: '2026-11-21',
        active_players: 1,
        new_players: 1,
        revenue: { RMB: 1200, MMB: 60 },
        paid_orders: { sandbox: 3 },
      },
    ]);
    assert.equal(response.json.app_id, app.id);
    assert.equal(response.json.from, '2026-11-19');
    assert.equal(response.json.to, '2026-11-21');
    const month = await dashboard();
    assert.equal(month.json.days.length, 30);
    assert.equal(month.json.from, '2026-10-23');
  });

  it('shows how deliveries fare now, per outbox kind', async () => {
    const { delivery } = (await dashboard()).json;
    assert.deepEqual(delivery, [
      {
        kind: 'order.paid',
        pending: 3,
        failing: 2,
        failed: 1,
        oldest_pending_at: firstPaidAt,
        oldest_pending_age_ms: 12.5 * HOUR,
      },
    ]);
  });

  it('answers 400 to a bad days, 401 without the admin token and 404 to an unknown app', async () => {
    for (const query of ['?days=0', '?days=367', '?days=x', '?days=1.5', '?from=2026-11-01']) {
      const response = await dashboard(query);
      assert.equal(response.status, 400, query);
      assert.equal(response.json.error.code, 'invalid_argument');
    }
    assert.equal((await dashboard('?days=366')).json.days.length, 366);
    const anonymous = await server().request('GET', `/v1/admin/apps/${app.id}/dashboard`);
    assert.equal(anonymous.status, 401);
    const unknown = await server().admin('GET', '/v1/admin/apps/app_nope/dashboard');
    assert.equal(unknown.status, 404);
    assert.equal(unknown.json.error.code, 'app.not_found');
  });
});
