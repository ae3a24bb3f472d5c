import formbody from '@fastify/formbody';
import Fastify, { LogController } from 'fastify';
import { announce, stopOnSignal } from './child.js';
import { DELIVERY_KINDS } from './delivery-kinds.js';
import { median } from './load.js';

/**
 * The game server of the delivery bench, in its own process: takes every form POSTed to a
 * delivery kind's path and answers `success`, as a game server acknowledges a Momo pay
 * notification or an xcloud reward. It counts what it took and, where the kind's stamped field
 * (the order's appOrderNo) is of the form `p<seq>-<epoch ms>` (the steady phase stamps the moment
 * it pays), the delay from payment to now: both processes read the same machine clock. It also
 * reports the CPU it used since the last reset.
 */
const app = Fastify({ logController: new LogController({ disableRequestLogging: true }) });
await app.register(formbody);

let received = 0;
let latencies: number[] = [];
let cpuAtReset = process.cpuUsage();

for (const { path, stampField } of DELIVERY_KINDS) {
  app.post(path, async (request, reply) => {
    received += 1;
    const paidAt = /^p\d+-(\d+)$/.exec((request.body as Record<string, string>)[stampField] ?? '');
    if (paidAt) latencies.push(Date.now() - Number(paidAt[1]));
    return reply.type('text/plain').send('success');
  });
}

/** What was taken since the last reset (control endpoint of the bench driver). */
app.get('/stats', async () => {
  const sorted = [...latencies].sort((a, b) => a - b);
  const cpu = process.cpuUsage(cpuAtReset);
  return {
    received,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    latencies: sorted.length,
    p50Ms: median(sorted),
    p99Ms: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? Number.NaN,
  };
});
app.post('/reset', async () => {
  received = 0;
  latencies = [];
  cpuAtReset = process.cpuUsage();
  return {};
});

await app.listen({ host: '127.0.0.1', port: 0 });
announce(app, {});
stopOnSignal(() => app.close());
