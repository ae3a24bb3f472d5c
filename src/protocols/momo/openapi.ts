import { fieldParameters, jsonSchemaOf, withFields } from '../openapi/schema.js';
import type { ApiDescription, JsonSchema, Operation, PathItem } from '../openapi/types.js';
import type { WireCodes } from '../openapi/wire-codes.js';
import { codeList, envelopeResponse } from '../openapi/wire-codes.js';
import type { MomoEndpoint } from './endpoint.js';
import {
  MOMO_BAD_SECRET,
  MOMO_MESSAGES,
  MOMO_PARAMETER_ERROR,
  MOMO_SERVER_ERROR,
} from './errors.js';
import { MOMO_PREFIX } from './router.js';

const TAG = 'Momo';
const DOCUMENT = 'Momo server API v1.5.2';
const POST_ONLY = 30022;
const WIRE: WireCodes = { envelope: 'MomoAnswer', field: 'ec', texts: MOMO_MESSAGES };

const CREDENTIALS: Record<string, JsonSchema> = {
  appid: { type: 'string', description: "The app's Momo appid" },
  app_secret: { type: 'string', description: "The app's Momo app secret" },
};

const ENVELOPE: JsonSchema = {
  type: 'object',
  required: ['ec', 'em', 'timesec', 'data'],
  properties: {
    ec: { type: 'integer', description: '0 on success, else an error code' },
    em: { type: 'string', description: '"success", else the error text' },
    timesec: { type: 'integer', description: 'Unix seconds of the answer' },
    data: { description: 'The answer (an empty array on failure)' },
  },
};

/** The codes a call can answer besides 0: the router's, then the endpoint's own. */
function failureCodes(endpoint: MomoEndpoint, method: 'get' | 'post'): number[] {
  return [
    MOMO_PARAMETER_ERROR,
    endpoint.badSecretCode ?? MOMO_BAD_SECRET,
    endpoint.unexpectedCode ?? MOMO_SERVER_ERROR,
    ...(endpoint.postOnly && method === 'get' ? [POST_ONLY] : []),
    ...Object.values(endpoint.errors ?? {}),
  ];
}

/** Form fields: the parameters, the declared files as binary parts. */
function formSchema(endpoint: MomoEndpoint): JsonSchema {
  const fields = withFields(jsonSchemaOf(endpoint.params), CREDENTIALS, Object.keys(CREDENTIALS));
  const files = Object.fromEntries(
    (endpoint.files ?? []).map((name) => [
      name,
      { type: 'string', contentMediaType: 'application/octet-stream' },
    ]),
  );
  return { ...fields, properties: { ...(fields.properties as JsonSchema), ...files } };
}

function operation(endpoint: MomoEndpoint, method: 'get' | 'post'): Operation {
  const fields = formSchema(endpoint);
  const postOnly = endpoint.postOnly && method === 'get';
  return {
    tags: [TAG],
    summary: endpoint.path,
    description: `${DOCUMENT}: \`${endpoint.path}\`.${postOnly ? ' Only POST is served: a GET answers 30022.' : ''}`,
    ...(method === 'get'
      ? { parameters: fieldParameters(fields, 'query') }
      : {
          requestBody: {
            required: true,
            content: {
              ...(endpoint.files
                ? {}
                : { 'application/x-www-form-urlencoded': { schema: fields } }),
              'multipart/form-data': { schema: fields },
            },
          },
        }),
    responses: { '200': envelopeResponse(WIRE, 0, failureCodes(endpoint, method)) },
  };
}

/** Momo's endpoints as OpenAPI path items: GET with query fields, POST with form fields. */
export function describeMomo(endpoints: readonly MomoEndpoint[]): ApiDescription {
  const paths: Record<string, PathItem> = {};
  for (const endpoint of endpoints) {
    paths[MOMO_PREFIX + endpoint.path] = {
      get: operation(endpoint, 'get'),
      post: operation(endpoint, 'post'),
    };
  }
  return {
    tags: [
      {
        name: TAG,
        description:
          `The ${DOCUMENT}, under ${MOMO_PREFIX}. Every call carries appid and app_secret; ` +
          'GET takes the fields in the query string, POST as a form (query fields merged in). ' +
          'Every answer is HTTP 200 with `{"ec", "em", "timesec", "data"}`. The codes:\n\n' +
          codeList(Object.keys(MOMO_MESSAGES).map(Number), MOMO_MESSAGES),
      },
    ],
    paths,
    schemas: { [WIRE.envelope]: ENVELOPE },
  };
}
