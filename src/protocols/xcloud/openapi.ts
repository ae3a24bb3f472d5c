import { fieldParameters, jsonSchemaOf } from '../openapi/schema.js';
import type { ApiDescription, JsonSchema, Operation, PathItem } from '../openapi/types.js';
import { codeList, envelopeResponse } from '../openapi/wire-codes.js';
import type { XcloudEndpoint } from './endpoint.js';
import { XCLOUD_DEFAULT_ERRORS } from './errors.js';
import { describeLanding } from './landing/openapi.js';
import { XCLOUD_DOCUMENT, XCLOUD_TAG, XCLOUD_WIRE } from './openapi-names.js';
import { XCLOUD_MESSAGES, XCLOUD_STATUS } from './status.js';

const ENVELOPE: JsonSchema = {
  type: 'object',
  required: ['status', 'msg', 'data'],
  properties: {
    status: { type: 'integer', description: '200 on success, else an error status' },
    msg: { type: 'string', description: "The status's text (and what was wrong)" },
    data: { type: 'object', description: 'The answer (`{}` on failure)' },
  },
};

/** What finding the app by its ids and sign can answer (find-app.ts). */
const APP_STATUSES = [
  XCLOUD_STATUS.badSign,
  XCLOUD_STATUS.badKey,
  XCLOUD_STATUS.badAppId,
  XCLOUD_STATUS.noSuchUser,
];

function failureCodes(endpoint: XcloudEndpoint): number[] {
  return [
    XCLOUD_STATUS.missingParameter,
    ...APP_STATUSES,
    XCLOUD_STATUS.systemError,
    XCLOUD_STATUS.storageFailed,
    ...(endpoint.time ? [XCLOUD_STATUS.timeMissing] : []),
    ...Object.values(endpoint.fieldStatus ?? {}),
    ...Object.values(XCLOUD_DEFAULT_ERRORS),
    ...Object.values(endpoint.errors ?? {}),
  ];
}

function operation(endpoint: XcloudEndpoint, method: 'get' | 'post'): Operation {
  const fields = jsonSchemaOf(endpoint.params);
  const unsigned = Array.isArray(endpoint.unsigned)
    ? `Not signed: ${(endpoint.unsigned as readonly string[]).join(', ')}.`
    : endpoint.unsigned
      ? 'Some fields are not signed, depending on the call.'
      : 'Every field is signed.';
  return {
    tags: [XCLOUD_TAG],
    summary: endpoint.path,
    description: `${XCLOUD_DOCUMENT}: \`${endpoint.path}\`. ${unsigned}`,
    ...(method === 'get'
      ? { parameters: fieldParameters(fields, 'query') }
      : {
          requestBody: {
            required: true,
            content: {
              'application/x-www-form-urlencoded': { schema: fields },
              'multipart/form-data': { schema: fields },
            },
          },
        }),
    responses: { '200': envelopeResponse(XCLOUD_WIRE, XCLOUD_STATUS.ok, failureCodes(endpoint)) },
  };
}

/** xcloud's signed calls (GET with query fields, POST with form fields) and the landing page. */
export function describeXcloud(endpoints: readonly XcloudEndpoint[]): ApiDescription {
  const paths: Record<string, PathItem> = {};
  for (const endpoint of endpoints) {
    paths[endpoint.path] = { get: operation(endpoint, 'get'), post: operation(endpoint, 'post') };
  }
  return {
    tags: [
      {
        name: XCLOUD_TAG,
        description:
          `The ${XCLOUD_DOCUMENT}: form calls signed with md5 over the fields and the app's ` +
          'key (`sign`). Every answer is HTTP 200 with `{"status", "msg", "data"}`. The ' +
          'statuses:\n\n' +
          codeList(Object.values(XCLOUD_STATUS), XCLOUD_MESSAGES),
      },
    ],
    paths: { ...paths, ...describeLanding() },
    schemas: { [XCLOUD_WIRE.envelope]: ENVELOPE },
  };
}
