import formbody from '@fastify/formbody';
import Fastify, { LogController } from 'fastify';
import { announce, stopOnSignal } from './child.js';

/**
 * The HTTP floor: Fastify configured as buildServer configures it, with one trivial endpoint that
 * parses the form and answers a small JSON envelope. Runs in its own process, like the server.
 */
const app = Fastify({
  logController: new LogController({ disableRequestLogging: true }),
  bodyLimit: 2 * 1024 * 1024,
  return503OnClosing: true,
});
await app.register(formbody);
app.post('/floor', async (request, reply) => {
  const form = request.body as Record<string, string | undefined>;
  const data = { userid: form.userid ?? '', ok: true };
  return reply
    .type('application/json; charset=utf-8')
    .send(JSON.stringify({ ec: 0, em: 'success', timesec: Math.floor(Date.now() / 1000), data }));
});
await app.listen({ host: '127.0.0.1', port: 0 });
announce(app, {});
stopOnSignal(() => app.close());
