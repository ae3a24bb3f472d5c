import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedNotify {
  fields: Record<string, string>;
  at: number;
}

export type NotifyAnswer = { status: number; body: string };

/** A game server's notify endpoint: records each POSTed form and answers as told. */
export async function startNotifyReceiver(
  answer: (
    fields: Record<string, string>,
    received: ReceivedNotify[],
  ) => NotifyAnswer | Promise<NotifyAnswer> = () => ({
    status: 200,
    body: 'success',
  }),
) {
  const received: ReceivedNotify[] = [];
  let respond = answer;
  const server = createServer((request, response) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      const fields = Object.fromEntries(new URLSearchParams(body));
      received.push({ fields, at: Date.now() });
      void Promise.resolve(respond(fields, received)).then((reply) =>
        response.writeHead(reply.status, { 'content-type': 'text/plain' }).end(reply.body),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/notify`,
    received,
    answerWith(next: typeof answer) {
      respond = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
