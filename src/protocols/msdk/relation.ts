import type { MsdkEndpoint } from './endpoint.js';

export const relationEndpoints: MsdkEndpoint[] = [];
