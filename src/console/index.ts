import cookie from '@fastify/cookie';
import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.js';
import { consoleBundle } from './bundle.js';
import { registerSessionRoutes } from './session-routes.js';

const SHELL = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Guildhall console</title>
<link rel="stylesheet" href="/console/assets/console.css">
</head>
<body>
<div id="root"></div>
<script type="module" src="/console/assets/console.js"></script>
</body>
</html>
`;

/** Only the console's own files run; inline styles are allowed for the charts' sizing. */
const SECURITY_HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/**
 * The operator console at /console: one page whose script renders every view from the admin
 * API (the same endpoints, roles and audit log as automation uses), plus its session routes.
 */
export async function registerConsole(app: FastifyInstance, services: Services): Promise<void> {
  const bundle = await consoleBundle();
  await app.register(async (scope) => {
    await scope.register(cookie);
    registerSessionRoutes(scope, services);
    scope.get('/console', (_request, reply) =>
      reply.headers(SECURITY_HEADERS).type('text/html; charset=utf-8').send(SHELL),
    );
    scope.get('/console/assets/console.js', (_request, reply) =>
      reply.type('text/javascript; charset=utf-8').send(bundle.script),
    );
    scope.get('/console/assets/console.css', (_request, reply) =>
      reply.type('text/css; charset=utf-8').send(bundle.styles),
    );
  });
}
