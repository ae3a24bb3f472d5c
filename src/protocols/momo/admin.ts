import type { Services } from '../../services.js';
import { parse } from '../http/parse.js';
import { appParams } from '../native/admin.js';
import type { NativeEndpoint } from '../native/endpoint.js';
import { NOTIFY_SIGNATURE_ALGORITHMS, momoSettings } from './app-config.js';

/** The public key game servers verify Momo pay notifications (`encrypted`) with. */
export async function notifyPublicKey(services: Services, appId: string) {
  const app = await services.apps.get(appId);
  const publicKey = await services.appSecrets.notifyPublicKey(app.id);
  return {
    app_id: app.id,
    encrypt_type: momoSettings(app).notifySignType,
    signature_algorithm: NOTIFY_SIGNATURE_ALGORITHMS[momoSettings(app).notifySignType],
    public_key: publicKey,
  };
}

/** Momo's operator routes: the key pay notifications are signed with. */
export const momoAdminEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/public-key',
    access: 'admin',
    async handle({ services, request }) {
      return notifyPublicKey(services, parse(appParams, request.params).app_id);
    },
  },
];
