import type { AuditLog } from './core/console/audit.js';
import type { ConsoleUsers } from './core/console/users.js';
import type { BattleService } from './core/achievements/battles.js';
import type { AchievementService } from './core/achievements/service.js';
import type { AnalyticsService } from './core/analytics/service.js';
import type { DashboardService } from './core/analytics/dashboard.js';
import type { AppService } from './core/apps/service.js';
import type { CardService } from './core/cards/service.js';
import type { GiftService } from './core/gifts/service.js';
import type { GuildBindings } from './core/groups/bindings.js';
import type { GroupService } from './core/groups/service.js';
import type { LeaderboardService } from './core/leaderboards/service.js';
import type { MembershipService } from './core/memberships/service.js';
import type { Messaging } from './core/messaging/service.js';
import type { ExternalIdentities } from './core/identity/external/service.js';
import type { Grants } from './core/identity/grants.js';
import type { PublicIds } from './core/identity/public-ids.js';
import type { TokenService } from './core/identity/tokens.js';
import type { Dialect } from './protocols/plugin.js';
import type { GooglePlaySetups } from './core/payments/google-play-setup.js';
import type { PaymentService } from './core/payments/service.js';
import type { AppStoreSetups } from './core/payments/app-store-setup.js';
import type {
  StoreNotificationReader,
  StorePurchaseVerifiers,
} from './core/payments/store-purchases.js';
import type { PlayerBans } from './core/players/bans.js';
import type { PlayerDirectory } from './core/players/directory.js';
import type { PasswordResets } from './core/players/password-reset.js';
import type { PlayerService } from './core/players/service.js';
import type { PlayerPrivacy } from './core/privacy/service.js';
import type { RoleService } from './core/roles/service.js';
import type { Clock, Random } from './core/runtime.js';
import type { AppSecrets } from './core/secrets/app-secrets.js';
import type { FreeflowService } from './core/sharing/freeflow.js';
import type { SharingService } from './core/sharing/shares.js';
import type { ShareImageService } from './core/sharing/share-images.js';
import type { CdkService } from './core/sharing/cdk.js';
import type { FriendService } from './core/social/friends.js';
import type { PlayingFriends } from './core/social/playing-friends.js';
import type { SubscriptionService } from './core/subscriptions/service.js';

/**
 * What request handlers may use: the core services, the clock and randomness. Not the store,
 * the database or the wiring: a handler reaches data only through a service.
 */
export interface Services {
  readonly clock: Clock;
  readonly random: Random;
  readonly apps: AppService;
  readonly players: PlayerService;
  readonly directory: PlayerDirectory;
  /** Operators' bans of players. */
  readonly bans: PlayerBans;
  readonly publicIds: PublicIds;
  readonly tokens: TokenService;
  readonly grants: Grants;
  readonly leaderboards: LeaderboardService;
  readonly friends: FriendService;
  readonly playingFriends: PlayingFriends;
  readonly cards: CardService;
  readonly gifts: GiftService;
  readonly groups: GroupService;
  readonly guildBindings: GuildBindings;
  readonly appSecrets: AppSecrets;
  readonly memberships: MembershipService;
  readonly payments: PaymentService;
  /** Per-app Google Play set-up (package name, service account). */
  readonly googlePlay: GooglePlaySetups;
  /** Verify purchases with the app stores, by store (those configured in this build). */
  /** Apps' App Store set-ups (bundle id, environment, In-App Purchase key). */
  readonly appStoreSetups: AppStoreSetups;
  /** The stores whose purchases can be verified, with their verifiers. */
  readonly storePurchaseVerifiers: StorePurchaseVerifiers;
  /** Reads the App Store's signed server notifications (refunds). */
  readonly appStoreNotifications: StoreNotificationReader;
  readonly messaging: Messaging;
  readonly achievements: AchievementService;
  readonly battles: BattleService;
  readonly subscriptions: SubscriptionService;
  readonly sharing: SharingService;
  readonly freeflow: FreeflowService;
  readonly roles: RoleService;
  readonly externalIdentities: ExternalIdentities;
  readonly shareImages: ShareImageService;
  readonly cdk: CdkService;
  readonly passwordResets: PasswordResets;
  /** People who sign in to the web console, with roles. */
  readonly consoleUsers: ConsoleUsers;
  /** Operators' writes through the console and the admin API. */
  readonly auditLog: AuditLog;
  /** The address players reach the server at (PUBLIC_URL), for links in mail; unset: unknown. */
  readonly publicUrl: string | undefined;
  readonly analytics: AnalyticsService;
  /** The operator console's first page: players, payments and deliveries. */
  readonly dashboard: DashboardService;
  /** Find a player by any id, export their data, delete them. */
  readonly privacy: PlayerPrivacy;
  /** The started dialects, by name (their login answers). */
  readonly dialects: ReadonlyMap<string, Dialect>;
}
