import { analyticsEndpoints } from './analytics.js';
import type { XcloudEndpoint } from './endpoint.js';
import { identityEndpoints } from './identities.js';
import { orderEndpoints } from './orders.js';
import { purchaseCheckEndpoints } from './purchase-checks.js';
import { roleEndpoints } from './roles.js';
import { sharingEndpoints } from './sharing.js';
import { touristEndpoints } from './tourist.js';

/** Every endpoint of the xcloud user center. */
export const xcloudEndpoints: readonly XcloudEndpoint[] = [
  ...touristEndpoints,
  ...identityEndpoints,
  ...roleEndpoints,
  ...sharingEndpoints,
  ...analyticsEndpoints,
  ...orderEndpoints,
  ...purchaseCheckEndpoints,
];
