import nodemailer from 'nodemailer';
import type { Transporter } from 'nodemailer';
import { DomainError } from '../../core/errors.js';
import type { Mailer, MailMessage } from '../../core/mail/types.js';

/** Sends mail through the SMTP server of `smtpUrl` (smtp://, smtps://, with credentials). */
export class SmtpMailer implements Mailer {
  readonly configured = true;
  private readonly transport: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    this.transport = nodemailer.createTransport(smtpUrl);
  }

  async send(message: MailMessage): Promise<void> {
    try {
      await this.transport.sendMail({ from: this.from, ...message });
    } catch (error) {
      throw new DomainError(
        'mail.send_failed',
        `the mail server did not take the mail: ${(error as Error).message}`,
      );
    }
  }

  close(): void {
    this.transport.close();
  }
}
