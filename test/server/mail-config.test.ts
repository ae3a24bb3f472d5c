import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../src/config.js';

describe('mail and public URL configuration', () => {
  it('reads SMTP_URL, MAIL_FROM and PUBLIC_URL, flags first', () => {
    const env = {
      SMTP_URL: 'smtp://user:pass@mail.test:587',
      MAIL_FROM: 'Tecnofut <no-reply@tecnofut.test>',
      PUBLIC_URL: 'https://tecnofut.test/',
    };
    const fromEnv = resolveConfig({}, env);
    assert.deepEqual(fromEnv.mail, { smtpUrl: env.SMTP_URL, from: env.MAIL_FROM });
    assert.equal(fromEnv.publicUrl, 'https://tecnofut.test');
    const fromFlags = resolveConfig(
      { smtpUrl: 'smtps://mail.test', mailFrom: 'x@y.test', publicUrl: 'http://127.0.0.1:8080' },
      env,
    );
    assert.deepEqual(fromFlags.mail, { smtpUrl: 'smtps://mail.test', from: 'x@y.test' });
    assert.equal(fromFlags.publicUrl, 'http://127.0.0.1:8080');
  });

  it('leaves them unset by default and refuses URLs of the wrong kind', () => {
    const none = resolveConfig({}, {});
    assert.deepEqual(none.mail, { smtpUrl: undefined, from: undefined });
    assert.equal(none.publicUrl, undefined);
    assert.throws(() => resolveConfig({}, { SMTP_URL: 'http://mail.test' }), /SMTP_URL/);
    assert.throws(() => resolveConfig({}, { PUBLIC_URL: 'tecnofut.test' }), /PUBLIC_URL/);
    assert.throws(() => resolveConfig({ publicUrl: 'ftp://x.test' }, {}), /PUBLIC_URL/);
  });
});
