import type { PlayerAttributes } from '../../core/memberships/types.js';
import type { MsdkContext } from './endpoint.js';

/** The documents' int flags: 1 for yes, 0 for no. */
export function bit(value: boolean): 0 | 1 {
  return value ? 1 : 0;
}

/** The platform attributes of the calling player. */
export function callerAttributes(context: MsdkContext<unknown>): Promise<PlayerAttributes> {
  return context.services.memberships.attributes(context.app.id, context.player.accountId);
}
