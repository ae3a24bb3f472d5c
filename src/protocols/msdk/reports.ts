import type { MsdkEndpoint } from './endpoint.js';

export const reportEndpoints: MsdkEndpoint[] = [];
