import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A mail the sink took, as sent (headers and body undecoded but for line folding). */
export interface SunkMail {
  from: string;
  to: string[];
  raw: string;
  subject: string;
  /** The text body (quoted-printable and base64 decoded). */
  text: string;
}

function header(raw: string, name: string): string {
  const head = raw.split(/\r?\n\r?\n/)[0] ?? '';
  const unfolded = head.replace(/\r?\n[ \t]+/g, ' ');
  const line = unfolded.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${name}:`));
  return line ? line.slice(name.length + 1).trim() : '';
}

/** Bytes of quoted-printable text (`=XX` escapes) as UTF-8. */
function unquote(text: string): string {
  const bytes = text.replace(/=([0-9A-F]{2})/gi, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** RFC 2047 encoded words (=?UTF-8?B?...?= / ?Q?) decoded. */
function decodeWords(text: string): string {
  return text
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?[^?]+\?([BbQq])\?([^?]*)\?=/g, (_w, encoding: string, data: string) =>
      encoding.toUpperCase() === 'B'
        ? Buffer.from(data, 'base64').toString('utf8')
        : unquote(data.replace(/_/g, ' ')),
    );
}

function textBody(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  const encoding = /content-transfer-encoding:\s*(\S+)/i.exec(head)?.[1]?.toLowerCase();
  if (encoding === 'base64')
    return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    return unquote(body.replace(/=\r?\n/g, '')).replace(/\r\n/g, '\n');
  }
  return body.replace(/\r\n/g, '\n');
}

/** A local SMTP server that keeps every mail it is sent; `fail` makes it refuse them. */
export class SmtpSink {
  readonly mails: SunkMail[] = [];
  fail = false;
  private waiters: ((mail: SunkMail) => void)[] = [];
  private readonly server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData: (stream, session, callback) => {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        if (this.fail) {
          callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
          return;
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const mail: SunkMail = {
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw,
          subject: decodeWords(header(raw, 'subject')),
          text: textBody(raw),
        };
        this.mails.push(mail);
        this.waiters.splice(0).forEach((resolve) => resolve(mail));
        callback();
      });
    },
  });
  url = '';

  async start(): Promise<this> {
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `smtp://127.0.0.1:${(this.server.server.address() as AddressInfo).port}`;
    return this;
  }

  /** The next mail to arrive (or the last one, if it came already after `since` mails). */
  next(since: number, timeoutMs = 5000): Promise<SunkMail> {
    const already = this.mails[since];
    if (already) return Promise.resolve(already);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('no mail arrived')), timeoutMs);
      this.waiters.push((mail) => {
        clearTimeout(timer);
        resolve(mail);
      });
    });
  }

  stop(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
