import type { MsdkEndpoint } from './endpoint.js';

export const shareEndpoints: MsdkEndpoint[] = [];
