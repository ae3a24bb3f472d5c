import { z } from 'zod';
import type { HeldToken } from '../../core/identity/tokens.js';
import type { Ban } from '../../core/players/types.js';
import { banInForce } from '../../core/players/types.js';
import { playerOf } from './admin.js';
import type { NativeContext, NativeEndpoint } from './endpoint.js';
import { parse } from './validation.js';

const tokenParams = z.object({ player_id: z.string().min(1), token_id: z.string().min(1) });

const banBody = z
  .object({
    reason: z.string().min(1).max(512),
    /** Unix ms; left out: until lifted. */
    until: z.number().int().positive().optional(),
  })
  .strict();

/** A live token as operators see it: an opaque id, never its value or hash. */
export function heldTokenView(token: HeldToken) {
  return {
    token_id: token.id,
    app_id: token.appId,
    kind: token.kind,
    created_at: token.createdAt,
    expires_at: token.expiresAt,
  };
}

/** A player's ban: `in_force` false once `until` has passed; null when never banned or lifted. */
export function banView(ban: Ban | null, now: number) {
  return (
    ban && {
      in_force: banInForce(ban, now),
      reason: ban.reason,
      banned_at: ban.at,
      until: ban.until,
    }
  );
}

/** The player's ban and live tokens: the audit log's before and after of an access change. */
async function accessSnapshot({ services, request }: NativeContext) {
  const account = await playerOf(services, request);
  const tokens = await services.tokens.heldBy(account.id);
  return { ban: banView(account.ban, services.clock.now()), tokens: tokens.map(heldTokenView) };
}

/** Operators' control of a player's access: live tokens (listed, revoked) and bans. */
export const adminPlayerAccessEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/players/:player_id/tokens',
    access: 'admin',
    async handle({ services, request }) {
      const account = await playerOf(services, request);
      return { tokens: (await services.tokens.heldBy(account.id)).map(heldTokenView) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/admin/players/:player_id/tokens/:token_id',
    access: 'admin',
    snapshot: accessSnapshot,
    params: tokenParams,
    async handle({ services, request, reply }) {
      const { token_id } = parse(tokenParams, request.params);
      const account = await playerOf(services, request);
      await services.tokens.revoke(account.id, token_id);
      return reply.code(204).send();
    },
  },
  {
    method: 'DELETE',
    url: '/v1/admin/players/:player_id/tokens',
    access: 'admin',
    snapshot: accessSnapshot,
    async handle({ services, request }) {
      const account = await playerOf(services, request);
      return { revoked: await services.tokens.revokeAll(account.id) };
    },
  },
  {
    method: 'POST',
    url: '/v1/admin/players/:player_id/ban',
    access: 'admin',
    snapshot: accessSnapshot,
    body: banBody,
    async handle({ services, request }) {
      const account = await playerOf(services, request);
      const body = parse(banBody, request.body);
      const ban = await services.bans.ban(account, body.reason, body.until ?? null);
      return { player_id: account.publicId, ban: banView(ban, services.clock.now()) };
    },
  },
  {
    method: 'DELETE',
    url: '/v1/admin/players/:player_id/ban',
    access: 'admin',
    snapshot: accessSnapshot,
    async handle({ services, request, reply }) {
      await services.bans.unban(await playerOf(services, request));
      return reply.code(204).send();
    },
  },
];
