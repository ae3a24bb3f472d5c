import type { MsdkEndpoint } from './endpoint.js';

export const wxGroupEndpoints: MsdkEndpoint[] = [];
