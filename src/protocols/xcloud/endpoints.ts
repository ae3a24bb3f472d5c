import type { XcloudEndpoint } from './endpoint.js';
import { roleEndpoints } from './roles.js';
import { touristEndpoints } from './tourist.js';

/** Every endpoint of the xcloud user center. */
export const xcloudEndpoints: readonly XcloudEndpoint[] = [...touristEndpoints, ...roleEndpoints];
