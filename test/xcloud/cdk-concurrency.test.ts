import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli } from '../helpers/cli.js';
import type { RunningServe } from '../helpers/serve-process.js';
import { startServe, stopServes } from '../helpers/serve-process.js';
import { xcloudRequest } from '../helpers/xcloud.js';

const databaseUrl = process.env.DATABASE_URL;
const ADMIN_TOKEN = 'cdk-concurrency-admin';

describe('CDK claims from two serving processes on one PostgreSQL', { skip: !databaseUrl }, () => {
  let storage: CliStorage;
  let servers: RunningServe[] = [];
  let app: { id: string; xcloud: { gid: string; key: string } };
  const env = {
    GUILDHALL_SECRET_KEY: randomBytes(32).toString('hex'),
    GUILDHALL_ADMIN_TOKEN: ADMIN_TOKEN,
  };

  before(async () => {
    storage = await postgresStorage(databaseUrl ?? '');
    const created = await runCli(
      ['app', 'create', '--name', 'Rush', '--json', ...storage.flags],
      env,
    );
    assert.equal(created.code, 0, created.stderr);
    app = JSON.parse(created.stdout);
    servers = [await startServe(storage.flags, env), await startServe(storage.flags, env)];
  });
  after(async () => {
    await stopServes(servers);
    await storage.cleanup();
  });

  const serverOf = (i: number) => servers[i % 2]?.baseUrl ?? '';

  async function loadCodes(type: string, codes: string[]) {
    const response = await fetch(`${serverOf(0)}/v1/admin/apps/${app.id}/cdk-codes`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ type, codes }),
    });
    assert.equal(response.status, 200, await response.clone().text());
  }

  async function players(prefix: string, count: number): Promise<string[]> {
    return Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const response = await fetch(`${serverOf(i)}/v1/client/login`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ app_id: app.id, method: 'guest', device_id: `${prefix}-${i}` }),
        });
        const body = (await response.json()) as { xcloud: { uid: string } };
        return body.xcloud.uid;
      }),
    );
  }

  /** Every uid claims `times` times on each server, all at once. */
  async function rush(uids: string[], type: string, times: number) {
    const time = String(Math.floor(Date.now() / 1000));
    const calls = uids.flatMap((uid) =>
      Array.from({ length: times * 2 }, (_, i) => ({ uid, server: serverOf(i) })),
    );
    const answers = await Promise.all(
      calls.map(async ({ uid, server }) => {
        const fields = { uid, gameid: app.xcloud.gid, type, time };
        const answer = await xcloudRequest(
          `${server}/Suspension/share_cdk`,
          app.xcloud.key,
          fields,
          {},
        );
        return { uid, status: answer.body.status as number, cdk: answer.body.data?.cdk as string };
      }),
    );
    return answers;
  }

  it('each player gets one code a day and no code goes out twice, with stock to spare', async () => {
    const codes = Array.from({ length: 60 }, (_, i) => `WA-${i}`);
    await loadCodes('whatsapp', codes);
    const uids = await players('spare', 40);
    const answers = await rush(uids, 'whatsapp', 2);
    const handed = answers.filter((a) => a.status === 200);
    assert.equal(handed.length, uids.length);
    assert.deepEqual(new Set(handed.map((a) => a.uid)).size, uids.length);
    assert.equal(new Set(handed.map((a) => a.cdk)).size, handed.length);
    for (const a of handed) assert.ok(codes.includes(a.cdk));
    assert.deepEqual(
      new Set(answers.filter((a) => a.status !== 200).map((a) => a.status)),
      new Set([121]),
    );
  });

  it('a short stock goes out exactly once, the rest answer 127', async () => {
    const codes = Array.from({ length: 10 }, (_, i) => `MS-${i}`);
    await loadCodes('messenger', codes);
    const uids = await players('short', 30);
    const answers = await rush(uids, 'messenger', 1);
    const handed = answers.filter((a) => a.status === 200);
    assert.deepEqual(handed.map((a) => a.cdk).sort(), [...codes].sort());
    assert.equal(new Set(handed.map((a) => a.uid)).size, handed.length);
    for (const a of answers) assert.ok([200, 121, 127].includes(a.status), String(a.status));
    const response = await fetch(`${serverOf(1)}/v1/admin/apps/${app.id}/cdk-stock`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    const { stock } = (await response.json()) as { stock: { type: string; available: number }[] };
    assert.deepEqual(
      stock.map((s) => [s.type, s.available]),
      [
        ['messenger', 0],
        ['whatsapp', 20],
      ],
    );
  });
});
