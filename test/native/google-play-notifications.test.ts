import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '../../src/core/errors.js';
import { parseGooglePlayPush } from '../../src/protocols/native/google-play-notifications.js';
import { describeEachBackend } from '../helpers/server.js';

/** A Pub/Sub push body carrying `notification` as Google sends it. */
function push(notification: unknown, data?: string) {
  return {
    message: {
      data: data ?? Buffer.from(JSON.stringify(notification)).toString('base64'),
      messageId: '136969346945',
      publishTime: '2026-12-05T07:00:00.000Z',
    },
    subscription: 'projects/tecnofut/subscriptions/play-rtdn',
  };
}

const voided = {
  version: '1.0',
  packageName: 'com.example.tecnofut',
  eventTimeMillis: '1764918000000',
  voidedPurchaseNotification: {
    purchaseToken: 'tok-refunded',
    orderId: 'GPA.3333-4444-5555-66666',
    productType: 2,
    refundType: 1,
  },
};

describe('Google Play developer notifications (Pub/Sub push)', () => {
  it('reads a voided purchase', () => {
    assert.deepEqual(parseGooglePlayPush(push(voided)), {
      kind: 'voided_purchase',
      messageId: '136969346945',
      packageName: 'com.example.tecnofut',
      purchaseToken: 'tok-refunded',
      orderId: 'GPA.3333-4444-5555-66666',
      productType: 'one_time',
      refundType: 'full',
      eventTime: 1764918000000,
    });
    const partial = {
      ...voided,
      voidedPurchaseNotification: {
        ...voided.voidedPurchaseNotification,
        productType: 1,
        refundType: 2,
      },
    };
    const notice = parseGooglePlayPush(push(partial));
    assert.equal(notice.kind === 'voided_purchase' && notice.productType, 'subscription');
    assert.equal(notice.kind === 'voided_purchase' && notice.refundType, 'partial');
  });

  it('tells other notifications apart', () => {
    const base = { version: '1.0', packageName: 'com.example.tecnofut', eventTimeMillis: '1' };
    assert.equal(
      parseGooglePlayPush(push({ ...base, testNotification: { version: '1.0' } })).kind,
      'test',
    );
    assert.equal(
      parseGooglePlayPush(push({ ...base, oneTimeProductNotification: { notificationType: 1 } }))
        .kind,
      'one_time_product',
    );
    assert.equal(
      parseGooglePlayPush(push({ ...base, subscriptionNotification: { notificationType: 3 } }))
        .kind,
      'subscription',
    );
    assert.equal(parseGooglePlayPush(push(base)).kind, 'unknown');
  });

  it('refuses what is not a push of a developer notification', () => {
    const bad: unknown[] = [
      undefined,
      {},
      { message: { data: 'e30=' } },
      { ...push(voided), subscription: '' },
      push(undefined, '!!!not base64 json'),
      push({ hello: 'world' }),
      push({ ...voided, eventTimeMillis: 'yesterday' }),
      push({
        ...voided,
        voidedPurchaseNotification: { purchaseToken: '', orderId: 'x', productType: 2 },
      }),
    ];
    for (const body of bad) {
      assert.throws(
        () => parseGooglePlayPush(body),
        (error: unknown) => error instanceof DomainError && error.code === 'invalid_argument',
        JSON.stringify(body),
      );
    }
  });
});

describeEachBackend('Google Play notification token', (server) => {
  it('is made on first use, shown to operators, checked and renewed', async () => {
    const app = await server().createApp('Play RTDN');
    const path = `/v1/admin/apps/${app.id}/google-play/notification-token`;
    const first = await server().admin('GET', path);
    assert.equal(first.status, 200, first.text);
    const { token } = first.json;
    assert.match(token, /^[0-9a-f]{48}$/);
    assert.equal(
      first.json.push_path,
      `/v1/stores/google-play/notifications?app_id=${app.id}&token=${token}`,
    );
    assert.deepEqual((await server().admin('GET', path)).json, first.json);

    const setups = server().guildhall.googlePlay;
    await setups.checkNotificationToken(app.id, token);
    for (const given of ['', token.slice(1), `${token}0`, token.toUpperCase()]) {
      await assert.rejects(setups.checkNotificationToken(app.id, given), {
        code: 'auth.bad_token',
      });
    }
    const other = await server().createApp('Play RTDN other');
    await assert.rejects(setups.checkNotificationToken(other.id, token), {
      code: 'auth.bad_token',
    });

    const renewed = await server().admin('POST', path);
    assert.notEqual(renewed.json.token, token);
    await assert.rejects(setups.checkNotificationToken(app.id, token), { code: 'auth.bad_token' });
    await setups.checkNotificationToken(app.id, renewed.json.token);

    assert.equal(
      (await server().admin('GET', '/v1/admin/apps/app_nope/google-play/notification-token'))
        .status,
      404,
    );
    assert.equal((await server().request('GET', path)).status, 401);
  });
});
