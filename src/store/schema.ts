import type { Generated } from 'kysely';

import type { GroupTables } from './tables/groups.js';
import type { MembershipTables } from './tables/memberships.js';
import type { RelationTables } from './tables/relation.js';
import type { ReportTables } from './tables/reports.js';
import type { SharingTables } from './tables/sharing.js';

/** Row types of every table. Times are unix milliseconds; booleans are 0/1 integers. */
export interface Database
  extends GroupTables, MembershipTables, RelationTables, ReportTables, SharingTables {
  meta: MetaTable;
  apps: AppsTable;
  app_credentials: AppCredentialsTable;
  accounts: AccountsTable;
  identities: IdentitiesTable;
  app_players: AppPlayersTable;
  tencent_players: TencentPlayersTable;
  tokens: TokensTable;
  friend_requests: FriendRequestsTable;
  boards: BoardsTable;
  scores: ScoresTable;
  score_journal: ScoreJournalTable;
  player_cards: PlayerCardsTable;
  gifts: GiftsTable;
  app_secrets: AppSecretsTable;
  orders: OrdersTable;
  outbox: OutboxTable;
  delivery_attempts: DeliveryAttemptsTable;
  devices: DevicesTable;
  device_tags: DeviceTagsTable;
  inbox_messages: InboxMessagesTable;
  push_jobs: PushJobsTable;
  push_results: PushResultsTable;
}

export interface MetaTable {
  key: string;
  value: string;
}

export interface AppsTable {
  id: string;
  name: string;
  /** JSON of AppSettings, with the dialects' settings under `dialects` (per dialect). */
  settings: string;
  created_at: number;
  updated_at: number;
}

/** One credential a dialect gives an app; secret ones sealed with the server key. */
export interface AppCredentialsTable {
  app_id: string;
  dialect: string;
  name: string;
  value: string;
  /** 1: `value` is sealed (SecretBox); 0: in the clear (lookup credentials, or not yet sealed). */
  sealed: number;
}

export interface AccountsTable {
  id: Generated<number>;
  public_id: string;
  kind: string;
  name: string;
  sex: string;
  birthday: string | null;
  /** JSON array of photo ids. */
  photos: string;
  sign: string;
  area_id: number | null;
  lat: number | null;
  lng: number | null;
  geohash: string | null;
  loc_time: number | null;
  regstate: number;
  vip: number;
  is_spam: number;
  profile_version: number;
  created_at: number;
}

export interface IdentitiesTable {
  provider: string;
  subject: string;
  account_id: number;
  secret_hash: string | null;
  created_at: number;
}

export interface AppPlayersTable {
  app_id: string;
  account_id: number;
  momo_userid: string;
  created_at: number;
}

export interface TencentPlayersTable {
  app_id: string;
  account_id: number;
  qq_openid: string;
  wx_openid: string;
  guestid: string;
  /** Bit set of the platforms the player logged in with: 1 QQ, 2 WeChat, 4 guest. */
  platforms: number;
  created_at: number;
}

export interface TokensTable {
  hash: string;
  kind: string;
  app_id: string;
  account_id: number;
  expires_at: number | null;
  created_at: number;
}

export interface FriendRequestsTable {
  from_id: number;
  to_id: number;
  created_at: number;
}

export interface BoardsTable {
  app_id: string;
  board: string;
  operator: string;
}

export interface ScoresTable {
  app_id: string;
  board: string;
  member_id: number;
  /** 'account' or 'guild'. */
  member_kind: string;
  score: number;
  seq: number;
  area_id: number | null;
}

export interface ScoreJournalTable {
  id: Generated<number>;
  app_id: string;
  board: string;
  member_id: number;
  member_kind: string;
  score: number;
  seq: number;
  area_id: number | null;
}

export interface PlayerCardsTable {
  app_id: string;
  account_id: number;
  server_id: string;
  /** The card as the game server sent it (JSON). */
  data: string;
  updated_at: number;
}

export interface GiftsTable {
  id: Generated<number>;
  app_id: string;
  account_id: number;
  kind: string;
  item: string;
  created_at: number;
}

export interface AppSecretsTable {
  app_id: string;
  /** 'notify_rsa_key', 'apns_certificate', 'fcm_service_account'. */
  kind: string;
  /** What may be shown (a public key), or null. */
  public_part: string | null;
  /** The secret, sealed with the server key (see core/secrets). */
  sealed: string;
  updated_at: number;
}

export interface OrdersTable {
  id: string;
  trade_no: string;
  app_id: string;
  account_id: number;
  product_id: string;
  /** Integer minor units of `currency` (fen for RMB, coins for MMB). */
  amount: number;
  currency: string;
  channel: string;
  app_order_no: string;
  client_type: string;
  /** created | paid | delivered | refunded */
  status: string;
  transaction_id: string | null;
  created_at: number;
  paid_at: number | null;
  delivered_at: number | null;
  refunded_at: number | null;
}

export interface OutboxTable {
  id: Generated<number>;
  /** What to deliver: 'pay_notify' (ref = order id), 'push' (ref = push job id). */
  kind: string;
  app_id: string;
  ref: string;
  /** pending | delivered | failed | cancelled */
  status: string;
  /** Attempts started, counted when claimed (so one cut short by a crash still counts). */
  attempts: number;
  due_at: number;
  claimed_at: number | null;
  /** Set while a process works on the item; a lease past due means that process died. */
  lease_until: number | null;
  created_at: number;
  finished_at: number | null;
}

export interface DeliveryAttemptsTable {
  id: Generated<number>;
  outbox_id: number;
  attempt: number;
  started_at: number;
  url: string;
  http_status: number | null;
  /** The start of the response body, or what went wrong. */
  body: string;
  latency_ms: number;
  /** acknowledged | rejected | error | interrupted */
  outcome: string;
}

export interface DevicesTable {
  id: Generated<number>;
  app_id: string;
  account_id: number;
  /** ios | android */
  platform: string;
  token: string;
  alias: string | null;
  /** JSON array of tags (also indexed in device_tags). */
  tags: string;
  created_at: number;
  updated_at: number;
}

export interface DeviceTagsTable {
  app_id: string;
  tag: string;
  device_id: number;
}

export interface InboxMessagesTable {
  id: Generated<number>;
  app_id: string;
  /** null: to every player of the app. */
  account_id: number | null;
  content: string;
  created_at: number;
}

export interface PushJobsTable {
  id: Generated<number>;
  app_id: string;
  platform: string;
  /** The provider-neutral message (JSON). */
  message: string;
  /** tag | tagand | alias | user | account | all */
  target_kind: string;
  /** JSON array of strings (account ids for 'account'). */
  targets: string;
  /** pending | done */
  status: string;
  /** Why nothing went out, or other remarks; '' when none. */
  note: string;
  /** Last device id processed: the fan-out resumes after it. */
  cursor: number;
  sent: number;
  failed: number;
  invalid: number;
  created_at: number;
  finished_at: number | null;
}

export interface PushResultsTable {
  id: Generated<number>;
  job_id: number;
  device_id: number;
  token: string;
  /** sent | failed | invalid */
  status: string;
  detail: string;
  created_at: number;
}
