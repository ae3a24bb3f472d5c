import type { MsdkEndpoint } from './endpoint.js';

export const legacyGroupEndpoints: MsdkEndpoint[] = [];
