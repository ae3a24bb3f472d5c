import type { ConsolePage } from '../page.js';
import { appsPage } from './apps.js';
import { auditPage } from './audit.js';
import { boardsPage } from './boards.js';
import { dashboardPage } from './dashboard.js';
import { groupsPage } from './groups.js';
import { ordersPage } from './orders.js';
import { playersPage } from './players/index.js';
import { pushPage } from './push.js';
import { usersPage } from './users.js';

/** The console's pages, in menu order. */
export const pages: ConsolePage[] = [
  dashboardPage,
  appsPage,
  playersPage,
  boardsPage,
  ordersPage,
  groupsPage,
  pushPage,
  auditPage,
  usersPage,
];
