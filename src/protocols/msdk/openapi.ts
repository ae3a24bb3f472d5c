import { fieldParameters, jsonSchemaOf, openApiPath } from '../openapi/schema.js';
import type { ApiDescription, JsonSchema, Operation, PathItem } from '../openapi/types.js';
import type { WireCodes } from '../openapi/wire-codes.js';
import { codeList, envelopeResponse } from '../openapi/wire-codes.js';
import { AVATAR_URLS, avatarParams } from './avatar-route.js';
import { fixedParams } from './codec.js';
import type { MsdkEndpoint } from './endpoint.js';
import { MSDK_RET, MSDK_TEXTS } from './errors.js';
import { WX_REFRESH_URL, wxRefreshBody } from './login.js';
import { urlsOf } from './router.js';

const TAG = 'MSDK';
const DOCUMENT = 'MSDK server API';
const WIRE: WireCodes = { envelope: 'MsdkAnswer', field: 'ret', texts: MSDK_TEXTS };

const ENVELOPE: JsonSchema = {
  type: 'object',
  required: ['ret'],
  properties: {
    ret: { type: 'integer', description: '0 on success, else an error code' },
    msg: { type: 'string', description: '"success" (or the call\'s word), else "code,text"' },
    message: { type: 'string', description: '`msg` under this name where the document says so' },
    msdkExtInfo: { type: 'string', description: 'The query parameter of that name, echoed' },
    platCode: { type: 'string', description: "The platform's code of a failure, where listed" },
  },
  additionalProperties: { description: "The call's own fields" },
};

/** The fixed query parameters, shared by every call (components/parameters/msdk_<name>). */
const FIXED = Object.fromEntries(
  fieldParameters(jsonSchemaOf(fixedParams), 'query').map((p) => [`msdk_${p.name}`, p]),
);
const FIXED_REFS = Object.keys(FIXED).map((key) => ({ $ref: `#/components/parameters/${key}` }));
const FIXED_NAMES = new Set(Object.values(FIXED).map((parameter) => parameter.name));

/** A GET's parameters: the fixed ones, then the call's fields (a fixed one named again: once). */
function queryParameters(fields: JsonSchema) {
  const own = fieldParameters(fields, 'query').filter((p) => !FIXED_NAMES.has(p.name));
  return [...FIXED_REFS, ...own];
}

/** The codes a call can answer besides 0: the router's, its caller's checks, its own. */
function failureCodes(endpoint: MsdkEndpoint): number[] {
  const caller = {
    token: [MSDK_RET.badToken, MSDK_RET.tokenExpired],
    openid: [MSDK_RET.notFound],
    none: [],
  }[endpoint.player];
  return [
    MSDK_RET.parameterError,
    MSDK_RET.badSig,
    MSDK_RET.serverError,
    ...caller,
    ...Object.values(endpoint.errors ?? {}),
  ];
}

function operation(endpoint: MsdkEndpoint, method: 'get' | 'post'): Operation {
  const fields = jsonSchemaOf(endpoint.params);
  const platCodes = Object.entries(endpoint.platCodes ?? {});
  return {
    tags: [TAG],
    summary: endpoint.path,
    description:
      `${DOCUMENT}: \`${endpoint.path}\` (also with a trailing slash). Apps: ` +
      `${endpoint.platforms.join(', ')}. The answer's message field is ` +
      `\`${endpoint.messageField ?? 'msg'}\`.` +
      (platCodes.length > 0
        ? ` platCode of a failure: ${platCodes.map(([cause, code]) => `${cause} → ${code}`).join(', ')}.`
        : ''),
    parameters: method === 'get' ? queryParameters(fields) : FIXED_REFS,
    ...(method === 'post' && {
      requestBody: {
        required: true,
        content: {
          'application/json': { schema: fields },
          'application/octet-stream': {
            schema: { description: 'The JSON body, msdktea-encrypted (Content-Encrypt: msdktea)' },
          },
        },
      },
    }),
    responses: { '200': envelopeResponse(WIRE, MSDK_RET.ok, failureCodes(endpoint)) },
  };
}

function avatarOperation(url: string): [string, PathItem] {
  const { path, parameters } = openApiPath(url);
  const schemas = (jsonSchemaOf(avatarParams).properties ?? {}) as Record<string, JsonSchema>;
  return [
    path,
    {
      get: {
        tags: [TAG],
        summary: 'Player picture',
        description:
          "The picture at the URLs MSDK answers give: an identicon of the player's openid.",
        parameters: parameters.map((p) => ({ ...p, schema: schemas[p.name] ?? p.schema })),
        responses: {
          '200': {
            description: 'PNG',
            content: { 'image/png': { schema: { contentMediaType: 'image/png' } } },
          },
          '404': { description: 'No such player or size (native error body)' },
        },
      },
    },
  ];
}

const WX_REFRESH: PathItem = {
  post: {
    tags: [TAG],
    summary: 'Refresh a WeChat login',
    description: "The client's WeChat token refresh; answers `{msdk}`, the login's MSDK block.",
    requestBody: {
      required: true,
      content: { 'application/json': { schema: jsonSchemaOf(wxRefreshBody) } },
    },
    responses: {
      '200': { description: "The login's MSDK block" },
      default: { description: 'Native error body' },
    },
  },
};

/**
 * MSDK's endpoints as OpenAPI path items (fixed query parameters; a JSON body on POST, the
 * query string on GET), its player pictures and the client's WeChat refresh.
 */
export function describeMsdk(endpoints: readonly MsdkEndpoint[]): ApiDescription {
  const paths: Record<string, PathItem> = {};
  for (const endpoint of endpoints) {
    const item = { get: operation(endpoint, 'get'), post: operation(endpoint, 'post') };
    for (const url of urlsOf(endpoint.path).filter((u) => !u.endsWith('/'))) paths[url] = item;
  }
  return {
    tags: [
      {
        name: TAG,
        description:
          `Tencent's ${DOCUMENT} (QQ, WeChat and guest apps): at /<module>/<name>, with or ` +
          'without a trailing slash (auth/ also as wxoauth/). Every call carries timestamp, ' +
          'appid, sig and encode in the query string. Every answer is HTTP 200 with `ret` and ' +
          '`msg` ("code,text" on failure). The codes:\n\n' +
          codeList(Object.values(MSDK_RET), MSDK_TEXTS),
      },
    ],
    paths: {
      ...paths,
      ...Object.fromEntries(AVATAR_URLS.map(avatarOperation)),
      [WX_REFRESH_URL]: WX_REFRESH,
    },
    schemas: { [WIRE.envelope]: ENVELOPE },
    parameters: FIXED,
  };
}
