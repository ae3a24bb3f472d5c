import type { TemplateResult } from 'lit-html';
import { html, render } from 'lit-html';
import { api, useSession } from './api.js';
import { layout } from './layout.js';
import { loginView } from './login.js';
import type { AppSummary, ConsolePage, PageContext } from './page.js';
import { pages } from './pages/index.js';
import { currentRoute, routeHash } from './router.js';
import type { SignedIn } from './session.js';
import { currentSession, roleAllows, signOut } from './session.js';
import './style.css';

const root = document.getElementById('root') as HTMLElement;
const APP_KEY = 'guildhall.console.app';

let session: SignedIn | undefined;
let apps: AppSummary[] = [];
let notice: { message: string; kind: 'ok' | 'error' } | undefined;
let shownPage = '';
let lastContent: TemplateResult = html``;
let renders = 0;

function showLogin(message = ''): void {
  session = undefined;
  render(loginView(start, showLogin, message), root);
}

async function start(signedIn: SignedIn): Promise<void> {
  session = signedIn;
  useSession(signedIn.csrf_token, () => showLogin('Your session ended: sign in again.'));
  await loadApps();
  await show();
}

async function loadApps(): Promise<void> {
  apps = (await api.get<{ apps: AppSummary[] }>('/v1/admin/apps')).apps.map(({ id, name }) => ({
    id,
    name,
  }));
}

function pickedApp(): string | undefined {
  const saved = localStorage.getItem(APP_KEY);
  return apps.find((app) => app.id === saved)?.id ?? apps[0]?.id;
}

function draw(page: ConsolePage, context: PageContext, content: TemplateResult): void {
  if (!session) return;
  lastContent = content;
  render(
    layout(
      {
        pages,
        current: page.id,
        email: session.user.email,
        notice,
        pickApp: (appId) => {
          localStorage.setItem(APP_KEY, appId);
          void show();
        },
        signOut: () => void signOut().finally(() => showLogin()),
      },
      context,
      content,
    ),
    root,
  );
}

async function show(): Promise<void> {
  if (!session) return;
  const role = session.user.role;
  const route = currentRoute('dashboard');
  const page = pages.find((p) => p.id === route.page) ?? (pages[0] as ConsolePage);
  if (page.id !== shownPage) notice = undefined;
  shownPage = page.id;
  const context: PageContext = {
    appId: pickedApp(),
    apps,
    params: route.params,
    role,
    can: (needed) => roleAllows(role, needed),
    go: (id, params) => {
      window.location.hash = routeHash(id, params);
    },
    refresh: () => void show(),
    reloadApps: loadApps,
    notify: (message, kind = 'ok') => {
      notice = { message, kind };
      draw(page, context, lastContent);
    },
  };
  const ticket = ++renders;
  draw(page, context, html`<p class="loading">Loading…</p>`);
  let content: TemplateResult;
  try {
    content = context.can(page.role ?? 'viewer')
      ? await page.render(context)
      : html`<p class="notice error" role="alert">Your role cannot see this page.</p>`;
  } catch (error) {
    content = html`<p class="notice error" role="alert">${(error as Error).message}</p>`;
  }
  if (ticket === renders) draw(page, context, content);
}

window.addEventListener('hashchange', () => void show());
const signedIn = await currentSession();
if (signedIn) await start(signedIn);
else showLogin();
