import assert from 'node:assert/strict';
import type { TestApp, TestServer } from './server.js';

/** A guest logged in through QQ: a session, Momo's userid and vtoken, and a QQ openkey. */
export async function qqGuest(server: TestServer, app: TestApp, deviceId: string) {
  const login = await server.request('POST', '/v1/client/login', {
    json: { app_id: app.id, method: 'guest', device_id: deviceId, platform: 'qq' },
  });
  assert.equal(login.status, 200, login.text);
  return login.json as {
    player_id: string;
    session_token: string;
    momo: { userid: string; vtoken: string };
    msdk: { openid: string; openkey: string };
  };
}

export type Guest = Awaited<ReturnType<typeof qqGuest>>;

/** What each check answers for the guest's tokens: Momo ec, MSDK ret, native HTTP status. */
export async function checks(server: TestServer, app: TestApp, guest: Guest) {
  const momo = await server.momo(app, 'app/check', {
    userid: guest.momo.userid,
    vtoken: guest.momo.vtoken,
  });
  const msdk = await server.msdk(app, 'auth/verify_login', {
    appid: Number(app.msdk.qqAppid),
    openid: guest.msdk.openid,
    openkey: guest.msdk.openkey,
  });
  const session = await server.request('GET', '/v1/client/profile', {
    token: guest.session_token,
  });
  return { momo: momo.body.ec, msdk: msdk.body.ret, session: session.status };
}

export const LIVE = { momo: 0, msdk: 0, session: 200 };
