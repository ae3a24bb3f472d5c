import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startServe } from '../helpers/serve-process.js';

describe('guildhall serve', () => {
  it('creates a demo app, an admin token and the first console admin on first start only, serves health and metrics, and shuts down gracefully', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gh-serve-'));
    const first = await startServe(['--data-dir', dataDir]);
    assert.match(first.output(), /Demo app created/);
    const secret = /momo app_secret\s+([0-9a-f]{32})/.exec(first.output())?.[1];
    const appid = /momo appid\s+(mm_\S+)/.exec(first.output())?.[1];
    const appId = /app id\s+(app_\S+)/.exec(first.output())?.[1];
    assert.ok(secret && appid && appId, first.output());
    assert.match(first.output(), /Admin token/);
    const consoleAdmin = /first admin (\S+), password \(shown once\): (\S+)/.exec(first.output());
    assert.ok(consoleAdmin, first.output());
    assert.match(first.output(), new RegExp(`Console: ${first.baseUrl}/console`));
    const signIn = await fetch(`${first.baseUrl}/console/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: consoleAdmin[1], password: consoleAdmin[2] }),
    });
    assert.equal(signIn.status, 200);

    const health = await fetch(`${first.baseUrl}/healthz`);
    assert.equal(health.status, 200);
    assert.deepEqual(await health.json(), { status: 'ok' });
    const login = await fetch(`${first.baseUrl}/v1/client/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ app_id: appId, method: 'guest', device_id: 'serve-test' }),
    });
    const player = (await login.json()) as { momo: { userid: string; vtoken: string } };
    const check = await fetch(
      `${first.baseUrl}/game/2/server/app/check?${new URLSearchParams({ appid: appid!, app_secret: secret!, vtoken: player.momo.vtoken, userid: player.momo.userid })}`,
    );
    assert.equal(((await check.json()) as { ec: number }).ec, 0);

    const metrics = await (await fetch(`${first.baseUrl}/metrics`)).text();
    assert.match(
      metrics,
      /guildhall_http_requests_total\{method="GET",route="\/game\/2\/server\/app\/check",status="200"\} 1/,
    );
    assert.match(
      metrics,
      /guildhall_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/v1\/client\/login"\}/,
    );

    // A request in flight when SIGTERM arrives still gets its answer.
    const inFlight = new Promise<number>((resolve, reject) => {
      const req = request(
        `${first.baseUrl}/v1/client/login`,
        { method: 'POST', headers: { 'content-type': 'application/json' } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.write(
        JSON.stringify({ app_id: appId, method: 'guest', device_id: 'slow-' }).slice(0, 20),
      );
      setTimeout(() => {
        first.child.kill('SIGTERM');
        setTimeout(
          () =>
            req.end(
              JSON.stringify({ app_id: appId, method: 'guest', device_id: 'slow-' }).slice(20),
            ),
          300,
        );
      }, 200);
    });
    assert.equal(await inFlight, 200);
    assert.equal(await first.exited, 0);
    assert.match(first.output(), /"msg":"stopped"/);

    const second = await startServe(['--data-dir', dataDir]);
    assert.doesNotMatch(second.output(), /Demo app created|Admin token|first admin/);
    const checkAgain = await fetch(
      `${second.baseUrl}/game/2/server/app/check?${new URLSearchParams({ appid: appid!, app_secret: secret!, vtoken: player.momo.vtoken, userid: player.momo.userid })}`,
    );
    assert.equal(((await checkAgain.json()) as { ec: number }).ec, 0, 'data survived the restart');
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0);
  });
});
