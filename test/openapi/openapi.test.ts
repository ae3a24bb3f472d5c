import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { Validator } from '@seriousme/openapi-schema-validator';
import type { FastifyInstance } from 'fastify';
import { MAX_PAGE_SIZE } from '../../src/core/leaderboards/types.js';
import type { Guildhall } from '../../src/guildhall.js';
import { openGuildhall } from '../../src/guildhall.js';
import { DOCS_PREFIX, OPENAPI_URL } from '../../src/protocols/openapi/routes.js';
import { buildServer } from '../../src/server.js';
import { servedRoutes } from './routes.js';

const SNAPSHOT = new URL('../../openapi.json', import.meta.url);

/**
 * Routes the document leaves out: itself, the reference's pages and files, and the operations
 * endpoints (health for load balancers, Prometheus metrics), which are no API of the platform.
 */
const UNDOCUMENTED = [OPENAPI_URL, DOCS_PREFIX, `${DOCS_PREFIX}/`, '/healthz', '/metrics'];
/** The console's page, assets and session: its own, served to its own script. */
const CONSOLE_PREFIX = '/console';

type Parameter = { name: string; in: string } | { $ref: string };
type Document = {
  paths: Record<string, Record<string, { parameters?: Parameter[] }>>;
  components: { parameters: Record<string, { name: string; in: string }> };
};

describe('OpenAPI document', () => {
  let guildhall: Guildhall;
  let server: FastifyInstance;
  let document: Document;

  before(async () => {
    guildhall = await openGuildhall({ sqliteFile: ':memory:' });
    server = await buildServer(guildhall, { adminTokenHash: 'unused' });
    const answer = await server.inject({ method: 'GET', url: OPENAPI_URL });
    assert.equal(answer.statusCode, 200);
    document = answer.json();
  });

  after(async () => {
    await server.close();
    await guildhall.close();
  });

  it('is valid OpenAPI 3.1', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    assert.equal(validator.version, '3.1');
    assert.ok(result.valid, JSON.stringify(result.errors, null, 2));
  });

  it('names each parameter of an operation once (the schema cannot say so)', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const [method, operation] of Object.entries(item)) {
        const keys = (operation.parameters ?? []).map((parameter) => {
          const named =
            '$ref' in parameter
              ? document.components.parameters[parameter.$ref.split('/').pop() ?? '']
              : parameter;
          return `${named?.in} ${named?.name}`;
        });
        assert.equal(new Set(keys).size, keys.length, `${method} ${path}: ${keys.join(', ')}`);
      }
    }
  });

  it('documents every route the server serves', () => {
    const documented = new Set(
      Object.entries(document.paths).flatMap(([path, item]) =>
        Object.keys(item).map((method) => `${method.toUpperCase()} ${path}`),
      ),
    );
    const missing = servedRoutes(server)
      .map((route) => route.replace(/:(\w+)/g, '{$1}'))
      // MSDK answers each path with a trailing slash too; the document names it once.
      .map((route) => (route.endsWith('/') ? route.slice(0, -1) : route))
      .filter((route) => {
        const path = route.slice(route.indexOf(' ') + 1);
        return (
          !UNDOCUMENTED.includes(path) &&
          !path.startsWith(`${DOCS_PREFIX}/`) &&
          !path.startsWith(CONSOLE_PREFIX)
        );
      })
      .filter((route) => !documented.has(route));
    assert.deepEqual([...new Set(missing)], []);
  });

  it('documents no route the server does not serve', () => {
    for (const [path, item] of Object.entries(document.paths)) {
      for (const method of Object.keys(item)) {
        const url = path.replace(/\{(\w+)\}/g, ':$1');
        assert.ok(server.hasRoute({ method: method.toUpperCase(), url }), `${method} ${path}`);
      }
    }
  });

  it('covers each API', () => {
    const tags = new Set(
      Object.values(document.paths).flatMap((item) =>
        (Object.values(item) as { tags: string[] }[]).flatMap((operation) => operation.tags),
      ),
    );
    assert.deepEqual(
      [...tags].sort(),
      ['MSDK', 'Momo', 'Native admin', 'Native client', 'xcloud'].sort(),
    );
  });

  it('lists the codes a call answers, and the aliases of paths', () => {
    const check = document.paths['/game/2/server/app/check']?.get as {
      responses: Record<string, { description: string }>;
    };
    assert.match(check.responses['200']?.description ?? '', /`30016` vtoken 不合法/);
    assert.ok(document.paths['/wxoauth/check_token'], 'the auth alias');
  });

  it("describes native requests and answers from their handlers' zod schemas", () => {
    const operation = (path: string, method: string) => (document.paths as any)[path][method];
    const login = operation('/v1/client/login', 'post');
    assert.equal(login.requestBody.required, true);
    const guest = login.requestBody.content['application/json'].schema.oneOf[0];
    assert.deepEqual(guest.required, ['app_id', 'method', 'device_id']);
    assert.equal(login.responses['200'].content['application/json'].schema.type, 'object');
    // parse() reads a missing body as {}: an all-optional body is not required.
    assert.equal(operation('/v1/client/orders/{order_id}/pay', 'post').requestBody.required, false);
    assert.ok(operation('/v1/client/orders', 'post').responses['201'], 'the status it answers');
    const friends = operation('/v1/client/leaderboards/{board}/friends', 'get');
    assert.deepEqual(
      friends.parameters.map((p: { name: string; in: string }) => `${p.in} ${p.name}`),
      ['path board', 'query count'],
    );
    assert.equal(friends.parameters[1].schema.maximum, MAX_PAGE_SIZE);
  });

  it('serves /docs from local files only', async () => {
    const page = await server.inject({ method: 'GET', url: DOCS_PREFIX });
    assert.equal(page.statusCode, 200);
    assert.match(String(page.headers['content-type']), /^text\/html/);
    const foreign = [...page.body.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
    assert.deepEqual(foreign, [], 'no URL of another host');
    const assets = [...page.body.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1] ?? '');
    assert.ok(assets.length > 0);
    for (const asset of assets) {
      assert.ok(asset.startsWith(`${DOCS_PREFIX}/`), asset);
      const file = await server.inject({ method: 'GET', url: asset });
      assert.equal(file.statusCode, 200, asset);
    }
  });

  it('matches the committed snapshot', () => {
    const snapshot: unknown = JSON.parse(readFileSync(SNAPSHOT, 'utf8'));
    assert.deepEqual(
      snapshot,
      document,
      'openapi.json differs from what the routes generate: run `npm run openapi`',
    );
  });
});
