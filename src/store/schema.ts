import type { AccountTables } from './tables/accounts.js';
import type { CardTables } from './tables/cards.js';
import type { GiftTables } from './tables/gifts.js';
import type { GroupTables } from './tables/groups.js';
import type { LeaderboardTables } from './tables/leaderboards.js';
import type { MembershipTables } from './tables/memberships.js';
import type { MessagingTables } from './tables/messaging.js';
import type { MetaTables } from './tables/meta.js';
import type { OutboxTables } from './tables/outbox.js';
import type { PaymentTables } from './tables/payments.js';
import type { RelationTables } from './tables/relation.js';
import type { ReportTables } from './tables/reports.js';
import type { SecretTables } from './tables/secrets.js';
import type { SharingTables } from './tables/sharing.js';
import type { SocialTables } from './tables/social.js';

// repos/players.ts (rewritten on another branch) still reads the accounts row type from here.
export type { AccountsTable } from './tables/accounts.js';

/** Row types of every table. Times are unix milliseconds; booleans are 0/1 integers. */
export interface Database
  extends
    AccountTables,
    CardTables,
    GiftTables,
    GroupTables,
    LeaderboardTables,
    MembershipTables,
    MessagingTables,
    MetaTables,
    OutboxTables,
    PaymentTables,
    RelationTables,
    ReportTables,
    SecretTables,
    SharingTables,
    SocialTables {
  apps: AppsTable;
  identities: IdentitiesTable;
  app_players: AppPlayersTable;
  tencent_players: TencentPlayersTable;
  tokens: TokensTable;
}

export interface AppsTable {
  id: string;
  name: string;
  momo_appid: string;
  momo_app_secret: string;
  msdk_qq_appid: string;
  msdk_wx_appid: string;
  msdk_appkey: string;
  msdk_msdkkey: string;
  /** JSON of AppSettings. */
  settings: string;
  created_at: number;
  updated_at: number;
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
