import type { GroupSummary } from '../../core/groups/service.js';
import type { Platform } from '../../platform.js';

/** Public player ids of accounts, by account id. */
export async function publicIds(
  platform: Platform,
  accountIds: readonly number[],
): Promise<Map<number, string>> {
  const accounts = await platform.directory.accounts([...new Set(accountIds)]);
  return new Map(accounts.map((a) => [a.id, a.publicId]));
}

/** A group as the native APIs show it: number, name, owner, size and the guild it is bound to. */
export function groupView({ group, guild, memberCount }: GroupSummary, ids: Map<number, string>) {
  return {
    gid: group.gid,
    name: group.name,
    owner: ids.get(group.ownerId) ?? '',
    member_count: memberCount,
    max_members: group.maxMembers,
    guild: guild && { union_id: guild.unionId, zone: guild.zone, name: guild.name },
    created_at: group.createdAt,
  };
}
