import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { DomainErrorCode } from '../../core/errors.js';
import type { GroupRole, GuildKey, GuildKind, MemberCard } from '../../core/groups/types.js';
import { MSDK_RET } from './errors.js';
import { int, str } from './params.js';

/** MSDK's guild `type`: 0 (or absent) guild, 1 team, 2 event. */
const GUILD_TYPES: Record<string, GuildKind> = { '0': 'guild', '1': 'team', '2': 'event' };

export const guildType = z
  .union([z.string().trim(), z.number().transform(String)])
  .refine((type) => type === '' || Object.hasOwn(GUILD_TYPES, type), 'must be 0, 1 or 2')
  .transform((type): GuildKind => GUILD_TYPES[type] ?? 'guild');

export const guildId = str(128);
export const zoneId = str(64);

/** A group number (`gc`, `groupCode`). */
export const groupNumber = z
  .union([z.string().trim(), z.number().transform(String)])
  .pipe(z.string().regex(/^\d{1,15}$/, 'must be a group number'));

export function guildKeyOf(app: App, unionId: string, zone: string, kind?: GuildKind): GuildKey {
  return { appId: app.id, unionId, zone, kind: kind ?? 'guild' };
}

/** "[YYYY] ZZZZ": the player's game data in brackets, a space, the in-game nickname. */
const userLabel = str(64).pipe(z.string().regex(/^\[[^\]]+\] \S.*$/u, 'must read "[YYYY] ZZZZ"'));

/** Who the caller is in the game, kept on their group membership. */
export const cardParams = {
  roleid: str(64).optional(),
  platid: str(16).optional(),
  user_zone_id: str(64).optional(),
  user_label: userLabel.optional(),
  nick_name: str(64).optional(),
};

export function cardOf(params: {
  roleid?: string;
  platid?: string;
  user_zone_id?: string;
  user_label?: string;
  nick_name?: string;
}): Partial<MemberCard> {
  return {
    roleId: params.roleid,
    platId: params.platid,
    zoneId: params.user_zone_id,
    label: params.user_label,
    nickname: params.nick_name,
  };
}

/**
 * The test-environment fields (the platform's route to the game's IDIP server) and the unused
 * small partition: checked, then left alone, as Guildhall calls no IDIP server.
 */
export const testEnvParams = {
  partition: str(64).optional(),
  areaid: int(0, 2 ** 31 - 1).optional(),
  ip: z.union([z.ipv4(), z.ipv6()]).optional(),
  port: int(1, 65_535).optional(),
};

/** get_groupinfov2's relation: 1 owner, 2 admin, 3 member, 4 not a member. */
export function relationOf(role: GroupRole | null): 1 | 2 | 3 | 4 {
  if (role === 'owner') return 1;
  if (role === 'admin') return 2;
  return role === 'member' ? 3 : 4;
}

/** How group failures answer on every group endpoint (platCodes come on top). */
export const GROUP_ERRORS: Partial<Record<DomainErrorCode, number>> = {
  'group.not_found': MSDK_RET.notFound,
  'group.not_bound': MSDK_RET.notFound,
  'group.dissolved': MSDK_RET.notFound,
  'guild.not_found': MSDK_RET.notFound,
  'guild.no_leader': MSDK_RET.notFound,
  'group.exists': MSDK_RET.notPermitted,
  'group.bound': MSDK_RET.notPermitted,
  'group.other_app': MSDK_RET.notPermitted,
  'group.other_guild': MSDK_RET.notPermitted,
  'group.not_owner': MSDK_RET.notPermitted,
  'group.not_member': MSDK_RET.notPermitted,
  'group.already_member': MSDK_RET.notPermitted,
  'group.full': MSDK_RET.notPermitted,
  'group.guest_owner': MSDK_RET.notPermitted,
  'group.owner_cannot_leave': MSDK_RET.notPermitted,
  'guild.not_member': MSDK_RET.notPermitted,
};
