import type { ConsolePage } from '../page.js';
import { auditPage } from './audit.js';
import { dashboardPage } from './dashboard.js';
import { groupsPage } from './groups.js';
import { pushPage } from './push.js';
import { usersPage } from './users.js';

/** The console's pages, in menu order. */
export const pages: ConsolePage[] = [dashboardPage, auditPage, usersPage, groupsPage, pushPage];
