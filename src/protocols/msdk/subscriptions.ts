import type { MsdkEndpoint } from './endpoint.js';

export const subscriptionEndpoints: MsdkEndpoint[] = [];
