import type { AccountTables } from './tables/accounts.js';
import type { AnalyticsTables } from './tables/analytics.js';
import type { AppTables } from './tables/apps.js';
import type { CardTables } from './tables/cards.js';
import type { ExternalIdentityTables } from './tables/external-identities.js';
import type { GiftTables } from './tables/gifts.js';
import type { GroupTables } from './tables/groups.js';
import type { IdentityTables } from './tables/identity.js';
import type { LeaderboardTables } from './tables/leaderboards.js';
import type { MembershipTables } from './tables/memberships.js';
import type { MessagingTables } from './tables/messaging.js';
import type { ConsoleTables } from './tables/console.js';
import type { MetaTables } from './tables/meta.js';
import type { OutboxTables } from './tables/outbox.js';
import type { PaymentTables } from './tables/payments.js';
import type { RelationTables } from './tables/relation.js';
import type { ReportTables } from './tables/reports.js';
import type { RoleTables } from './tables/roles.js';
import type { SecretTables } from './tables/secrets.js';
import type { ShareCdkTables, SharingTables } from './tables/sharing.js';
import type { SocialTables } from './tables/social.js';

/** Row types of every table. Times are unix milliseconds; booleans are 0/1 integers. */
export interface Database
  extends
    AccountTables,
    AnalyticsTables,
    AppTables,
    CardTables,
    ConsoleTables,
    GiftTables,
    GroupTables,
    IdentityTables,
    LeaderboardTables,
    MembershipTables,
    MessagingTables,
    MetaTables,
    OutboxTables,
    PaymentTables,
    RelationTables,
    ReportTables,
    RoleTables,
    SecretTables,
    SharingTables,
    ShareCdkTables,
    SocialTables,
    ExternalIdentityTables {}
