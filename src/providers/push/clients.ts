import type { ApnsEnvironment } from '../../core/apps/types.js';
import type { PushClient, PushClients } from '../../core/messaging/providers.js';
import type { Clock } from '../../core/runtime.js';
import { APNS_ORIGINS, ApnsClient, openPkcs12 } from '../apns/client.js';
import { FCM_ENDPOINT, FcmClient } from '../fcm/client.js';
import { parseServiceAccount } from '../fcm/service-account.js';

/** Where the push services are reached (tests and private relays replace Apple's and Google's). */
export interface PushEndpoints {
  /** Replaces the APNs origin of the app's environment, e.g. https://127.0.0.1:8443. */
  apnsOrigin?: string;
  /** A CA certificate (PEM) to trust for APNs besides the system roots. */
  apnsCa?: string;
  /** Replaces https://fcm.googleapis.com. */
  fcmEndpoint?: string;
  /** Per-request timeout of both services, ms (default 10 s). */
  timeoutMs?: number;
}

/** The APNs and FCM clients core's messaging sends through, reached at `endpoints`. */
export function pushClients(endpoints: PushEndpoints, clock: Clock): PushClients {
  return {
    apns(pfx: Buffer, passphrase: string, environment: ApnsEnvironment): PushClient {
      const origin = endpoints.apnsOrigin ?? APNS_ORIGINS[environment];
      const provider = new ApnsClient({
        pfx,
        passphrase,
        environment,
        origin,
        ...(endpoints.apnsCa === undefined ? {} : { ca: endpoints.apnsCa }),
        ...(endpoints.timeoutMs === undefined ? {} : { timeoutMs: endpoints.timeoutMs }),
      });
      return { provider, endpoint: origin };
    },

    fcm(keyFile: string): PushClient {
      const endpoint = endpoints.fcmEndpoint ?? FCM_ENDPOINT;
      const provider = new FcmClient({
        serviceAccount: parseServiceAccount(keyFile),
        endpoint,
        clock,
        ...(endpoints.timeoutMs === undefined ? {} : { timeoutMs: endpoints.timeoutMs }),
      });
      return { provider, endpoint };
    },

    checkApnsCertificate: openPkcs12,
    parseServiceAccount,
  };
}
