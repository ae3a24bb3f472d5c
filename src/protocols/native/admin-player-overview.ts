import type { HeldToken } from '../../core/identity/tokens.js';
import type { Services } from '../../services.js';
import { adminPlayer, appAndPlayerOf, giftView } from './admin.js';
import { adminOrder, orderOwners } from './admin-orders.js';
import { banView } from './admin-player-access.js';
import { messageView } from './client-messaging.js';
import type { NativeEndpoint } from './endpoint.js';
import { groupView, publicIds } from './group-views.js';
import { identityView } from './identities.js';
import { roleView } from './roles.js';

/** How many of the newest orders and inbox messages the overview shows. */
const RECENT = 20;

/** The player's live tokens in the app: how many, and of each kind. */
function tokenSummary(tokens: readonly HeldToken[]) {
  const byKind: Record<string, number> = {};
  for (const token of tokens) byKind[token.kind] = (byKind[token.kind] ?? 0) + 1;
  return { live: tokens.length, by_kind: byKind };
}

/** Everything operators look at about one player of one app, read from the services in parallel. */
async function playerOverview(services: Services, appId: string, accountId: number) {
  const [account, ids, identities, tokens, standings, groups, orders, inbox, gifts, roles] =
    await Promise.all([
      services.directory.account(accountId),
      services.publicIds.operatorView(appId, [accountId]),
      services.externalIdentities.ofAccount(accountId, appId),
      services.tokens.heldBy(accountId),
      services.leaderboards.standingsOf(appId, accountId),
      services.groups.groupsOf(appId, accountId),
      services.payments.list(appId, { accountId, limit: RECENT }),
      services.messaging.inbox.newest(appId, accountId, RECENT),
      services.gifts.ofAccount(accountId),
      services.roles.roles(appId, accountId),
    ]);
  const [owners, owned] = await Promise.all([
    orderOwners(services, appId, orders),
    publicIds(
      services,
      groups.map((g) => g.group.ownerId),
    ),
  ]);
  return {
    app_id: appId,
    player: adminPlayer(account),
    ban: banView(account.ban, services.clock.now()),
    ids: ids.get(accountId) ?? {},
    identities: identities.map(identityView),
    tokens: tokenSummary(tokens.filter((t) => t.appId === appId)),
    boards: standings,
    groups: groups.map((g) => ({ ...groupView(g, owned), role: g.role })),
    recent_orders: orders.map((order) => adminOrder(order, owners)),
    inbox: { count: inbox.count, recent: inbox.newest.map(messageView) },
    gifts: gifts.filter((g) => g.appId === appId).map(giftView),
    roles: roles.map(roleView),
  };
}

/** One page's worth of a player for operators: profile, ids, access, play and money in one app. */
export const adminPlayerOverviewEndpoints: NativeEndpoint[] = [
  {
    method: 'GET',
    url: '/v1/admin/apps/:app_id/players/:player_id/overview',
    access: 'admin',
    async handle({ services, request }) {
      const [app, account] = await appAndPlayerOf(services, request);
      return playerOverview(services, app.id, account.id);
    },
  },
];
