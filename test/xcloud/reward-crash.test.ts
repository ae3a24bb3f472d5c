import assert from 'node:assert/strict';
import { describeNotifyDrill } from '../helpers/notify-drill.js';
import { xcloudSign } from '../helpers/xcloud.js';

interface XcloudDrillApp {
  appId: string;
  gid: string;
  xcloudAppId: string;
  key: string;
  uid: string;
}

async function xcloudCall(baseUrl: string, path: string, app: XcloudDrillApp, fields: object) {
  const all: Record<string, string> = {
    ...(fields as Record<string, string>),
    time: String(Math.floor(Date.now() / 1000)),
  };
  const response = await fetch(baseUrl + path, {
    method: 'POST',
    body: new URLSearchParams({ ...all, sign: xcloudSign(all, app.key) }),
  });
  return (await response.json()) as { status: number; msg: string };
}

/** Orders placed through /Pt/order and paid by sandbox Googlepay checks; rewards md5-signed. */
describeNotifyDrill<XcloudDrillApp>('xcloud reward delivery across kill -9', {
  keyColumn: 'app_order_no',
  async prepare(output) {
    const appId = /app id\s+(app_\S+)/.exec(output)?.[1];
    const gid = /xcloud gid\s+(\d+)/.exec(output)?.[1];
    const xcloudAppId = /xcloud app_id\s+(\S+)/.exec(output)?.[1];
    const key = /xcloud key\s+([0-9a-f]{32})/.exec(output)?.[1];
    const baseUrl = /"url":"(http:\/\/[^"]+)"/.exec(output)?.[1];
    if (!appId || !gid || !xcloudAppId || !key || !baseUrl) {
      throw new Error(`no demo app in:\n${output}`);
    }
    const login = await fetch(`${baseUrl}/v1/client/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: appId, method: 'guest', device_id: 'storm-phone' }),
    });
    const { uid } = ((await login.json()) as { xcloud: { uid: string } }).xcloud;
    return { appId, gid, xcloudAppId, key, uid };
  },
  notifyFlags: (app, url) => [app.appId, '--sandbox', 'true', '--xcloud-reward-url', url],
  async payOrder(app, baseUrl, n, state) {
    const game_order = `storm-${n}`;
    if (!state.placed) {
      const tried = state.tried === 'yes';
      state.tried = 'yes';
      const placed = await xcloudCall(baseUrl, '/Pt/order', app, {
        uid: app.uid,
        role_name: 'storm',
        sid: '1',
        gid: app.gid,
        app_id: app.xcloudAppId,
        game_order,
        amount: '4.99',
        currency: 'USD',
        game_money: '500',
        product_id: 'coins.500',
        game_good_id: '1',
        channel: 'googleplay',
        data: `n=${n}`,
      });
      // An order whose answer was lost to the crash may have been placed: it is not placed twice.
      assert.ok(placed.status === 200 || (tried && placed.status === 112), JSON.stringify(placed));
      state.placed = 'yes';
    }
    const paid = await xcloudCall(baseUrl, '/Googlepay/check', app, {
      uid: app.uid,
      gid: app.gid,
      app_id: app.xcloudAppId,
      package_name: 'com.tecnofut',
      product_id: 'coins.500',
      token: `sandbox-${game_order}`,
      game_order,
      google_order: `GPA.${n}`,
    });
    // A check made again for the order its purchase paid answers 200 again.
    assert.equal(paid.status, 200, JSON.stringify(paid));
    return game_order;
  },
  keyOf: (fields) => fields.game_order ?? '',
  signedRight(app, fields) {
    return fields.sign === xcloudSign(fields, app.key) && fields.uid === app.uid;
  },
});
