import { z } from 'zod';
import { XCLOUD_STATUS } from './status.js';

/** A game server id as the document sends it (`sid`, `lastsid`); core's `serverIdOf` checks it. */
export const serverIdField = z.string().min(1);

/** A server id that is not a positive integer answers 109 (sid 有误). */
export const BAD_SERVER_ERRORS = { 'role.bad_server': XCLOUD_STATUS.badSid } as const;
