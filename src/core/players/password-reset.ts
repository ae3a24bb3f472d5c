import { fail } from '../errors.js';
import type { TokenService } from '../identity/tokens.js';
import type { TokenKind } from '../identity/types.js';
import type { Mailer, MailMessage } from '../mail/types.js';
import type { Clock, Random } from '../runtime.js';
import { randomHex, tokenHash } from '../runtime.js';
import type { Store } from '../../store/store.js';
import {
  PASSWORD_MAX,
  PASSWORD_MIN,
  isAcceptablePassword,
  isEmailAddress,
  normalizedEmail,
} from './credentials.js';
import { hashPassword } from './passwords.js';
import { SESSION_TOKEN } from './service.js';

const EMAIL_PROVIDER = 'email';

/** The link of a reset mail: good once, for half an hour; a newer one ends it. */
export const PASSWORD_RESET_TOKEN: TokenKind = {
  name: 'password_reset',
  ttlMs: 30 * 60_000,
  authorises: 'setting a new password of an email account, once',
  mint: (random) => randomHex(random, 32),
};

/** The mail that carries a reset token, as the caller words it (its link, its language). */
export type ResetLetter = (token: string) => Omit<MailMessage, 'to'>;

/** Forgotten passwords of email + password accounts: a one-time token sent by mail. */
export class PasswordResets {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly random: Random,
    private readonly tokens: TokenService,
    private readonly mailer: Mailer,
  ) {}

  /**
   * Mails a reset token to the account registered with `email` (in the app), ending the ones
   * sent before. Returns false when no account has that email: nothing is sent, and callers
   * need not tell the difference.
   */
  async request(appId: string, email: string, letter: ResetLetter): Promise<boolean> {
    if (!isEmailAddress(email)) fail('invalid_argument', 'email is not an address');
    if (!this.mailer.configured) fail('mail.not_configured', 'no mail server is configured');
    const to = normalizedEmail(email);
    const identity = await this.store.players.identity(EMAIL_PROVIDER, to);
    if (!identity) return false;
    const token = await this.store.transaction(async (store) => {
      await store.tokens.deleteOfHolder(identity.accountId, { kind: PASSWORD_RESET_TOKEN.name });
      const issued = await this.tokens.issue(
        appId,
        identity.accountId,
        [PASSWORD_RESET_TOKEN.name],
        store,
      );
      return issued[PASSWORD_RESET_TOKEN.name] ?? '';
    });
    await this.mailer.send({ to, ...letter(token) });
    return true;
  }

  /**
   * Sets a new password with a reset token, which is used up, and ends the account's sessions.
   * Returns the app the token was asked for and the account.
   */
  async reset(token: string, password: string): Promise<{ appId: string; accountId: number }> {
    if (!isAcceptablePassword(password))
      fail('invalid_argument', `password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters`);
    const secret = await hashPassword(password, this.random);
    const now = this.clock.now();
    const taken = await this.store.transaction(async (store) => {
      const record = await store.tokens.take(tokenHash(token), PASSWORD_RESET_TOKEN.name);
      if (!record || (record.expiresAt !== null && record.expiresAt <= now)) return undefined;
      if (!(await store.players.setIdentitySecret(record.accountId, EMAIL_PROVIDER, secret)))
        return undefined;
      await store.tokens.deleteOfHolder(record.accountId, { kind: SESSION_TOKEN.name });
      return { appId: record.appId, accountId: record.accountId };
    });
    return taken ?? fail('auth.bad_token', 'the reset link is unknown, used or expired');
  }
}
