import type { FastifyInstance } from 'fastify';

/**
 * Every route Fastify serves, as `METHOD /path` (HEAD left out: Fastify adds it to each GET),
 * read from printRoutes' tree: each line is a node whose path continues its parent's.
 */
export function servedRoutes(server: FastifyInstance): string[] {
  const routes: string[] = [];
  const parents: string[] = [];
  for (const line of server.printRoutes({ commonPrefix: false }).split('\n')) {
    const match = /^([│ ]*)[├└]── (\S*)(?: \(([^)]*)\))?$/.exec(line);
    if (!match) continue;
    const depth = (match[1] ?? '').length / 4;
    const path = (parents[depth - 1] ?? '') + (match[2] ?? '');
    parents[depth] = path;
    for (const method of (match[3] ?? '').split(', ')) {
      if (method && method !== 'HEAD') routes.push(`${method} ${path}`);
    }
  }
  return routes;
}
