import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type {
  AttributeCatalog,
  AttributeChanges,
  GiftPack,
  Membership,
  PlayerAttributes,
} from '../../core/memberships/types.js';
import {
  ATTRIBUTE_LIMITS,
  GIFT_LIMITS,
  VIDEO_CHANNEL_MAX,
  XINYUE_TIERS,
  defaultMembership,
  maxLevel,
} from '../../core/memberships/types.js';
import type { Services } from '../../services.js';
import { appParams } from './admin.js';
import type { NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const playerParams = appParams.extend({ player_id: z.string().min(1) });
const channelParams = appParams.extend({
  channel_id: z.coerce.number().int().min(1).max(VIDEO_CHANNEL_MAX),
});

/** A membership plan as the admin API names it: fooBar → foo_bar. */
function kindName(kind: string): string {
  return kind.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
}

const time = z.number().int().min(0).max(ATTRIBUTE_LIMITS.time);

function membershipBody(catalog: AttributeCatalog, kind: string) {
  return z
    .object({
      active: z.boolean(),
      level: z.number().int().min(0).max(maxLevel(catalog, kind)),
      score: z.number().int().min(0).max(ATTRIBUTE_LIMITS.score),
      yearly: z.boolean(),
      luxury: z.boolean(),
      since: time,
      until: time,
      yearly_since: time,
      yearly_until: time,
      plan: z.string().max(ATTRIBUTE_LIMITS.plan),
    })
    .partial()
    .strict();
}

/**
 * A partial update of a player's attributes, with the plans and elite flags of the catalogue;
 * what it leaves out stays as it was.
 */
const attributesBody = (catalog: AttributeCatalog) =>
  z
    .object({
      memberships: z
        .object(
          Object.fromEntries(catalog.plans.map((k) => [kindName(k), membershipBody(catalog, k)])),
        )
        .partial()
        .strict(),
      qq_level: z.number().int().min(0).max(ATTRIBUTE_LIMITS.accountLevel),
      xinyue_tier: z.literal(XINYUE_TIERS),
      wifi: z.boolean(),
      real_name: z
        .object({ verified: z.boolean(), phone_bound: z.boolean(), prompt: z.boolean() })
        .partial()
        .strict(),
      elite: z
        .object(Object.fromEntries(catalog.elite.map((flag) => [flag, z.boolean()])))
        .partial()
        .strict(),
    })
    .partial()
    .strict();

const giftPackBody = z
  .object({
    gift_id: z.string().trim().min(1).max(GIFT_LIMITS.giftId),
    count: z.number().int().min(1).max(GIFT_LIMITS.count),
  })
  .strict();

const channelBody = z.object({ secret: z.string().min(1).max(256) }).strict();

function membershipView(m: Membership) {
  return {
    active: m.active,
    level: m.level,
    score: m.score,
    yearly: m.yearly,
    luxury: m.luxury,
    since: m.since,
    until: m.until,
    yearly_since: m.yearlySince,
    yearly_until: m.yearlyUntil,
    plan: m.plan,
  };
}

function attributesView(catalog: AttributeCatalog, a: PlayerAttributes) {
  return {
    memberships: Object.fromEntries(
      catalog.plans.map((k) => [
        kindName(k),
        membershipView(a.memberships[k] ?? defaultMembership()),
      ]),
    ),
    qq_level: a.accountLevel,
    xinyue_tier: a.xinyueTier,
    wifi: a.wifi,
    real_name: {
      verified: a.realName.verified,
      phone_bound: a.realName.phoneBound,
      prompt: a.realName.prompt,
    },
    elite: a.elite,
  };
}

type AttributesBody = z.infer<ReturnType<typeof attributesBody>>;

/** The parsers of attribute updates, by catalogue (one per process). */
const bodies = new WeakMap<AttributeCatalog, ReturnType<typeof attributesBody>>();

function parseAttributes(catalog: AttributeCatalog, body: unknown): AttributesBody {
  let parser = bodies.get(catalog);
  if (!parser) {
    parser = attributesBody(catalog);
    bodies.set(catalog, parser);
  }
  return parse(parser, body);
}

function toChanges(catalog: AttributeCatalog, body: AttributesBody): AttributeChanges {
  const memberships: NonNullable<AttributeChanges['memberships']> = {};
  for (const kind of catalog.plans) {
    const m = body.memberships?.[kindName(kind)];
    if (!m) continue;
    memberships[kind] = {
      active: m.active,
      level: m.level,
      score: m.score,
      yearly: m.yearly,
      luxury: m.luxury,
      since: m.since,
      until: m.until,
      yearlySince: m.yearly_since,
      yearlyUntil: m.yearly_until,
      plan: m.plan,
    };
  }
  return {
    memberships,
    accountLevel: body.qq_level,
    xinyueTier: body.xinyue_tier,
    wifi: body.wifi,
    realName: body.real_name && {
      verified: body.real_name.verified,
      phoneBound: body.real_name.phone_bound,
      prompt: body.real_name.prompt,
    },
    elite: body.elite,
  };
}

function giftPackView(pack: GiftPack) {
  return { gift_id: pack.giftId, count: pack.count, granted_at: pack.grantedAt };
}

/** The app and the player (by public id), who must have attributes there. */
const playerOf = async (services: Services, request: FastifyRequest) => {
  const { app_id, player_id } = parse(playerParams, request.params);
  const [app, account] = await Promise.all([
    services.apps.get(app_id),
    services.directory.accountByPublicId(player_id),
  ]);
  await services.memberships.checkHolder(app.id, account.id);
  return { appId: app.id, accountId: account.id };
};
const base = '/v1/admin/apps/:app_id/players/:player_id';

/**
 * Operators' part of platform attributes: a player's VIP memberships, levels and flags as the
 * MSDK endpoints show them, gift packs to hand over, and the app's Tencent Video channels.
 */
export const adminMembershipEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: `${base}/attributes`,
    access: 'admin',
    async handle({ services, request }) {
      const { appId, accountId } = await playerOf(services, request);
      const { catalog } = services.memberships;
      return attributesView(catalog, await services.memberships.attributes(appId, accountId));
    },
  },
  {
    method: 'PATCH',
    url: `${base}/attributes`,
    access: 'admin',
    async handle({ services, request }) {
      const { appId, accountId } = await playerOf(services, request);
      const { catalog } = services.memberships;
      const changes = toChanges(catalog, parseAttributes(catalog, request.body));
      return attributesView(catalog, await services.memberships.update(appId, accountId, changes));
    },
  },

  {
    method: 'GET',
    url: `${base}/gift-packs`,
    access: 'admin',
    async handle({ services, request }) {
      const { appId, accountId } = await playerOf(services, request);
      const packs = await services.memberships.giftPacks(appId, accountId);
      return { gift_packs: packs.map(giftPackView) };
    },
  },
  {
    method: 'POST',
    url: `${base}/gift-packs`,
    access: 'admin',
    body: giftPackBody,
    async handle({ services, request, reply }) {
      const { appId, accountId } = await playerOf(services, request);
      const { gift_id, count } = parse(giftPackBody, request.body);
      const pack = await services.memberships.grantGiftPack(appId, accountId, gift_id, count);
      return reply.code(201).send(giftPackView(pack));
    },
  },

  {
    method: 'PUT',
    url: '/v1/admin/apps/:app_id/video-channels/:channel_id',
    access: 'admin',
    params: channelParams,
    body: channelBody,
    async handle({ services, request }) {
      const { app_id, channel_id } = parse(channelParams, request.params);
      const app = await services.apps.get(app_id);
      const { secret } = parse(channelBody, request.body);
      await services.memberships.setVideoChannel(app.id, channel_id, secret);
      return { channel_id };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/admin/apps/:app_id/video-channels/:channel_id',
    access: 'admin',
    params: channelParams,
    async handle({ services, request, reply }) {
      const { app_id, channel_id } = parse(channelParams, request.params);
      const app = await services.apps.get(app_id);
      await services.memberships.removeVideoChannel(app.id, channel_id);
      return reply.code(204).send();
    },
  },
];
