import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { AppConfigDeclaration } from '../../core/apps/declarations.js';
import type { DialectSettingChanges } from '../../core/apps/service.js';
import type { App, AppSettings } from '../../core/apps/types.js';
import type { Gift } from '../../core/gifts/service.js';
import type { Account } from '../../core/players/types.js';
import { fail } from '../../core/errors.js';
import type { Services } from '../../services.js';
import type { NativeContext, NativeEndpoint } from './endpoint.js';
import { identityView } from './identities.js';
import { parse } from './validation.js';
import { profileView } from './views.js';

export const appParams = z.object({ app_id: z.string().min(1) });
const playerParams = z.object({ player_id: z.string().min(1) });

const coreSettingsBody = z.object({
  name: z.string().min(1).max(128),
  nearby_radius_m: z.number().int().min(100).max(1_000_000),
  emotion: z.object({ id: z.string().min(1).max(64), name: z.string().max(64) }).nullable(),
  sandbox: z.boolean(),
  bill_export: z.boolean(),
  timezone: z.string().min(1).max(64),
  apns_environment: z.enum(['production', 'sandbox']),
  facebook_app_id: z.string().min(1).max(64).nullable(),
  facebook_app_secret: z.string().regex(/\S/).max(256).nullable(),
  google_client_ids: z.array(z.string().min(1).max(256)).max(20),
  apple_client_ids: z.array(z.string().min(1).max(256)).max(20),
});

/** The PATCH body: the core settings, and each dialect's by its declared name (it checks them). */
function appSettingsBody(declarations: readonly AppConfigDeclaration[]) {
  const dialectSettings = Object.fromEntries(
    declarations.flatMap((d) => d.settings.map((s) => [s.name, z.unknown()] as const)),
  );
  return coreSettingsBody.extend(dialectSettings).partial().strict();
}

/** The changes a PATCH body asks for, core and per dialect. */
function appChanges(
  body: Partial<z.infer<typeof coreSettingsBody>> & Record<string, unknown>,
  declarations: readonly AppConfigDeclaration[],
): { name?: string; settings: Partial<AppSettings>; dialectSettings: DialectSettingChanges } {
  const dialectSettings: Record<string, Record<string, unknown>> = {};
  for (const declaration of declarations) {
    const changes: Record<string, unknown> = {};
    for (const setting of declaration.settings) {
      if (body[setting.name] !== undefined) changes[setting.name] = body[setting.name];
    }
    dialectSettings[declaration.dialect] = changes;
  }
  return {
    name: body.name,
    settings: {
      ...(body.nearby_radius_m !== undefined && { nearbyRadiusM: body.nearby_radius_m }),
      ...(body.emotion !== undefined && { emotion: body.emotion }),
      ...(body.sandbox !== undefined && { sandbox: body.sandbox }),
      ...(body.bill_export !== undefined && { billExport: body.bill_export }),
      ...(body.timezone !== undefined && { timezone: body.timezone }),
      ...(body.apns_environment !== undefined && { apnsEnvironment: body.apns_environment }),
      ...(body.facebook_app_id !== undefined && { facebookAppId: body.facebook_app_id }),
      ...(body.google_client_ids !== undefined && { googleClientIds: body.google_client_ids }),
      ...(body.apple_client_ids !== undefined && { appleClientIds: body.apple_client_ids }),
    },
    dialectSettings,
  };
}

const attributesBody = z
  .object({
    vip: z.number().int().min(0).max(100),
    regstate: z.number().int().min(1).max(3),
    is_spam: z.boolean(),
  })
  .partial()
  .strict();

export const pageQuery = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

/** A page of a list searched by `q` (a part of a name or number, ignoring case). */
export const searchPageQuery = pageQuery.extend({ q: z.string().min(1).max(64).optional() });

/** The cursor of the page after this one: the last id when the page is full, else null. */
export function nextAfter(ids: readonly number[], limit: number): number | null {
  return ids.length === limit ? (ids[ids.length - 1] ?? null) : null;
}

/** The core settings by their names in the admin API (the Facebook secret: whether set). */
function coreSettingsView(settings: AppSettings, facebookSecretSet: boolean) {
  return {
    nearby_radius_m: settings.nearbyRadiusM,
    emotion: settings.emotion,
    sandbox: settings.sandbox,
    bill_export: settings.billExport,
    timezone: settings.timezone,
    apns_environment: settings.apnsEnvironment,
    facebook_app_id: settings.facebookAppId,
    facebook_app_secret_set: facebookSecretSet,
    google_client_ids: settings.googleClientIds,
    apple_client_ids: settings.appleClientIds,
  };
}

/**
 * How a secret credential shows until an operator reveals it: its last 4 characters (enough to
 * tell which one a game server holds), the rest starred.
 */
export function maskSecret(value: string): string {
  return value.length > 8 ? `****${value.slice(-4)}` : '****';
}

/**
 * A dialect's block of an app view: its credentials, then the values derived from them. Secret
 * credentials (those the dialect declares `secret`) are masked unless `reveal`.
 */
export function dialectCredentialsView(
  app: App,
  declaration: AppConfigDeclaration,
  reveal = false,
): Record<string, string> {
  const credentials = app.credentials[declaration.dialect] ?? {};
  const derived = declaration.derived ?? [];
  const view: Record<string, string> = {};
  const addDerived = (after: string | undefined) => {
    for (const d of derived) if (d.after === after) view[d.name] = d.derive(credentials);
  };
  for (const field of declaration.credentials) {
    const value = credentials[field.name] ?? '';
    view[field.name] = field.secret && !reveal ? maskSecret(value) : value;
    addDerived(field.name);
  }
  addDerived(undefined);
  return view;
}

export type AdminAppView = Record<string, unknown> & {
  id: string;
  name: string;
  settings: ReturnType<typeof coreSettingsView> & Record<string, unknown>;
  created_at: number;
};

/**
 * An app as the admin API (and the CLI) shows it: a block of credentials per dialect (secrets
 * masked unless `reveal`), then the core settings followed by every dialect's, by their declared
 * names.
 */
export function adminApp(
  app: App,
  declarations: readonly AppConfigDeclaration[],
  facebookSecretSet: boolean,
  reveal = false,
): AdminAppView {
  const blocks: Record<string, unknown> = {};
  const settings: Record<string, unknown> = {};
  for (const declaration of declarations) {
    blocks[declaration.dialect] = dialectCredentialsView(app, declaration, reveal);
    const values = app.dialectSettings[declaration.dialect] ?? {};
    for (const setting of declaration.settings) settings[setting.name] = values[setting.name];
  }
  return {
    id: app.id,
    name: app.name,
    ...blocks,
    settings: { ...coreSettingsView(app.settings, facebookSecretSet), ...settings },
    created_at: app.createdAt,
  };
}

export function adminPlayer(account: Account) {
  return {
    ...profileView(account),
    kind: account.kind,
    vip: account.vip,
    regstate: account.regstate,
    is_spam: account.isSpam,
    created_at: account.createdAt,
  };
}

/** A gift as operators see it. */
export function giftView(gift: Gift) {
  return { app_id: gift.appId, kind: gift.kind, item: gift.item, created_at: gift.createdAt };
}

/**
 * The app as the admin API shows it (whether its Facebook secret is set is read): secret
 * credentials masked, unless `reveal` (the CLI, which holds the database anyway).
 */
export async function adminAppView(
  services: Services,
  app: App,
  options: { reveal?: boolean } = {},
): Promise<AdminAppView> {
  const facebookSecretSet = await services.externalIdentities.hasFacebookSecret(app.id);
  return adminApp(app, services.apps.declarations, facebookSecretSet, options.reveal ?? false);
}

/** Every dialect's credentials in full, as the reveal endpoint answers them. */
export function revealedCredentials(app: App, declarations: readonly AppConfigDeclaration[]) {
  return {
    id: app.id,
    ...Object.fromEntries(
      declarations.map((d) => [d.dialect, dialectCredentialsView(app, d, true)] as const),
    ),
  };
}

const createAppBody = z
  .object({ name: z.string().regex(/\S/).max(128), sandbox: z.boolean().optional() })
  .strict();
const rotateSecretBody = z.object({ dialect: z.string().min(1).max(64) }).strict();

/** The app the path names. */
export const appOf = (services: Services, request: FastifyRequest) =>
  services.apps.get(parse(appParams, request.params).app_id);
/** The player the path names. */
export const playerOf = (services: Services, request: FastifyRequest) =>
  services.directory.accountByPublicId(parse(playerParams, request.params).player_id);

/** The player the path names as operators see them: the audit log's before and after. */
export const playerSnapshot = async ({ services, request }: NativeContext) =>
  adminPlayer(await playerOf(services, request));

/** The app and the player the path names. */
export const appAndPlayerOf = (services: Services, request: FastifyRequest) =>
  Promise.all([appOf(services, request), playerOf(services, request)]);

/** The operator's API: read and adjust apps and players. Bearer admin token. */
export const adminEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps',
    access: 'admin',
    async handle({ services }) {
      const apps = await services.apps.list();
      return { apps: await Promise.all(apps.map((app) => adminAppView(services, app))) };
    },
  },
  {
    method: 'POST',
    url: '/v1/admin/apps',
    access: 'admin',
    body: createAppBody,
    status: 201,
    async handle({ services, request, reply }) {
      const body = parse(createAppBody, request.body);
      const app = await services.apps.create(body.name, body.sandbox ? { sandbox: true } : {});
      reply.code(201);
      return adminAppView(services, app);
    },
  },
  {
    method: 'POST',
    url: '/v1/admin/apps/:app_id/credentials/reveal',
    access: 'admin',
    params: appParams,
    async handle({ services, request }) {
      const app = await appOf(services, request);
      return revealedCredentials(app, services.apps.declarations);
    },
  },
  {
    method: 'POST',
    url: '/v1/admin/apps/:app_id/rotate-secret',
    access: 'admin',
    params: appParams,
    body: rotateSecretBody,
    async handle({ services, request }) {
      const app = await appOf(services, request);
      const { dialect } = parse(rotateSecretBody, request.body);
      if (!services.apps.declarations.some((d) => d.dialect === dialect))
        fail('invalid_argument', `no dialect ${dialect}`);
      return adminAppView(services, await services.apps.rotateSecret(app.id, dialect));
    },
  },
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id',
    access: 'admin',
    async handle({ services, request }) {
      return adminAppView(services, await appOf(services, request));
    },
  },
  {
    method: 'PATCH',
    url: '/v1/admin/apps/:app_id',
    access: 'admin',
    async handle({ services, request }) {
      const appRecord = await appOf(services, request);
      const { declarations } = services.apps;
      const body = parse(appSettingsBody(declarations), request.body);
      const updated = await services.apps.update(appRecord.id, appChanges(body, declarations));
      const secret = body.facebook_app_secret as string | null | undefined;
      if (secret !== undefined)
        await services.externalIdentities.setFacebookSecret(appRecord.id, secret);
      return adminAppView(services, updated);
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/players/:player_id/cards',
    access: 'admin',
    async handle({ services, request }) {
      const [appRecord, account] = await appAndPlayerOf(services, request);
      const cards = await services.cards.list(appRecord.id, account.id);
      return {
        cards: cards.map((c) => ({ serverid: c.serverId, card: c.card, updated_at: c.updatedAt })),
      };
    },
  },

  {
    method: 'GET',
    url: '/v1/admin/players',
    access: 'admin',
    query: pageQuery,
    async handle({ services, request }) {
      const { after, limit } = parse(pageQuery, request.query);
      const accounts = await services.directory.listAccounts(after, limit);
      const last = accounts[accounts.length - 1];
      return {
        players: accounts.map(adminPlayer),
        next_after: accounts.length === limit && last ? last.id : null,
      };
    },
  },
  {
    method: 'GET',
    url: '/v1/admin/players/:player_id',
    access: 'admin',
    async handle({ services, request }) {
      const account = await playerOf(services, request);
      const [apps, gifts, identities] = await Promise.all([
        services.directory.appsOf(account.id),
        services.gifts.ofAccount(account.id),
        services.externalIdentities.ofAccount(account.id),
      ]);
      const ids = await Promise.all(
        apps.map(async (a) =>
          (await services.publicIds.operatorView(a.appId, [account.id])).get(account.id),
        ),
      );
      return {
        ...adminPlayer(account),
        apps: apps.map((a, i) => ({ app_id: a.appId, ...ids[i] })),
        identities: identities.map(identityView),
        gifts: gifts.map(giftView),
      };
    },
  },
  {
    method: 'PATCH',
    url: '/v1/admin/players/:player_id',
    access: 'admin',
    body: attributesBody,
    snapshot: playerSnapshot,
    async handle({ services, request }) {
      const account = await playerOf(services, request);
      const body = parse(attributesBody, request.body);
      return adminPlayer(
        await services.players.setAttributes(account.id, {
          vip: body.vip,
          regstate: body.regstate,
          isSpam: body.is_spam,
        }),
      );
    },
  },
];
