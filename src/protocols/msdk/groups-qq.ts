import type { MsdkEndpoint } from './endpoint.js';

export const qqGroupEndpoints: MsdkEndpoint[] = [];
