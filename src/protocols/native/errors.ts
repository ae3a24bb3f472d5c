import type { FastifyReply } from 'fastify';
import type { DomainErrorCode } from '../../core/errors.js';
import { DomainError } from '../../core/errors.js';

/** HTTP status of each domain error on the native REST API. */
export const NATIVE_STATUS: Partial<Record<DomainErrorCode, number>> = {
  invalid_argument: 400,
  'push.bad_certificate': 400,
  'push.bad_service_account': 400,
  'friend.self': 400,
  'player.no_location': 400,
  'leaderboard.too_many': 400,
  'auth.bad_credentials': 401,
  'app.bad_secret': 401,
  not_permitted: 403,
  'player.banned': 403,
  'limit.exceeded': 429,
  'auth.bad_token': 401,
  'auth.token_expired': 401,
  not_found: 404,
  'app.not_found': 404,
  'player.not_found': 404,
  'group.not_found': 404,
  'group.other_app': 404,
  'guild.not_found': 404,
  'player.exists': 409,
  'group.exists': 409,
  'group.already_member': 409,
  'gift.not_configured': 409,
  'group.guest_owner': 403,
  'group.not_owner': 403,
  'group.not_member': 403,
  'group.owner_cannot_leave': 409,
  'group.full': 409,
  'group.dissolved': 409,
  'group.not_bound': 409,
  'group.bound': 409,
  'group.other_guild': 409,
  'guild.no_leader': 409,
  'guild.not_member': 403,
  'order.not_found': 404,
  'order.other_app': 404,
  'purchase.invalid': 402,
  'purchase.store_unavailable': 503,
  'purchase.not_configured': 409,
  'order.already_paid': 409,
  'order.duplicate_transaction': 409,
  'order.duplicate': 409,
  'order.not_paid': 409,
  'order.not_refundable': 409,
  'order.refunded': 409,
  'payment.sandbox_disabled': 403,
  'payment.not_sandbox': 400,
  'payment.bills_disabled': 403,
  'role.bad_server': 400,
  'identity.not_configured': 409,
  'identity.provider_unavailable': 503,
  'identity.bad_proof': 401,
  'identity.taken': 409,
  'identity.already_bound': 409,
  'cdk.claimed_today': 409,
  'console.locked': 423,
  'console.user_exists': 409,
  'console.user_not_found': 404,
  'console.last_admin': 409,
  'cdk.out_of_stock': 409,
  'mail.not_configured': 503,
  'mail.send_failed': 502,
};

/** Native API errors: `{"error": {"code": "...", "message": "..."}}` with a fitting HTTP status. */
export function sendError(reply: FastifyReply, error: unknown): FastifyReply {
  if (error instanceof DomainError) {
    return reply
      .code(NATIVE_STATUS[error.code] ?? 500)
      .send({ error: { code: error.code, message: error.message } });
  }
  throw error;
}
