import type { MsdkEndpoint } from './endpoint.js';

export const membershipEndpoints: MsdkEndpoint[] = [];
