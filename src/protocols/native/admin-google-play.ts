import { z } from 'zod';
import { fail } from '../../core/errors.js';
import type { GooglePlaySetup } from '../../core/payments/google-play-setup.js';
import { appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const path = '/v1/admin/apps/:app_id/google-play';
const tokenPath = `${path}/notification-token`;

/** Where Pub/Sub pushes the app's real-time developer notifications (after the public URL). */
function pushPath(appId: string, token: string): string {
  const query = new URLSearchParams({ app_id: appId, token });
  return `/v1/stores/google-play/notifications?${query}`;
}

const setupBody = z.object({
  package_name: z.string().min(1).max(255).optional(),
  /** The key file from Google Cloud, as its JSON object. */
  service_account: z.record(z.string(), z.unknown()).optional(),
});

/** The set-up as operators see it: never the private key. */
export function googlePlayView(setup: GooglePlaySetup) {
  const account = setup.serviceAccount;
  return {
    package_name: setup.packageName,
    service_account: account && {
      project_id: account.projectId,
      client_email: account.clientEmail,
      private_key_id: account.privateKeyId ?? null,
    },
  };
}

/** Google Play set-up of apps (package name, service account), for operators. Bearer admin token. */
export const adminGooglePlayEndpoints: NativeEndpoint[] = [
  {
    method: 'PUT',
    url: path,
    access: 'admin',
    params: appParams,
    body: setupBody,
    async handle({ services, request }) {
      const { app_id } = parse(appParams, request.params);
      const body = parse(setupBody, request.body ?? {});
      const setup = await services.googlePlay.set(app_id, {
        ...(body.package_name !== undefined && { packageName: body.package_name }),
        ...(body.service_account !== undefined && {
          keyFile: JSON.stringify(body.service_account),
        }),
      });
      return googlePlayView(setup);
    },
  },

  {
    method: 'GET',
    url: path,
    access: 'admin',
    params: appParams,
    async handle({ services, request }) {
      const setup = await services.googlePlay.get(parse(appParams, request.params).app_id);
      if (setup.packageName === null && setup.serviceAccount === null) {
        fail('not_found', 'the app has no Google Play set-up');
      }
      return googlePlayView(setup);
    },
  },

  // The push URL's secret, made on first GET; POST replaces it (the old URL stops working).
  ...(['GET', 'POST'] as const).map((method): NativeEndpoint => ({
    method,
    url: tokenPath,
    access: 'admin',
    async handle({ services, request }) {
      const app = await services.apps.get(parse(appParams, request.params).app_id);
      const token = await services.googlePlay.notificationToken(app.id, method === 'POST');
      return { token, push_path: pushPath(app.id, token) };
    },
  })),

  {
    method: 'DELETE',
    url: path,
    access: 'admin',
    params: appParams,
    async handle({ services, request, reply }) {
      if (!(await services.googlePlay.remove(parse(appParams, request.params).app_id))) {
        fail('not_found', 'the app has no Google Play set-up');
      }
      return reply.code(204).send();
    },
  },
];
