import type { DomainErrorCode } from '../../core/errors.js';
import { XCLOUD_STATUS } from './status.js';

/** How xcloud answers the domain errors every endpoint may meet (endpoints add their own). */
export const XCLOUD_DEFAULT_ERRORS: Partial<Record<DomainErrorCode, number>> = {
  invalid_argument: XCLOUD_STATUS.missingParameter,
  'app.not_found': XCLOUD_STATUS.badKey,
  'player.not_found': XCLOUD_STATUS.noSuchUser,
  // The document has no code for a refused account; 验证异常 is the nearest (docs/rulings.md).
  'player.banned': XCLOUD_STATUS.verificationFailed,
};
