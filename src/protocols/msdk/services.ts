import type { Services } from '../../services.js';

/** What MSDK handlers use: the core services and the dialect's own. */
export type MsdkServices = Services;
