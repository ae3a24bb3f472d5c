import type { Operation, PathItem } from '../../openapi/types.js';
import { envelopeResponse } from '../../openapi/wire-codes.js';
import { XCLOUD_DOCUMENT, XCLOUD_TAG, XCLOUD_WIRE } from '../openapi-names.js';
import { XCLOUD_STATUS } from '../status.js';
import { LANDING_ASSETS } from './assets.js';
import { LANDING_CALLS, LANDING_ERRORS } from './calls.js';

function page(summary: string, description: string): Operation {
  return {
    tags: [XCLOUD_TAG],
    summary,
    description,
    responses: { '200': { description: 'HTML', content: { 'text/html': { schema: {} } } } },
  };
}

function call(path: string): Operation {
  return {
    tags: [XCLOUD_TAG],
    summary: path,
    description:
      `A form call of the landing page (${XCLOUD_DOCUMENT}'s H5 login), unsigned: a JSON or ` +
      "form body; from another site's page 403; more than the limit per minute 429.",
    requestBody: {
      content: {
        'application/x-www-form-urlencoded': { schema: { type: 'object' } },
        'application/json': { schema: { type: 'object' } },
      },
    },
    responses: {
      '200': envelopeResponse(XCLOUD_WIRE, XCLOUD_STATUS.ok, [
        XCLOUD_STATUS.missingParameter,
        XCLOUD_STATUS.badKey,
        XCLOUD_STATUS.badAppId,
        XCLOUD_STATUS.storageFailed,
        XCLOUD_STATUS.systemError,
        ...Object.values(LANDING_ERRORS),
      ]),
      '403': { description: "Sent from another site's page" },
      '429': { description: 'Too many calls from this address' },
    },
  };
}

/** The landing page, its files and its form calls. */
export function describeLanding(): Record<string, PathItem> {
  const paths: Record<string, PathItem> = {
    '/Pt/landing': {
      get: page('Landing page', "The H5 login page a game's SDK opens in a web view."),
    },
    '/Pt/landing/reset': {
      get: page('Password reset page', 'The page password-reset mails link to.'),
    },
  };
  for (const asset of LANDING_ASSETS) {
    paths[asset.path] = {
      get: {
        tags: [XCLOUD_TAG],
        summary: 'Landing page file',
        responses: { '200': { description: asset.type } },
      },
    };
  }
  for (const path of Object.keys(LANDING_CALLS)) paths[path] = { ...paths[path], post: call(path) };
  return paths;
}
