import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FreeflowService } from '../../../src/core/sharing/freeflow.js';
import type { IpLocation } from '../../../src/core/sharing/types.js';
import { FREEFLOW_LIMITS } from '../../../src/core/sharing/types.js';
import { domainError, newApp, newPlayer, useCoreGuildhall } from '../helpers.js';

const SOMEWHERE: IpLocation = {
  country: '中国',
  province: '北京',
  city: '北京市',
  district: '',
  isp: '联通',
  extend: '',
};

describe('free flow', () => {
  const core = useCoreGuildhall();

  it('starts every app with no hosts and an hour of validity, and every player without a plan', async () => {
    const { freeflow } = core.guildhall;
    const appId = await newApp(core.guildhall);
    const player = await newPlayer(core.guildhall, appId, `ff-${appId}`);
    assert.deepEqual(await freeflow.info(appId, player), {
      hosts: { unicom: [], telecom: [], mobile: [] },
      expireSec: FREEFLOW_LIMITS.defaultExpireSec,
      isFree: false,
      carrier: 'unicom',
      allHosts: [],
    });
  });

  it('keeps hosts per carrier, changing only the carriers named, and lists each host once', async () => {
    const { freeflow } = core.guildhall;
    const appId = await newApp(core.guildhall);
    await freeflow.configure(appId, {
      hosts: { unicom: ['*.game.example.com', '10.0.0.0/8'], telecom: ['cdn.example.com'] },
    });
    const settings = await freeflow.configure(appId, {
      hosts: { telecom: ['cdn.example.com', '2001:db8::1', '*.game.example.com'] },
      expireSec: 600,
    });
    assert.deepEqual(settings.hosts.unicom, ['*.game.example.com', '10.0.0.0/8']);
    assert.equal(settings.expireSec, 600);
    const player = await newPlayer(core.guildhall, appId, `hosts-${appId}`);
    assert.deepEqual((await freeflow.info(appId, player)).allHosts, [
      '*.game.example.com',
      '10.0.0.0/8',
      'cdn.example.com',
      '2001:db8::1',
    ]);
  });

  it('refuses hosts that are not a domain, an address or a range, and bad expiries', async () => {
    const { freeflow } = core.guildhall;
    const appId = await newApp(core.guildhall);
    for (const changes of [
      { hosts: { mobile: ['not a host'] } },
      { hosts: { mobile: ['10.0.0.0/33'] } },
      { hosts: { mobile: ['::1/129'] } },
      { hosts: { mobile: ['example.com/8'] } },
      { hosts: { mobile: ['a'.repeat(FREEFLOW_LIMITS.hostLength + 1)] } },
      {
        hosts: {
          mobile: Array.from(
            { length: FREEFLOW_LIMITS.hostsPerCarrier + 1 },
            (_, i) => `h${i}.example.com`,
          ),
        },
      },
      { expireSec: 0 },
      { expireSec: 1.5 },
      { expireSec: FREEFLOW_LIMITS.maxExpireSec + 1 },
    ]) {
      await assert.rejects(
        freeflow.configure(appId, changes),
        domainError('invalid_argument'),
        JSON.stringify(changes).slice(0, 60),
      );
    }
    assert.equal((await freeflow.settings(appId)).expireSec, FREEFLOW_LIMITS.defaultExpireSec);
  });

  it('gives plans only to players with Tencent ids in the app', async () => {
    const appId = await newApp(core.guildhall);
    const guest = await newPlayer(core.guildhall, appId, `plan-${appId}`);
    await assert.rejects(
      core.guildhall.freeflow.setPlan(appId, guest, { isFree: true }),
      domainError('player.not_found'),
    );
  });

  it('places public addresses, IPv4-mapped ones as IPv4, and reserved ones nowhere', async () => {
    const asked: string[] = [];
    const freeflow = new FreeflowService(core.guildhall.store, core.clock, {
      locate: (address, family) => {
        asked.push(`${family}:${address}`);
        return Promise.resolve(address === '1.2.3.4' ? SOMEWHERE : undefined);
      },
    });
    assert.deepEqual(await freeflow.locate('1.2.3.4'), SOMEWHERE);
    assert.deepEqual(await freeflow.locate('::ffff:1.2.3.4'), SOMEWHERE);
    const nowhere = { ...SOMEWHERE, country: '', province: '', city: '', isp: '' };
    assert.deepEqual(await freeflow.locate('8.8.8.8'), nowhere);
    for (const reserved of [
      '10.1.2.3',
      '127.0.0.1',
      '192.168.1.1',
      '::1',
      'fe80::1',
      '2001:db8::5',
    ]) {
      assert.deepEqual(await freeflow.locate(reserved), nowhere, reserved);
    }
    assert.deepEqual(
      asked,
      ['4:1.2.3.4', '4:1.2.3.4', '4:8.8.8.8'],
      'reserved ones are not looked up',
    );
    for (const bad of ['', 'localhost', '1.2.3', '1.2.3.4.5', '::g']) {
      await assert.rejects(freeflow.locate(bad), domainError('invalid_argument'), bad);
    }
  });
});
