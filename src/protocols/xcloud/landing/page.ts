import { LANDING_CSS, LANDING_JS } from './assets.js';
import type { Language, Strings } from './strings.js';
import { STRINGS, htmlLang } from './strings.js';

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
}

/** JSON safe inside a <script> element. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c');
}

/** What the page's script needs: its words, and where and how to hand a login to the game. */
export interface PageConfig {
  bridge?: string;
  bridgeMethod?: string;
  callback?: string | null;
}

function document(
  language: Language,
  title: string,
  body: string,
  config: PageConfig & { mode: string },
): string {
  const s = STRINGS[language];
  const client = {
    ...config,
    text: {
      status: s.status,
      mismatch: s.mismatch,
      network: s.network,
      failed: s.failed,
    },
  };
  return `<!doctype html>
<html lang="${htmlLang(language)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1, viewport-fit=cover">
<meta name="referrer" content="no-referrer">
<title>${escape(title)}</title>
<link rel="stylesheet" href="${LANDING_CSS.url}">
<script type="application/json" id="landing-config">${scriptJson(client)}</script>
<script defer src="${LANDING_JS.url}"></script>
</head>
<body>
<main class="card">
<header class="brand">
<div class="logo" aria-hidden="true"></div>
<h1>${escape(title)}</h1>
</header>
${body}
</main>
</body>
</html>
`;
}

function hidden(fields: Readonly<Record<string, string>>): string {
  return Object.entries(fields)
    .map(([name, value]) => `<input type="hidden" name="${name}" value="${escape(value)}">`)
    .join('');
}

function field(id: string, label: string, attributes: string, hint?: string): string {
  const described = hint ? ` aria-describedby="${id}-hint"` : '';
  return `<div class="field">
<label for="${id}">${escape(label)}</label>
<input id="${id}" ${attributes}${described}>
${hint ? `<p class="hint" id="${id}-hint">${escape(hint)}</p>` : ''}
</div>`;
}

const alert = '<p class="alert" role="alert" aria-live="assertive" hidden></p>';

function loginForms(s: Strings, ids: Readonly<Record<string, string>>): string {
  const emailAttributes =
    'name="email" type="email" autocomplete="email" inputmode="email" autocapitalize="none" spellcheck="false" maxlength="254" required';
  return `<p class="tagline">${escape(s.tagline)}</p>
<div class="tabs" role="tablist">
<button type="button" role="tab" id="tab-login" aria-controls="view-login" aria-selected="true" data-go="login">${escape(s.login)}</button>
<button type="button" role="tab" id="tab-register" aria-controls="view-register" aria-selected="false" data-go="register" tabindex="-1">${escape(s.register)}</button>
</div>
<section id="view-login" class="view" role="tabpanel" aria-labelledby="tab-login">
<form id="form-login" action="/Pt/landing/login" method="post" novalidate>
${hidden(ids)}
${field('login-email', s.email, emailAttributes)}
${field('login-password', s.password, 'name="password" type="password" autocomplete="current-password" maxlength="256" required')}
${alert}
<button type="submit" class="primary">${escape(s.login)}</button>
<button type="button" class="link" data-go="forgot">${escape(s.forgotLink)}</button>
</form>
</section>
<section id="view-register" class="view" role="tabpanel" aria-labelledby="tab-register" hidden>
<form id="form-register" action="/Pt/landing/register" method="post" novalidate>
${hidden(ids)}
${field('register-email', s.email, emailAttributes)}
${field('register-password', s.password, 'name="password" type="password" autocomplete="new-password" minlength="8" maxlength="256" required', s.passwordHint)}
${alert}
<button type="submit" class="primary">${escape(s.register)}</button>
</form>
</section>
<section id="view-forgot" class="view" aria-labelledby="forgot-title" hidden>
<h2 id="forgot-title">${escape(s.forgotTitle)}</h2>
<form id="form-forgot" action="/Pt/landing/forgot" method="post" novalidate>
${hidden(ids)}
<p class="intro">${escape(s.forgotIntro)}</p>
${field('forgot-email', s.email, emailAttributes)}
${alert}
<p class="notice" role="status" hidden>${escape(s.sent)}</p>
<button type="submit" class="primary">${escape(s.sendLink)}</button>
<button type="button" class="link" data-go="login">${escape(s.back)}</button>
</form>
</section>
<section id="view-success" class="view done" role="status" hidden>
<div class="check" aria-hidden="true"></div>
<p>${escape(s.success)}</p>
</section>`;
}

/** The login and registration page the game's SDK opens, for the app `ids` name. */
export function landingPage(
  language: Language,
  gameName: string,
  ids: Readonly<Record<string, string>>,
  config: PageConfig,
): string {
  const s = STRINGS[language];
  return document(language, gameName, loginForms(s, { ...ids, entry_lang: language }), {
    ...config,
    mode: 'login',
  });
}

/** The page a reset mail links to: a new password for the token's account. */
export function resetPage(language: Language, token: string): string {
  const s = STRINGS[language];
  const passwordAttributes =
    'type="password" autocomplete="new-password" minlength="8" maxlength="256" required';
  const body = `<section id="view-reset" class="view">
<form id="form-reset" action="/Pt/landing/reset" method="post" novalidate>
${hidden({ token, entry_lang: language })}
<p class="intro">${escape(s.resetIntro)}</p>
${field('reset-password', s.newPassword, `name="password" ${passwordAttributes}`, s.passwordHint)}
${field('reset-confirm', s.confirmPassword, `name="confirm" ${passwordAttributes}`)}
${alert}
<button type="submit" class="primary">${escape(s.savePassword)}</button>
</form>
</section>
<section id="view-reset-done" class="view done" role="status" hidden>
<div class="check" aria-hidden="true"></div>
<p>${escape(s.resetDone)}</p>
</section>`;
  return document(language, s.resetTitle, body, { mode: 'reset' });
}

/** Shown when the page is opened without a game it knows. */
export function unknownGamePage(language: Language): string {
  const s = STRINGS[language];
  return document(language, s.login, `<p class="alert" role="alert">${escape(s.unknownGame)}</p>`, {
    mode: 'none',
  });
}
