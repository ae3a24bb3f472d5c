import { fail } from '../errors.js';

/** One plain-text mail (with an HTML alternative where given). */
export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** Sends mail; fails `mail.send_failed` when the mail server does not take it. */
export interface Mailer {
  /** False when no mail server is configured: every send fails `mail.not_configured`. */
  readonly configured: boolean;
  send(message: MailMessage): Promise<void>;
}

/** The mailer of a platform without a mail server. */
export const unconfiguredMailer: Mailer = {
  configured: false,
  send: () => fail('mail.not_configured', 'no mail server is configured (SMTP_URL)'),
};
