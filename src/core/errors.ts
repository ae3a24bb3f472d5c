/**
 * Stable domain error codes. Dialects map them to their own wire codes; core never speaks a
 * dialect's language.
 */
export const DOMAIN_ERROR_CODES = [
  'invalid_argument',
  'not_found',
  'not_permitted',
  'limit.exceeded',
  'app.not_found',
  'app.bad_secret',
  'auth.bad_credentials',
  'auth.bad_token',
  'auth.token_expired',
  'player.not_found',
  'player.exists',
  'player.banned',
  'player.no_location',
  'friend.self',
  'leaderboard.too_many',
  'gift.not_configured',
  'group.exists',
  'group.not_found',
  'group.guest_owner',
  'group.not_owner',
  'group.not_member',
  'group.already_member',
  'group.owner_cannot_leave',
  'group.full',
  'group.dissolved',
  'group.not_bound',
  'group.bound',
  'group.other_app',
  'group.other_guild',
  'guild.not_found',
  'guild.not_member',
  'guild.no_leader',
  'order.not_found',
  'order.already_paid',
  'order.duplicate_transaction',
  'order.duplicate',
  'order.not_paid',
  'order.not_refundable',
  'order.other_app',
  'order.refunded',
  'purchase.invalid',
  'purchase.store_unavailable',
  'purchase.not_configured',
  'payment.sandbox_disabled',
  'payment.not_sandbox',
  'payment.bills_disabled',
  'push.bad_certificate',
  'push.bad_service_account',
  'role.bad_server',
  'identity.not_configured',
  'identity.provider_unavailable',
  'identity.bad_proof',
  'identity.taken',
  'identity.already_bound',
  'cdk.claimed_today',
  'cdk.out_of_stock',
  'mail.not_configured',
  'mail.send_failed',
  'console.locked',
  'console.user_exists',
  'console.user_not_found',
  'console.last_admin',
] as const;

export type DomainErrorCode = (typeof DOMAIN_ERROR_CODES)[number];

/** Captures no stack: it is an answer, not a bug (and a stack costs more than the request). */
export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
  ) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    super(message);
    Error.stackTraceLimit = limit;
    this.name = 'DomainError';
  }
}

export function fail(code: DomainErrorCode, message: string): never {
  throw new DomainError(code, message);
}
