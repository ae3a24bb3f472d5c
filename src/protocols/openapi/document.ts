import type { ApiDescription, JsonSchema, PathItem } from './types.js';

const OPENAPI_TITLE = 'Guildhall';
/** The native API's version, as in its /v1/ paths. */
const API_VERSION = '1';

function merged(parts: readonly (Readonly<Record<string, unknown>> | undefined)[]): JsonSchema {
  return Object.assign({}, ...parts);
}

/**
 * The one OpenAPI 3.1 document of the server: each API's paths, tags and shared components.
 * Two APIs describing one path merge by method.
 */
export function openApiDocument(apis: readonly ApiDescription[]): JsonSchema {
  const paths: Record<string, PathItem> = {};
  for (const api of apis) {
    for (const [path, item] of Object.entries(api.paths)) paths[path] = { ...paths[path], ...item };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: OPENAPI_TITLE,
      version: API_VERSION,
      description:
        'Self-hosted game platform server: the native client and admin APIs, and the Momo, ' +
        'MSDK and xcloud dialects. Generated from the route tables.',
    },
    tags: apis.flatMap((api) => api.tags),
    paths: Object.fromEntries(Object.entries(paths).sort(([a], [b]) => (a < b ? -1 : 1))),
    components: {
      schemas: merged(apis.map((api) => api.schemas)),
      parameters: merged(apis.map((api) => api.parameters)),
      securitySchemes: merged(apis.map((api) => api.securitySchemes)),
    },
  };
}
