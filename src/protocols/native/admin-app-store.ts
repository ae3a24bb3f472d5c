import { z } from 'zod';
import { fail } from '../../core/errors.js';
import type { AppStoreSetupView } from '../../core/payments/app-store-setup.js';
import { APP_STORE_ENVIRONMENTS, appStoreSetupView } from '../../core/payments/app-store-setup.js';
import { appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const setupBody = z
  .object({
    bundle_id: z.string(),
    environment: z.enum(APP_STORE_ENVIRONMENTS as ['production', 'sandbox']).default('production'),
    apple_id: z.number().int().positive().nullable().default(null),
    issuer_id: z.string().optional(),
    key_id: z.string().optional(),
    /** The .p8 file's text. */
    private_key: z.string().optional(),
    shared_secret: z.string().nullable().default(null),
  })
  .strict();

/** The set-up as the admin API and the CLI show it: never the key nor the shared secret. */
export function appStoreSetupJson(view: AppStoreSetupView) {
  return {
    bundle_id: view.bundleId,
    environment: view.environment,
    apple_id: view.appAppleId,
    issuer_id: view.issuerId,
    key_id: view.keyId,
    shared_secret_set: view.hasSharedSecret,
  };
}

const path = '/v1/admin/apps/:app_id/app-store';

/** Apps' App Store set-ups, for operators. Bearer admin token. */
export const adminAppStoreEndpoints: NativeEndpoint[] = [
  {
    method: 'PUT',
    url: path,
    access: 'admin',
    params: appParams,
    body: setupBody,
    async handle({ services, request }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      const body = parse(setupBody, request.body ?? {});
      const keyParts = [body.issuer_id, body.key_id, body.private_key];
      if (keyParts.some((part) => part !== undefined) && keyParts.includes(undefined)) {
        fail('invalid_argument', 'issuer_id, key_id and private_key go together');
      }
      const view = await services.appStoreSetups.put(appRecord.id, {
        bundleId: body.bundle_id,
        environment: body.environment,
        appAppleId: body.apple_id,
        apiKey:
          body.issuer_id === undefined
            ? null
            : {
                issuerId: body.issuer_id,
                keyId: body.key_id ?? '',
                privateKey: body.private_key ?? '',
              },
        sharedSecret: body.shared_secret,
      });
      return appStoreSetupJson(view);
    },
  },

  {
    method: 'GET',
    url: path,
    access: 'admin',
    params: appParams,
    async handle({ services, request }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      const setup =
        (await services.appStoreSetups.get(appRecord.id)) ??
        fail('not_found', 'the app has no App Store set-up');
      return appStoreSetupJson(appStoreSetupView(setup));
    },
  },

  {
    method: 'DELETE',
    url: path,
    access: 'admin',
    params: appParams,
    async handle({ services, request, reply }) {
      const appRecord = await services.apps.get(parse(appParams, request.params).app_id);
      if (!(await services.appStoreSetups.remove(appRecord.id))) {
        fail('not_found', 'the app has no App Store set-up');
      }
      return reply.code(204).send();
    },
  },
];
