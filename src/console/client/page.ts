import type { TemplateResult } from 'lit-html';
import type { Role } from './session.js';

/** An app as the header's picker lists it. */
export interface AppSummary {
  id: string;
  name: string;
}

/** What a page gets to render itself and act. */
export interface PageContext {
  /** The app picked in the header; pages about one app use it. */
  appId: string | undefined;
  apps: AppSummary[];
  /** The page's own parameters, from the address (`#/players?q=...`). */
  params: URLSearchParams;
  role: Role;
  /** Whether the signed-in user's role allows what `needed` allows. */
  can(needed: Role): boolean;
  /** Shows the page at these parameters (kept in the address, so reload and back work). */
  go(page: string, params?: Record<string, string | number | undefined>): void;
  /** Renders the page again, e.g. after an action. */
  refresh(): void;
  /** Reads the apps again (after one was made or renamed), for the header's picker. */
  reloadApps(): Promise<void>;
  /** A short message at the top of the page. */
  notify(message: string, kind?: 'ok' | 'error'): void;
}

/** One page of the console: its place in the menu and how it renders. */
export interface ConsolePage {
  id: string;
  title: string;
  /** The role needed to see the page at all (default viewer). */
  role?: Role;
  render(context: PageContext): Promise<TemplateResult>;
}
