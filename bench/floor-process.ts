import formbody from '@fastify/formbody';
import Fastify, { LogController } from 'fastify';
import { parseArgs } from 'node:util';
import { announce, stopOnSignal } from './child.js';

/**
 * The HTTP floor: Fastify configured as buildServer configures it, with one trivial endpoint that
 * parses the form and answers a small JSON envelope. Runs in its own process, like the server.
 * With --response-bytes N it answers instead one fixed JSON body of N bytes (the same-size floor).
 */
const { values } = parseArgs({ options: { 'response-bytes': { type: 'string' } } });
const fixedAnswer =
  values['response-bytes'] === undefined
    ? undefined
    : paddedEnvelope(Number(values['response-bytes']));

/** A success envelope padded to exactly `bytes` bytes (ASCII, so characters are bytes). */
function paddedEnvelope(bytes: number): string {
  const envelope = (pad: string) =>
    JSON.stringify({ ec: 0, em: 'success', timesec: 1763700000, data: { pad } });
  const padding = bytes - envelope('').length;
  if (!Number.isInteger(bytes) || padding < 0) {
    throw new Error(`--response-bytes must be an integer >= ${envelope('').length}`);
  }
  return envelope('x'.repeat(padding));
}

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
    .send(
      fixedAnswer ??
        JSON.stringify({ ec: 0, em: 'success', timesec: Math.floor(Date.now() / 1000), data }),
    );
});
await app.listen({ host: '127.0.0.1', port: 0 });
announce(app, {});
stopOnSignal(() => app.close());
