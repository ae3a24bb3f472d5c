import type { MsdkEndpoint } from './endpoint.js';

export const freeflowEndpoints: MsdkEndpoint[] = [];
