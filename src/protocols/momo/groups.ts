import { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { DomainErrorCode } from '../../core/errors.js';
import type { CreatedGroup } from '../../core/groups/service.js';
import type { GroupRef, GuildKey } from '../../core/groups/types.js';
import type { Services } from '../../services.js';
import { momoEndpoint } from './endpoint.js';
import { text } from './params.js';
import { resolveUserid, resolveUserids } from './players.js';
import { momoCredentials } from './app-config.js';

const unionId = text(128);
const userid = text(64);

/** Every way a group2 call can fail maps to the one failure code its document lists. */
function failsWith(code: number): Partial<Record<DomainErrorCode, number>> {
  const failures: DomainErrorCode[] = [
    'player.not_found',
    'group.not_found',
    'group.exists',
    'group.guest_owner',
    'group.not_owner',
    'group.not_member',
    'group.already_member',
    'group.owner_cannot_leave',
    'group.full',
    'group.dissolved',
  ];
  return Object.fromEntries(failures.map((failure) => [failure, code]));
}

/** Momo unions are guilds in the app's single world. */
const guildKey = (app: App, union: string): GuildKey => ({
  appId: app.id,
  unionId: union,
  zone: '',
  kind: 'guild',
});

const groupOfUnion = (app: App, union: string): GroupRef => ({ guild: guildKey(app, union) });

function accountOf(services: Services, app: App, momoUserid: string): Promise<number> {
  return resolveUserid(services, app.id, momoUserid);
}

/** The group as group2/create returns it. */
function momoGroup(app: App, { guild, group, owner }: CreatedGroup, ownerUserid: string) {
  return {
    gid: group.gid,
    name: group.name,
    photos: group.photos,
    sign: group.sign,
    geoloc: { lat: group.location?.lat ?? 0, lng: group.location?.lng ?? 0 },
    create_time: Math.floor(group.createdAt / 1000),
    owner: ownerUserid,
    games: [],
    game_union: { appid: momoCredentials(app).appid, unionid: guild.unionId },
    members: [{ userid: ownerUserid, name: owner.name, avatar: owner.photos[0] ?? '' }],
    sid: '',
    sname: '',
  };
}

const create = momoEndpoint({
  path: 'group2/create',
  params: z.object({ union_id: unionId, owner: userid }),
  errors: failsWith(30800),
  async handle({ services, app, params }) {
    const ownerId = await accountOf(services, app, params.owner);
    const created = await services.groups.create(guildKey(app, params.union_id), ownerId);
    return momoGroup(app, created, params.owner);
  },
});

const join = momoEndpoint({
  path: 'group2/join',
  params: z.object({ union_id: unionId, userid }),
  errors: failsWith(30801),
  async handle({ services, app, params }) {
    const accountId = await accountOf(services, app, params.userid);
    await services.groups.join(groupOfUnion(app, params.union_id), accountId);
    return [];
  },
});

const kickOut = momoEndpoint({
  path: 'group2/kickOut',
  params: z.object({ union_id: unionId, operator: userid, target: userid }),
  errors: failsWith(30802),
  async handle({ services, app, params }) {
    const operatorId = await accountOf(services, app, params.operator);
    const targetId = await accountOf(services, app, params.target);
    await services.groups.kick(groupOfUnion(app, params.union_id), operatorId, targetId);
    return [];
  },
});

const disband = momoEndpoint({
  path: 'group2/disband',
  params: z.object({ union_id: unionId, operator: userid }),
  errors: failsWith(30804),
  async handle({ services, app, params }) {
    const operatorId = await accountOf(services, app, params.operator);
    await services.groups.disband(groupOfUnion(app, params.union_id), operatorId);
    return [];
  },
});

const leave = momoEndpoint({
  path: 'group2/leave',
  params: z.object({ union_id: unionId, userid }),
  errors: failsWith(30805),
  async handle({ services, app, params }) {
    const accountId = await accountOf(services, app, params.userid);
    await services.groups.leave(groupOfUnion(app, params.union_id), accountId);
    return [];
  },
});

const changeOwner = momoEndpoint({
  path: 'group2/changeOwner',
  params: z.object({ union_id: unionId, operator: userid, new_owner: userid }),
  errors: failsWith(30803),
  async handle({ services, app, params }) {
    const operatorId = await accountOf(services, app, params.operator);
    const newOwnerId = await accountOf(services, app, params.new_owner);
    await services.groups.changeOwner(groupOfUnion(app, params.union_id), operatorId, newOwnerId);
    return [];
  },
});

const hasGroup = momoEndpoint({
  path: 'group2/hasGroup',
  params: z.object({ union_id: unionId }),
  async handle({ services, app, params }) {
    const group = await services.groups.find(guildKey(app, params.union_id));
    return { has_group: group !== undefined };
  },
});

/** The document names the player `gameid`; `userid`, as in the other group2 calls, works too. */
const isMemberParams = z
  .object({ union_id: unionId, gameid: userid.optional(), userid: userid.optional() })
  .transform((params, ctx) => {
    const player = params.gameid ?? params.userid;
    if (player) return { union_id: params.union_id, userid: player };
    ctx.addIssue({ code: 'custom', message: 'is required', path: ['gameid'] });
    return z.NEVER;
  });

const isMember = momoEndpoint({
  path: 'group2/isMember',
  params: isMemberParams,
  async handle({ services, app, params }) {
    const accounts = await resolveUserids(services, app.id, [params.userid]);
    const accountId = accounts.get(params.userid);
    const member =
      accountId !== undefined &&
      (await services.groups.isMember(guildKey(app, params.union_id), accountId));
    return [{ is_member: member }];
  },
});

export const groupEndpoints = [
  create,
  join,
  kickOut,
  disband,
  leave,
  changeOwner,
  hasGroup,
  isMember,
];
