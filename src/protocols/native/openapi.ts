import { fieldParameters, jsonSchemaOf, openApiPath } from '../openapi/schema.js';
import type {
  ApiDescription,
  HttpMethod,
  Operation,
  Parameter,
  PathItem,
} from '../openapi/types.js';
import type { NativeEndpoint } from './endpoint.js';
import { NATIVE_STATUS } from './errors.js';

const CLIENT_TAG = 'Native client';
const ADMIN_TAG = 'Native admin';

const ERROR_REF = { $ref: '#/components/schemas/NativeError' };

/** `status: code, code` lines: which domain errors answer which HTTP status. */
function statusList(): string {
  const byStatus = new Map<number, string[]>();
  for (const [code, status] of Object.entries(NATIVE_STATUS)) {
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  return [...byStatus]
    .sort(([a], [b]) => a - b)
    .map(([status, codes]) => `- ${status}: ${codes.map((code) => `\`${code}\``).join(', ')}`)
    .join('\n');
}

/** The URL's path parameters, each with its schema from the endpoint's `params` if it has one. */
function pathParameters(endpoint: NativeEndpoint): Parameter[] {
  const declared = endpoint.params ? fieldParameters(jsonSchemaOf(endpoint.params), 'path') : [];
  return openApiPath(endpoint.url).parameters.map(
    (parameter) => declared.find((field) => field.name === parameter.name) ?? parameter,
  );
}

function operation(endpoint: NativeEndpoint, tag: string): Operation {
  const parameters = [
    ...pathParameters(endpoint),
    ...(endpoint.query ? fieldParameters(jsonSchemaOf(endpoint.query), 'query') : []),
  ];
  const security =
    tag === ADMIN_TAG ? [{ admin: [] }] : endpoint.access === 'client' ? [{ session: [] }] : [];
  return {
    tags: [tag],
    summary: `${endpoint.method} ${endpoint.url}`,
    ...(parameters.length > 0 && { parameters }),
    ...(endpoint.body && {
      requestBody: {
        // parse() reads a missing body as {}: the body is optional where {} would do.
        required: !endpoint.body.safeParse({}).success,
        content: { 'application/json': { schema: jsonSchemaOf(endpoint.body) } },
      },
    }),
    ...(security.length > 0 && { security }),
    responses: {
      [endpoint.status ?? 200]: {
        description: 'The answer (JSON)',
        ...(endpoint.response && {
          content: { 'application/json': { schema: jsonSchemaOf(endpoint.response, 'output') } },
        }),
      },
      default: {
        description: 'A domain error, with its HTTP status',
        content: { 'application/json': { schema: ERROR_REF } },
      },
    },
  };
}

/** The native client API (public and client routes) and the admin API (behind the admin token). */
export function describeNative(
  client: readonly NativeEndpoint[],
  admin: readonly NativeEndpoint[],
): ApiDescription {
  const paths: Record<string, PathItem> = {};
  const add = (endpoints: readonly NativeEndpoint[], tag: string) => {
    for (const endpoint of endpoints) {
      const { path } = openApiPath(endpoint.url);
      const method = endpoint.method.toLowerCase() as HttpMethod;
      paths[path] = { ...paths[path], [method]: operation(endpoint, tag) };
    }
  };
  add(client, CLIENT_TAG);
  add(admin, ADMIN_TAG);
  return {
    tags: [
      {
        name: CLIENT_TAG,
        description:
          "Guildhall's own REST API for game clients: log in, then send the session token as " +
          '`Authorization: Bearer <session_token>`. Errors answer `{"error": {"code", ' +
          '"message"}}` with an HTTP status by code:\n\n' +
          statusList(),
      },
      {
        name: ADMIN_TAG,
        description:
          'The operator API, behind the admin token (`Authorization: Bearer <admin token>`; ' +
          '401 without it). Errors as in the client API.',
      },
    ],
    paths,
    schemas: {
      NativeError: {
        type: 'object',
        required: ['error'],
        properties: {
          error: {
            type: 'object',
            required: ['code', 'message'],
            properties: { code: { type: 'string' }, message: { type: 'string' } },
          },
        },
      },
    },
    securitySchemes: {
      session: { type: 'http', scheme: 'bearer', description: 'A session token from login' },
      admin: { type: 'http', scheme: 'bearer', description: "The server's admin token" },
    },
  };
}
