import type { Guildhall } from '../../src/guildhall.js';
import { TencentIdentity } from '../../src/protocols/msdk/identity/tencent-identity.js';

/** The Tencent ids of players, over the Guildhall's core identity (as the MSDK dialect sees them). */
export function tencentOf(guildhall: Guildhall): TencentIdentity {
  return new TencentIdentity(guildhall.publicIds, guildhall.tokens, guildhall.grants);
}
