import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { LoginResult } from '../../core/players/service.js';
import { areaIdOfCode } from '../../core/players/service.js';
import type { Services } from '../../services.js';
import type { NativeEndpoint } from './endpoint.js';
import { identityProof, identityProofFields } from './identities.js';
import { parse } from './validation.js';
import { profileAnswer, profileView } from './views.js';

const loginBody = z.discriminatedUnion('method', [
  z.object({
    app_id: z.string().min(1),
    method: z.literal('guest'),
    device_id: z.string().min(1).max(128),
  }),
  z.object({
    app_id: z.string().min(1),
    method: z.literal('password'),
    email: z.string().min(1),
    password: z.string().min(1),
  }),
  z.object({ app_id: z.string().min(1), ...identityProofFields.facebook }),
  z.object({ app_id: z.string().min(1), ...identityProofFields.google }),
  z.object({ app_id: z.string().min(1), ...identityProofFields.apple }),
]);

const registerBody = z.object({
  app_id: z.string().min(1),
  email: z.string().min(3).max(254),
  password: z.string(),
});

const profileBody = z
  .object({
    name: z.string().max(64),
    sex: z.enum(['M', 'F']),
    birthday: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .nullable(),
    photos: z.array(z.string().min(1).max(64)).max(16),
    sign: z.string().max(512),
    city_code: z
      .string()
      .regex(/^(0|\d{6})$/)
      .nullable(),
    lat: z.number().min(-90).max(90),
    lng: z.number().min(-180).max(180),
  })
  .partial()
  .strict()
  .refine((b) => (b.lat === undefined) === (b.lng === undefined), {
    message: 'lat and lng go together',
    path: ['lat'],
  });

/** A login's answer: the player, their session token, and a block per dialect (by its name). */
const loginAnswerSchema = z
  .object({ player_id: z.string(), session_token: z.string() })
  .catchall(z.unknown());

/**
 * A login's answer: the session, and each dialect's block (its ids and tokens). Each dialect's
 * fields of the body are checked first, so a bad one leaves nothing behind.
 */
async function loginAnswer(services: Services, body: unknown, login: () => Promise<LoginResult>) {
  const fields = new Map(
    [...services.dialects].flatMap(([name, dialect]) =>
      dialect.login ? [[name, { login: dialect.login, fields: dialect.login.parse(body) }]] : [],
    ),
  );
  const result = await login();
  const app = await services.apps.get(result.player.appId);
  const answer: z.infer<typeof loginAnswerSchema> = {
    player_id: result.account.publicId,
    session_token: result.sessionToken,
  };
  for (const [name, dialect] of fields) {
    const block = await dialect.login.answer(
      { app, accountId: result.account.id, granted: result.granted[name] },
      dialect.fields,
    );
    if (block !== undefined) answer[name] = block;
  }
  return answer;
}

const friendList = z.array(z.object({ player_id: z.string(), name: z.string() }));
/** A player's friends, the requests they sent (outgoing) and those sent to them (incoming). */
const friendsAnswer = z.object({
  friends: friendList,
  outgoing: friendList,
  incoming: friendList,
});

const playerParam = (request: FastifyRequest) =>
  parse(z.object({ player_id: z.string().min(1).max(64) }), request.params).player_id;

/** The client-facing API a game client (the platform SDK) calls. */
export const clientEndpoints: NativeEndpoint[] = [
  {
    method: 'POST',
    url: '/v1/client/login',
    access: 'public',
    body: loginBody,
    response: loginAnswerSchema,
    async handle({ services, request }) {
      const body = parse(loginBody, request.body);
      return loginAnswer(services, request.body, async () => {
        switch (body.method) {
          case 'guest':
            return services.players.loginGuest(body.app_id, body.device_id);
          case 'password':
            return services.players.loginPassword(body.app_id, body.email, body.password);
          default: {
            const app = await services.apps.get(body.app_id);
            const claim = await services.externalIdentities.verify(app, identityProof(body));
            return services.externalIdentities.login(app.id, claim);
          }
        }
      });
    },
  },

  {
    method: 'POST',
    url: '/v1/client/register',
    access: 'public',
    body: registerBody,
    response: loginAnswerSchema,
    status: 201,
    async handle({ services, request, reply }) {
      const body = parse(registerBody, request.body);
      reply.code(201);
      return loginAnswer(services, request.body, () =>
        services.players.register(body.app_id, body.email, body.password),
      );
    },
  },

  {
    method: 'GET',
    url: '/v1/client/profile',
    access: 'client',
    response: profileAnswer,
    async handle({ session }) {
      return profileView(session.account);
    },
  },

  {
    method: 'PUT',
    url: '/v1/client/profile',
    access: 'client',
    response: profileAnswer,
    body: profileBody,
    async handle({ services, request, session }) {
      const { account } = session;
      const body = parse(profileBody, request.body);
      const updated = await services.players.updateProfile(account.id, {
        name: body.name,
        sex: body.sex,
        birthday: body.birthday,
        photos: body.photos,
        sign: body.sign,
        areaId:
          body.city_code === undefined
            ? undefined
            : body.city_code === null
              ? null
              : areaIdOfCode(body.city_code),
        location:
          body.lat !== undefined && body.lng !== undefined
            ? { lat: body.lat, lng: body.lng }
            : undefined,
      });
      return profileView(updated);
    },
  },

  {
    method: 'GET',
    url: '/v1/client/friends',
    access: 'client',
    response: friendsAnswer,
    async handle({ services, session }) {
      const { account } = session;
      const list = await services.friends.list(account.id);
      const accounts = await services.directory.accounts([
        ...list.friends,
        ...list.outgoing,
        ...list.incoming,
      ]);
      const publicIds = new Map(accounts.map((a) => [a.id, a.publicId]));
      const names = new Map(accounts.map((a) => [a.id, a.name]));
      const view = (ids: number[]) =>
        ids.map((id) => ({ player_id: publicIds.get(id) ?? '', name: names.get(id) ?? '' }));
      return {
        friends: view(list.friends),
        outgoing: view(list.outgoing),
        incoming: view(list.incoming),
      } satisfies z.infer<typeof friendsAnswer>;
    },
  },

  {
    method: 'POST',
    url: '/v1/client/friends/:player_id',
    access: 'client',
    async handle({ services, request, session }) {
      const { account } = session;
      const other = await services.directory.accountByPublicId(playerParam(request));
      const friends = await services.friends.request(account.id, other.id);
      return { player_id: other.publicId, status: friends ? 'friends' : 'requested' };
    },
  },

  {
    method: 'DELETE',
    url: '/v1/client/friends/:player_id',
    access: 'client',
    async handle({ services, request, reply, session }) {
      const { account } = session;
      const other = await services.directory.accountByPublicId(playerParam(request));
      await services.friends.remove(account.id, other.id);
      return reply.code(204).send();
    },
  },
];
