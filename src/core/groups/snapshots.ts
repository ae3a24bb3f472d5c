import { GROUP_CHANGED, GUILD_CHANGED } from '../../common/change-topics.js';
import { RecentMap } from '../cache.js';
import type { ChangeFeed } from '../changes.js';
import type { StoreSlice } from '../../store/store.js';
import { groupOf } from './lookup.js';
import type { Group, GroupMember, GroupRef, GroupRole, Guild } from './types.js';

/** Groups kept in memory (each with its members, at most DEFAULT_MAX_GROUP_MEMBERS). */
const CAPACITY = 10_000;

/** A group as reads see it: its guild (the binding), its members in the order they joined. */
export interface GroupSnapshot {
  group: Group;
  guild: Guild | null;
  members: readonly GroupMember[];
  roles: ReadonlyMap<number, GroupRole>;
  /** Account ids, in the order they joined. */
  adminIds: readonly number[];
}

function refKey(ref: GroupRef): string {
  if ('guild' in ref) {
    const { appId, kind, zone, unionId } = ref.guild;
    return JSON.stringify(['guild', appId, kind, zone, unionId]);
  }
  if ('gid' in ref) return JSON.stringify(['gid', ref.appId, ref.gid]);
  if ('publicId' in ref) return JSON.stringify(['publicId', ref.appId, ref.publicId]);
  return JSON.stringify(['joinKey', ref.appId, ref.joinKey]);
}

/**
 * Groups as the references games name them by, read again and again by members' lookups: kept
 * in memory until a change to any group or guild is heard from any process. One change forgets
 * them all, as a binding can move a guild's reference to another group; changes are rare next
 * to reads.
 */
export class GroupSnapshots {
  private readonly byRef = new RecentMap<string, GroupSnapshot>(2 * CAPACITY);

  constructor(
    private readonly store: StoreSlice<'groups' | 'guilds'>,
    private readonly changes: ChangeFeed,
  ) {
    const forget = () => this.byRef.clear();
    changes.watch(GROUP_CHANGED, forget);
    changes.watch(GUILD_CHANGED, forget);
  }

  /** The group the reference names, dissolved or not, refused as groupOf refuses it. */
  async of(ref: GroupRef): Promise<GroupSnapshot> {
    await this.changes.catchUp();
    const key = refKey(ref);
    const cached = this.changes.coherent ? this.byRef.get(key) : undefined;
    if (cached) return cached;
    const heard = this.changes.heard;
    const group = await groupOf(this.store, ref);
    const [members, guild] = await Promise.all([
      this.store.groups.members(group.id),
      group.guildId === null ? undefined : this.store.guilds.byId(group.appId, group.guildId),
    ]);
    const snapshot: GroupSnapshot = {
      group,
      guild: guild ?? null,
      members,
      roles: new Map(members.map((m) => [m.accountId, m.role])),
      adminIds: members.filter((m) => m.role === 'admin').map((m) => m.accountId),
    };
    // Kept only when nothing was heard meanwhile: the reads may predate a change.
    if (this.changes.heard === heard) this.byRef.set(key, snapshot);
    return snapshot;
  }
}
