import type { WireCodes } from '../openapi/wire-codes.js';
import { XCLOUD_MESSAGES } from './status.js';

/** How xcloud's part of the API reference is named, and its envelope's code field. */
export const XCLOUD_TAG = 'xcloud';
export const XCLOUD_DOCUMENT = 'xcloudgame user center API';
export const XCLOUD_WIRE: WireCodes = {
  envelope: 'XcloudAnswer',
  field: 'status',
  texts: XCLOUD_MESSAGES,
};
