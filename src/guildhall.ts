import { AuditLog } from './core/console/audit.js';
import { ConsoleUsers } from './core/console/users.js';
import type { Logger } from 'pino';
import { Redis } from 'ioredis';
import { BattleService } from './core/achievements/battles.js';
import { AchievementService } from './core/achievements/service.js';
import { AnalyticsService } from './core/analytics/service.js';
import { DashboardService } from './core/analytics/dashboard.js';
import { PlayerPrivacy } from './core/privacy/service.js';
import type { AppConfigDeclaration } from './core/apps/declarations.js';
import { AppService } from './core/apps/service.js';
import { CardService } from './core/cards/service.js';
import { GiftService } from './core/gifts/service.js';
import { GuildBindings } from './core/groups/bindings.js';
import { GroupService } from './core/groups/service.js';
import type { RankIndex } from './core/leaderboards/rank-index.js';
import { LeaderboardService } from './core/leaderboards/service.js';
import { MembershipService } from './core/memberships/service.js';
import { mergeCatalogs } from './core/memberships/types.js';
import type { PushFanoutOptions } from './core/messaging/push-handler.js';
import { Messaging } from './core/messaging/service.js';
import { PlayerBans } from './core/players/bans.js';
import { PlayerDirectory } from './core/players/directory.js';
import type { WarmedCounts } from './core/players/warm-up.js';
import { warmPlayerCaches } from './core/players/warm-up.js';
import { PasswordResets, PASSWORD_RESET_TOKEN } from './core/players/password-reset.js';
import { PlayerService, SESSION_TOKEN } from './core/players/service.js';
import { Grants } from './core/identity/grants.js';
import { PublicIds } from './core/identity/public-ids.js';
import { IdentityRegistry } from './core/identity/registry.js';
import { TokenService } from './core/identity/tokens.js';
import { RoleService } from './core/roles/service.js';
import type { Clock, Random } from './core/runtime.js';
import { cryptoRandom, systemClock } from './core/runtime.js';
import { FriendService } from './core/social/friends.js';
import { PlayingFriends } from './core/social/playing-friends.js';
import type {
  StoreNotificationReader,
  StorePurchaseVerifiers,
} from './core/payments/store-purchases.js';
import type { OutboxHandler } from './core/outbox/types.js';
import { OutboxSignal } from './core/outbox/types.js';
import { PaymentService } from './core/payments/service.js';
import { AppStoreSetups } from './core/payments/app-store-setup.js';
import { AppSecrets } from './core/secrets/app-secrets.js';
import { SecretBox } from './core/secrets/secret-box.js';
import { SubscriptionService } from './core/subscriptions/service.js';
import { FreeflowService } from './core/sharing/freeflow.js';
import { SharingService } from './core/sharing/shares.js';
import { ShareImageService } from './core/sharing/share-images.js';
import { CdkService } from './core/sharing/cdk.js';
import type { IpLocator } from './core/sharing/types.js';
import type { OutboxWorkerOptions } from './jobs/outbox-worker.js';
import { Ip2RegionLocator } from './providers/geoip/ip2region.js';
import { SmtpMailer } from './providers/mail/smtp.js';
import type { Mailer } from './core/mail/types.js';
import { unconfiguredMailer } from './core/mail/types.js';
import type { PushEndpoints } from './providers/push/clients.js';
import { pushClients } from './providers/push/clients.js';
import { parseServiceAccount } from './providers/fcm/service-account.js';
import { GooglePlaySetups } from './core/payments/google-play-setup.js';
import type { StoreEndpoints } from './providers/stores/verifiers.js';
import { storeClients } from './providers/stores/verifiers.js';
import type { IdentityEndpoints } from './providers/identity/verifiers.js';
import { identityVerifiers } from './providers/identity/verifiers.js';
import { ExternalIdentities } from './core/identity/external/service.js';
import { momoPlugin } from './protocols/momo/index.js';
import { msdkPlugin } from './protocols/msdk/index.js';
import { xcloudPlugin } from './protocols/xcloud/index.js';
import type { Dialect, DialectPlugin } from './protocols/plugin.js';

/** The platform protocols Guildhall speaks. A new dialect is one more entry here. */
export const DIALECTS: readonly DialectPlugin[] = [momoPlugin, msdkPlugin, xcloudPlugin];

/** The credentials and settings apps get from DIALECTS (the CLI's flags come from them). */
export const APP_CONFIGS: readonly AppConfigDeclaration[] = DIALECTS.map(
  (plugin) => plugin.appConfig,
);
import type { DatabaseHandle } from './store/database.js';
import { openDatabase } from './store/database.js';
import { migrateToLatest } from './store/migrate.js';
import { MemoryRankIndex } from './store/rank/memory-rank-index.js';
import { REDIS_RANK_LAYOUT, RedisRankIndex } from './store/rank/redis-rank-index.js';
import { deleteOldLayouts } from './store/rank/redis/old-layouts.js';
import { Store } from './store/store.js';
import type { Services } from './services.js';

export interface GuildhallOptions {
  /** postgres://... ; SQLite at `sqliteFile` (default in-memory) when absent. */
  databaseUrl?: string;
  sqliteFile?: string;
  /** PostgreSQL schema (tests isolate themselves with one each). */
  databaseSchema?: string;
  /** PostgreSQL connections per process (default 20). */
  databasePoolSize?: number;
  redisUrl?: string;
  redisKeyPrefix?: string;
  clock?: Clock;
  random?: Random;
  logger?: Logger;
  /**
   * Rebuild the rank index from the database at start: always (the in-memory index must be),
   * if-needed (a shared Redis index no process has built yet), or never (one-off commands).
   */
  rebuild?: 'always' | 'if-needed' | 'never';
  /** Called while the rank index is rebuilt. */
  onRebuildProgress?: (done: number, total: number) => void;
  /** Load players into the caches hot reads use at start (serving processes do; see warmPlayerCaches). */
  warmCaches?: boolean;
  /** Called while the player caches are loaded. */
  onWarmProgress?: (done: number, total: number) => void;
  /** Players (accounts, ids, tokens) each cache keeps in memory at least (default 1,000,000). */
  cachePlayers?: number;
  /**
   * 32 bytes that seal the secrets kept in the database (signing keys, push certificates).
   * Processes sharing a database must share it; without one, a random key lives as long as the
   * process (enough for tests and throwaway databases).
   */
  secretKey?: Buffer;
  /** How the outbox worker of a serving process runs. */
  outbox?: OutboxWorkerOptions;
  /** Where APNs and FCM are reached (default: Apple's and Google's). */
  providers?: PushEndpoints;
  /** Page size and parallelism of push fan-outs. */
  pushFanout?: PushFanoutOptions;
  /** The dialects to speak (default: DIALECTS); tests add their own. */
  dialects?: readonly DialectPlugin[];
  /** Where IP addresses are (default: the bundled ip2region database). */
  ipLocator?: IpLocator;
  /** Where the app stores' APIs are reached (default: Google's and Apple's). */
  stores?: StoreEndpoints;
  /** Where Facebook, Google and Apple check identities (default: theirs). */
  identityProviders?: IdentityEndpoints;
  /** The SMTP server mail goes through (`smtp://user:pass@host:port`) and its sender. */
  mail?: { smtpUrl?: string; from?: string };
  /** The address players reach the server at, for links in mail (default: the request's host). */
  publicUrl?: string;
  /** Who verifies Google Play and App Store purchases (default: Google's and Apple's APIs). */
  storePurchases?: StorePurchaseVerifiers;
}

const DEFAULT_MAIL_FROM = 'Guildhall <no-reply@localhost>';
export const DEFAULT_CACHE_PLAYERS = 1_000_000;

/** The composition root: storage, rank index and every core service, wired once at start. */
export class Guildhall implements Services {
  readonly store: Store;
  readonly apps: AppService;
  readonly players: PlayerService;
  readonly directory: PlayerDirectory;
  readonly bans: PlayerBans;
  readonly identityRegistry = new IdentityRegistry();
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
  readonly googlePlay: GooglePlaySetups;
  readonly appStoreSetups: AppStoreSetups;
  readonly storePurchaseVerifiers: StorePurchaseVerifiers;
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
  readonly consoleUsers: ConsoleUsers;
  readonly auditLog: AuditLog;
  readonly publicUrl: string | undefined;
  private readonly mailer: Mailer & { close?: () => void };
  readonly analytics: AnalyticsService;
  readonly dashboard: DashboardService;
  readonly privacy: PlayerPrivacy;
  /** Wakes this process's outbox worker when something is queued. */
  readonly outboxSignal = new OutboxSignal();
  /** Who delivers each kind of outbox item. */
  readonly outboxHandlers: readonly OutboxHandler[];
  /** The started dialects, by name. */
  readonly dialects: ReadonlyMap<string, Dialect>;

  constructor(
    readonly database: DatabaseHandle,
    readonly rankIndex: RankIndex,
    readonly clock: Clock,
    readonly random: Random,
    private readonly redis: Redis | undefined,
    readonly options: GuildhallOptions,
  ) {
    this.store = new Store(database.db, database.kind, database.changes);
    const plugins = options.dialects ?? DIALECTS;
    const box = new SecretBox(options.secretKey ?? random.bytes(32));
    const appConfigs = plugins.map((plugin) => plugin.appConfig);
    this.apps = new AppService(this.store, clock, random, box, appConfigs, database.changes);
    this.leaderboards = new LeaderboardService(this.store, rankIndex, clock, !redis);
    this.identityRegistry.register({ tokenKinds: [SESSION_TOKEN, PASSWORD_RESET_TOKEN] });
    for (const plugin of plugins)
      this.identityRegistry.register({ dialect: plugin.name, ...plugin });
    const cachePlayers = options.cachePlayers ?? DEFAULT_CACHE_PLAYERS;
    this.publicIds = new PublicIds(
      this.store,
      clock,
      random,
      this.identityRegistry,
      database.changes,
      cachePlayers,
    );
    this.tokens = new TokenService(
      this.store,
      clock,
      random,
      this.identityRegistry,
      database.changes,
      cachePlayers,
    );
    this.grants = new Grants(this.store, this.publicIds, this.tokens);
    this.directory = new PlayerDirectory(
      this.store,
      this.publicIds,
      database.changes,
      cachePlayers,
    );
    this.analytics = new AnalyticsService(this.store, clock, this.apps);
    this.dashboard = new DashboardService(this.store, clock, this.analytics);
    this.privacy = new PlayerPrivacy(this.store, this.identityRegistry, this.leaderboards, clock);
    this.players = new PlayerService(
      this.store,
      clock,
      random,
      this.leaderboards,
      this.directory,
      this.tokens,
      this.grants,
      this.identityRegistry,
      this.analytics,
      this.apps,
    );
    this.bans = new PlayerBans(this.store, clock, this.tokens);
    this.mailer = options.mail?.smtpUrl
      ? new SmtpMailer(options.mail.smtpUrl, options.mail.from ?? DEFAULT_MAIL_FROM)
      : unconfiguredMailer;
    this.passwordResets = new PasswordResets(this.store, clock, random, this.tokens, this.mailer);
    this.publicUrl = options.publicUrl;
    this.friends = new FriendService(this.store, clock, database.changes, cachePlayers);
    this.playingFriends = new PlayingFriends(this.store, clock, random);
    this.cards = new CardService(this.store, clock);
    this.gifts = new GiftService(this.store, clock);
    this.appSecrets = new AppSecrets(this.store.appSecrets, box, clock);
    this.externalIdentities = new ExternalIdentities(
      this.store,
      clock,
      this.apps,
      this.appSecrets,
      this.players,
      identityVerifiers(options.identityProviders ?? {}, clock),
    );
    const featureHolders = plugins.flatMap((plugin) => plugin.featureNamespaces ?? []);
    this.memberships = new MembershipService(
      this.store,
      clock,
      this.appSecrets,
      featureHolders,
      mergeCatalogs(plugins.flatMap((plugin) => (plugin.attributes ? [plugin.attributes] : []))),
    );
    this.appStoreSetups = new AppStoreSetups(this.appSecrets);
    this.payments = new PaymentService(this.store, clock, random, this.outboxSignal);
    this.googlePlay = new GooglePlaySetups(this.apps, this.appSecrets, parseServiceAccount, random);
    const stores = storeClients(
      options.stores ?? {},
      { googlePlay: this.googlePlay, appStore: this.appStoreSetups },
      clock,
    );
    this.storePurchaseVerifiers = options.storePurchases ?? stores.verifiers;
    this.appStoreNotifications = stores.appStoreNotifications;
    this.messaging = new Messaging(
      this.store,
      this.apps,
      this.appSecrets,
      clock,
      this.outboxSignal,
      pushClients(options.providers ?? {}, clock),
      options.pushFanout,
    );
    this.groups = new GroupService(
      this.store,
      clock,
      random,
      this.messaging.inbox,
      (namespace) => this.identityRegistry.identifies(namespace),
      database.changes,
    );
    this.guildBindings = new GuildBindings(this.store, clock, this.messaging.inbox, this.apps);
    this.sharing = new SharingService(
      this.store,
      clock,
      random,
      this.publicIds,
      this.messaging.inbox,
    );
    this.freeflow = new FreeflowService(
      this.store,
      clock,
      options.ipLocator ?? new Ip2RegionLocator(),
      featureHolders,
    );
    this.roles = new RoleService(this.store, clock);
    this.consoleUsers = new ConsoleUsers(this.store, clock, random);
    this.auditLog = new AuditLog(this.store, clock);
    this.shareImages = new ShareImageService(this.store, clock, random);
    this.cdk = new CdkService(this.store, clock);
    const rules = plugins.flatMap((plugin) => (plugin.achievements ? [plugin.achievements] : []));
    if (rules.length > 1) throw new Error('more than one dialect declares achievement rules');
    this.achievements = new AchievementService(
      this.store,
      clock,
      this.leaderboards,
      this.directory,
      rules[0],
    );
    this.battles = new BattleService(this.store, clock, this.leaderboards);
    this.subscriptions = new SubscriptionService(this.store, clock, this.messaging.inbox);
    this.dialects = new Map(plugins.map((plugin) => [plugin.name, plugin.start(this)]));
    this.outboxHandlers = [
      ...[...this.dialects.values()].flatMap((dialect) => dialect.outboxHandlers ?? []),
      this.messaging.outboxHandler,
    ];
  }

  /** Throws when the database or Redis does not answer. */
  async healthCheck(): Promise<void> {
    await this.store.meta.get('health');
    if (this.redis) await this.redis.ping();
  }

  /** Loads players into the caches hot reads use (see warmPlayerCaches). */
  warmPlayerCaches(onProgress?: (done: number, total: number) => void): Promise<WarmedCounts> {
    const caches = {
      store: this.store,
      changes: this.database.changes,
      clock: this.clock,
      directory: this.directory,
      publicIds: this.publicIds,
      tokens: this.tokens,
    };
    const limit = this.options.cachePlayers ?? DEFAULT_CACHE_PLAYERS;
    return warmPlayerCaches(caches, limit, onProgress);
  }

  async close(): Promise<void> {
    for (const dialect of this.dialects.values()) await dialect.close?.();
    await this.tokens.flush();
    await this.messaging.close();
    this.mailer.close?.();
    await this.rankIndex.close();
    this.redis?.disconnect();
    await this.database.close();
  }
}

export async function openGuildhall(options: GuildhallOptions): Promise<Guildhall> {
  const database = openDatabase({
    url: options.databaseUrl,
    sqliteFile: options.sqliteFile,
    schema: options.databaseSchema,
    poolSize: options.databasePoolSize,
  });
  try {
    if (options.databaseSchema && database.kind === 'postgres') {
      await database.db.schema.createSchema(options.databaseSchema).ifNotExists().execute();
    }
    const applied = await migrateToLatest(database);
    if (applied.length > 0) options.logger?.info({ applied }, 'migrations applied');
    await database.changes.start();
  } catch (error) {
    await database.close();
    throw error;
  }
  const redis = options.redisUrl ? new Redis(options.redisUrl, { lazyConnect: false }) : undefined;
  const prefix = options.redisKeyPrefix ?? 'guildhall:';
  const indexPrefix = `${prefix}rank:`;
  const rankIndex: RankIndex = redis
    ? new RedisRankIndex(redis, indexPrefix)
    : new MemoryRankIndex();
  const guildhall = new Guildhall(
    database,
    rankIndex,
    options.clock ?? systemClock,
    options.random ?? cryptoRandom,
    redis,
    options,
  );
  try {
    const prepared = await guildhall.apps.prepareCredentials();
    if (prepared.generated + prepared.sealed > 0) {
      options.logger?.info(prepared, 'app credentials generated or sealed');
    }
  } catch (error) {
    await guildhall.close();
    throw error;
  }
  const policy = options.rebuild ?? 'if-needed';
  const rebuild =
    policy === 'always' ||
    (policy === 'if-needed' &&
      (!redis || (await redis.set(`${prefix}built:${REDIS_RANK_LAYOUT}`, '1', 'NX')) === 'OK'));
  if (rebuild) {
    const started = Date.now();
    const rebuilt = await guildhall.leaderboards.rebuild(options.onRebuildProgress);
    options.logger?.info({ ...rebuilt, ms: Date.now() - started }, 'rank index rebuilt');
  }
  if (policy !== 'never') {
    const finished = await guildhall.leaderboards.finishPendingResets();
    if (finished > 0) options.logger?.info({ finished }, 'interrupted board resets finished');
  }
  if (redis && policy !== 'never') {
    const deleted = await deleteOldLayouts(redis, prefix, indexPrefix);
    if (deleted > 0) options.logger?.info({ deleted }, 'older rank index layout deleted');
  }
  if (options.warmCaches) {
    const started = Date.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const warmed = await guildhall.warmPlayerCaches(options.onWarmProgress);
    const heapMb = Math.round((process.memoryUsage().heapUsed - heapBefore) / 1e6);
    options.logger?.info({ ...warmed, heapMb, ms: Date.now() - started }, 'player caches loaded');
  }
  return guildhall;
}
