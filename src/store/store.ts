import type { Kysely } from 'kysely';
import type { DatabaseKind } from './database.js';
import { AchievementRepo } from './repos/achievements.js';
import { AnalyticsRepo } from './repos/analytics.js';
import { AppSecretRepo } from './repos/app-secrets.js';
import { AppRepo } from './repos/apps.js';
import { AuditLogRepo } from './repos/audit-log.js';
import { CardRepo } from './repos/cards.js';
import { ConsoleUserRepo } from './repos/console-users.js';
import { DeviceRepo } from './repos/devices.js';
import { FriendRepo } from './repos/friends.js';
import { GiftRepo } from './repos/gifts.js';
import { GroupRepo } from './repos/groups.js';
import { GuildRepo } from './repos/guilds.js';
import { InboxRepo } from './repos/inbox.js';
import { MembershipRepo } from './repos/memberships.js';
import { FreeflowRepo } from './repos/freeflow.js';
import { MetaRepo } from './repos/meta.js';
import { OrderRepo } from './repos/orders.js';
import { OutboxRepo } from './repos/outbox.js';
import { PlayerIdRepo } from './repos/player-ids.js';
import { ExternalIdentityRepo } from './repos/external-identities.js';
import { PlayerRepo } from './repos/players.js';
import { PlayerDataRepo } from './repos/player-data.js';
import { PushJobRepo } from './repos/push-jobs.js';
import { ShareRepo } from './repos/shares.js';
import { ShareImageRepo } from './repos/share-images.js';
import { CdkRepo } from './repos/cdk.js';
import { RelationRepo } from './repos/relation.js';
import { RoleRepo } from './repos/roles.js';
import { ScoreRepo } from './repos/scores.js';
import { SubscriptionRepo } from './repos/subscriptions.js';
import { TokenRepo } from './repos/tokens.js';
import type { Database } from './schema.js';
import type { ChangeLog } from './changes/change-log.js';
import type { Change } from './repos/changes.js';
import { ChangeRepo } from './repos/changes.js';

/**
 * Some repositories of the store, and transactions (whose work gets the whole store): what a
 * core service is given, naming the repositories it uses.
 */
export type StoreSlice<K extends keyof Store> = Pick<Store, K | 'transaction'>;

/** Every repository over one connection or transaction. */
export class Store {
  readonly apps: AppRepo;
  readonly players: PlayerRepo;
  readonly tokens: TokenRepo;
  readonly friends: FriendRepo;
  readonly meta: MetaRepo;
  readonly scores: ScoreRepo;
  readonly guilds: GuildRepo;
  readonly cards: CardRepo;
  readonly gifts: GiftRepo;
  readonly groups: GroupRepo;
  readonly appSecrets: AppSecretRepo;
  readonly orders: OrderRepo;
  readonly outbox: OutboxRepo;
  readonly devices: DeviceRepo;
  readonly inbox: InboxRepo;
  readonly pushJobs: PushJobRepo;
  readonly playerIds: PlayerIdRepo;
  readonly achievements: AchievementRepo;
  readonly subscriptions: SubscriptionRepo;
  readonly shares: ShareRepo;
  readonly freeflow: FreeflowRepo;
  readonly memberships: MembershipRepo;
  readonly relation: RelationRepo;
  readonly roles: RoleRepo;
  readonly externalIdentities: ExternalIdentityRepo;
  readonly shareImages: ShareImageRepo;
  readonly cdk: CdkRepo;
  readonly analytics: AnalyticsRepo;
  readonly playerData: PlayerDataRepo;
  readonly changes: ChangeRepo;
  readonly consoleUsers: ConsoleUserRepo;
  readonly auditLog: AuditLogRepo;

  constructor(
    readonly db: Kysely<Database>,
    readonly kind: DatabaseKind,
    private readonly changeLog: ChangeLog,
    committing?: Change[],
  ) {
    this.changes = new ChangeRepo(db, changeLog, committing);
    this.apps = new AppRepo(db, this.changes);
    this.friends = new FriendRepo(db, this.changes);
    this.players = new PlayerRepo(db, this.changes, this.friends, kind);
    this.tokens = new TokenRepo(db, this.changes);
    this.meta = new MetaRepo(db);
    this.scores = new ScoreRepo(db, kind);
    this.guilds = new GuildRepo(db, this.changes);
    this.cards = new CardRepo(db);
    this.gifts = new GiftRepo(db);
    this.groups = new GroupRepo(db, kind, this.changes);
    this.appSecrets = new AppSecretRepo(db);
    this.orders = new OrderRepo(db);
    this.outbox = new OutboxRepo(db, kind);
    this.devices = new DeviceRepo(db);
    this.inbox = new InboxRepo(db);
    this.pushJobs = new PushJobRepo(db);
    this.playerIds = new PlayerIdRepo(db, this.changes);
    this.achievements = new AchievementRepo(db);
    this.subscriptions = new SubscriptionRepo(db);
    this.shares = new ShareRepo(db);
    this.freeflow = new FreeflowRepo(db);
    this.memberships = new MembershipRepo(db, kind);
    this.relation = new RelationRepo(db);
    this.roles = new RoleRepo(db, kind);
    this.externalIdentities = new ExternalIdentityRepo(db);
    this.shareImages = new ShareImageRepo(db);
    this.cdk = new CdkRepo(db, kind);
    this.analytics = new AnalyticsRepo(db);
    this.consoleUsers = new ConsoleUserRepo(db);
    this.auditLog = new AuditLogRepo(db);
    this.playerData = new PlayerDataRepo(db, this.changes);
  }

  /** Runs `work` in one transaction: all of its writes land, or none. */
  async transaction<T>(work: (store: Store) => Promise<T>): Promise<T> {
    if (this.db.isTransaction) return work(this);
    const changes: Change[] = [];
    const result = await this.db
      .transaction()
      .execute((trx) => work(new Store(trx, this.kind, this.changeLog, changes)));
    for (const { topic, key } of changes) this.changeLog.hearLocally(topic, key);
    return result;
  }
}
