import assert from 'node:assert/strict';
import { createHash, createVerify } from 'node:crypto';
import { runCli } from '../helpers/cli.js';
import { describeNotifyDrill } from '../helpers/notify-drill.js';

interface MomoDrillApp {
  appId: string;
  secret: string;
  publicKey: string;
  token: string;
}

async function call(baseUrl: string, path: string, token: string, json?: unknown) {
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(json ?? {}),
  });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Sandbox orders created and paid through the client API; the notify signed with md5 and RSA. */
describeNotifyDrill<MomoDrillApp>('pay notify across kill -9', {
  keyColumn: 'trade_no',
  async prepare(output, storageFlags) {
    const appId = /app id\s+(app_\S+)/.exec(output)?.[1];
    const secret = /momo app_secret\s+([0-9a-f]{32})/.exec(output)?.[1];
    const baseUrl = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
    if (!appId || !secret || !baseUrl) throw new Error(`no demo app in:\n${output}`);
    const publicKey = (
      await runCli(['app', 'public-key', appId, ...storageFlags], {
        GUILDHALL_SECRET_KEY: 'ab'.repeat(32),
      })
    ).stdout;
    assert.match(publicKey, /BEGIN PUBLIC KEY/);
    const login = await fetch(`${baseUrl}/v1/client/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: appId, method: 'guest', device_id: 'storm-phone' }),
    });
    const token = ((await login.json()) as { session_token: string }).session_token;
    return { appId, secret, publicKey, token };
  },
  notifyFlags: (app, url) => [app.appId, '--momo-notify-url', url],
  async payOrder(app, baseUrl, n, state) {
    if (!state.orderId) {
      const created = await call(baseUrl, '/v1/client/orders', app.token, {
        product_id: 'gems',
        amount: '6.00',
        currency: 'RMB',
        channel: 'sandbox',
        app_order_no: `storm-${n}`,
      });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      state.orderId = String(created.json.order_id);
      state.tradeNo = String(created.json.trade_no);
    }
    const pay = await call(baseUrl, `/v1/client/orders/${state.orderId}/pay`, app.token);
    const code = (pay.json.error as { code?: string } | undefined)?.code;
    // A pay whose answer was lost to the crash may have been made: it is not made twice.
    assert.ok(pay.status === 200 || code === 'order.already_paid', JSON.stringify(pay));
    return state.tradeNo ?? '';
  },
  keyOf: (fields) => fields.trade_no ?? '',
  signedRight(app, fields) {
    const { sign, encrypted } = fields;
    const text = `${Object.keys(fields)
      .filter((k) => !['sign', 'encrypted', 'encrypt_type'].includes(k) && fields[k] !== '')
      .sort()
      .map((k) => `${k}=${fields[k]}`)
      .join('&')}&${app.secret}`;
    const md5 = createHash('md5').update(text).digest('hex');
    const rsa = createVerify('RSA-SHA1')
      .update(text)
      .verify(app.publicKey, encrypted ?? '', 'base64');
    return md5 === sign && rsa;
  },
});
