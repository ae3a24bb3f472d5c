import type { GroupSummary } from '../../core/groups/service.js';
import type { GroupMember, MemberCard } from '../../core/groups/types.js';
import type { Services } from '../../services.js';

/** Public player ids of accounts, by account id. */
export async function publicIds(
  services: Services,
  accountIds: readonly number[],
): Promise<Map<number, string>> {
  const accounts = await services.directory.accounts([...new Set(accountIds)]);
  return new Map(accounts.map((a) => [a.id, a.publicId]));
}

/**
 * A group as the native APIs show it: number, open id, name, owner, size, the guild it is bound
 * to and when it was dissolved (a dissolved group keeps its binding and has no members).
 */
export function groupView({ group, guild, memberCount }: GroupSummary, ids: Map<number, string>) {
  return {
    gid: group.gid,
    open_id: group.publicId,
    name: group.name,
    owner: ids.get(group.ownerId) ?? '',
    member_count: memberCount,
    max_members: group.maxMembers,
    guild: guild && {
      union_id: guild.unionId,
      zone: guild.zone,
      kind: guild.kind,
      name: guild.name,
    },
    created_at: group.createdAt,
    dissolved_at: group.dissolvedAt,
  };
}

function cardView(card: MemberCard) {
  return {
    label: card.label,
    nickname: card.nickname,
    zone_id: card.zoneId,
    role_id: card.roleId,
    plat_id: card.platId,
  };
}

/** A member of a group: who, their role, since when and their card as the game told it. */
export function memberView(member: GroupMember, ids: Map<number, string>) {
  return {
    player_id: ids.get(member.accountId) ?? '',
    role: member.role,
    joined_at: member.joinedAt,
    card: cardView(member.card),
  };
}
