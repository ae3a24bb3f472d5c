import type { ConsolePage } from '../page.js';
import { appsPage } from './apps.js';
import { auditPage } from './audit.js';
import { dashboardPage } from './dashboard.js';
import { usersPage } from './users.js';

/** The console's pages, in menu order. */
export const pages: ConsolePage[] = [dashboardPage, appsPage, auditPage, usersPage];
