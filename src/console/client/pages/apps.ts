import type { TemplateResult } from 'lit-html';
import { html } from 'lit-html';
import { ApiError, api, seg } from '../api.js';
import { act } from '../components/actions.js';
import { dateTime } from '../components/format.js';
import { confirmTyped, formFields } from '../components/forms.js';
import { dataTable } from '../components/table.js';
import type { ConsolePage, PageContext } from '../page.js';

/**
 * An app as GET /v1/admin/apps/:app_id shows it: id, name, a block of credentials per dialect
 * (secrets masked), `settings` (core, then every dialect's) and created_at.
 */
type AppView = {
  id: string;
  name: string;
  settings: Record<string, unknown>;
  created_at: number;
} & Record<string, unknown>;

type Blocks = Record<string, Record<string, string>>;

/** How the GET views mask a secret credential (admin.ts maskSecret). */
const MASK = '****';

/** The credentials revealed on demand, for the app shown; forgotten on leaving it. */
let revealed: { appId: string; blocks: Blocks } | undefined;

/** The dialects' credential blocks of an app view: every object member but the settings. */
function credentialBlocks(view: AppView): Blocks {
  const blocks: Blocks = {};
  for (const [key, value] of Object.entries(view)) {
    if (key !== 'settings' && value !== null && typeof value === 'object' && !Array.isArray(value))
      blocks[key] = value as Record<string, string>;
  }
  return blocks;
}

const hasSecret = (block: Record<string, string>) =>
  Object.values(block).some((value) => value.startsWith(MASK));

// ---- The settings form, drawn from the view's `settings` object -------------------------

type Kind = 'boolean' | 'number' | 'list' | 'json' | 'text' | 'secret';

/**
 * How a setting is edited, from its name and value: `x_set` (a write-only secret's state) is
 * edited as the secret `x`; `..._sec`, `..._ms` and `..._m` are numbers even when null.
 */
function kindOf(name: string, value: unknown): Kind {
  if (name.endsWith('_set') && typeof value === 'boolean') return 'secret';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'number' || /_(sec|ms|m)$/.test(name)) return 'number';
  if (Array.isArray(value)) return 'list';
  if (value !== null && typeof value === 'object') return 'json';
  return 'text';
}

const labelOf = (name: string) => name.replaceAll('_', ' ');

function settingInput(name: string, value: unknown): TemplateResult {
  switch (kindOf(name, value)) {
    case 'boolean':
      return html`<label class="check"
        ><input type="checkbox" name=${name} .checked=${value === true} />${labelOf(name)}</label
      >`;
    case 'number':
      return html`<label
        >${labelOf(name)}
        <input type="number" name=${name} .value=${value === null ? '' : String(value)}
      /></label>`;
    case 'list':
      return html`<label
        >${labelOf(name)} (one a line)
        <textarea name=${name} rows="2" .value=${(value as string[]).join('\n')}></textarea>
      </label>`;
    case 'json':
      return html`<label
        >${labelOf(name)} (JSON)
        <input name=${name} .value=${JSON.stringify(value)} />
      </label>`;
    case 'secret': {
      const secret = name.slice(0, -'_set'.length);
      return html`<label
        >${labelOf(secret)} (${value ? 'set; blank keeps it' : 'not set'})
        <input type="password" name=${secret} autocomplete="off" />
      </label>`;
    }
    default:
      return html`<label
        >${labelOf(name)}
        <input name=${name} .value=${value === null ? '' : String(value)} placeholder="none"
      /></label>`;
  }
}

/** The text of a field as the API takes it: empty is null, `{...}` or `[...]` is JSON. */
function textValue(text: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  if (/^[[{]/.test(trimmed)) return JSON.parse(trimmed) as unknown;
  return trimmed;
}

/** The settings the form changed, as the PATCH body takes them. */
function changedSettings(form: HTMLFormElement, view: AppView): Record<string, unknown> {
  const field = (name: string) =>
    form.elements.namedItem(name) as HTMLInputElement | HTMLTextAreaElement | null;
  const changes: Record<string, unknown> = {};
  const name = field('name')?.value.trim();
  if (name && name !== view.name) changes.name = name;
  for (const [key, old] of Object.entries(view.settings)) {
    const kind = kindOf(key, old);
    if (kind === 'secret') {
      const secret = key.slice(0, -'_set'.length);
      const text = field(secret)?.value ?? '';
      if (text !== '') changes[secret] = text;
      continue;
    }
    const input = field(key);
    if (!input) continue;
    let value: unknown;
    if (kind === 'boolean') value = (input as HTMLInputElement).checked;
    else if (kind === 'number') value = input.value.trim() === '' ? null : Number(input.value);
    else if (kind === 'list')
      value = input.value
        .split(/[\n,]/)
        .map((s) => s.trim())
        .filter(Boolean);
    else value = textValue(input.value);
    if (JSON.stringify(value) !== JSON.stringify(old)) changes[key] = value;
  }
  return changes;
}

// ---- Set-ups of stores and push ------------------------------------------------------------

const SETUPS = [
  { title: 'FCM service account', path: 'fcm-service-account' },
  { title: 'Google Play', path: 'google-play' },
  { title: 'App Store', path: 'app-store' },
] as const;

/** A set-up's view, or null when the app has none (404). */
async function setupOf(appId: string, path: string): Promise<Record<string, unknown> | null> {
  try {
    return await api.get<Record<string, unknown>>(`/v1/admin/apps/${seg(appId)}/${path}`);
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null;
    throw error;
  }
}

/** A view's members as `name: value` pairs, nested objects flattened one level. */
function flat(view: Record<string, unknown>): [string, string][] {
  return Object.entries(view).flatMap(([key, value]): [string, string][] =>
    value !== null && typeof value === 'object' && !Array.isArray(value)
      ? flat(value as Record<string, unknown>).map(([k, v]) => [`${key}.${k}`, v])
      : [[key, value === null ? '—' : String(value)]],
  );
}

// ---- The pages ---------------------------------------------------------------------------

async function listView(context: PageContext): Promise<TemplateResult> {
  const { apps } = await api.get<{ apps: AppView[] }>('/v1/admin/apps');
  const create = (event: Event) => {
    const form = event.currentTarget as HTMLFormElement;
    const sandbox = (form.elements.namedItem('sandbox') as HTMLInputElement).checked;
    const { name = '' } = formFields(event);
    void (async () => {
      try {
        const app = await api.post<AppView>('/v1/admin/apps', { name, sandbox });
        await context.reloadApps();
        context.notify(`Created ${app.name} (${app.id})`);
        context.go('apps', { id: app.id });
      } catch (error) {
        context.notify((error as Error).message, 'error');
      }
    })();
  };
  return html`<h1>Apps</h1>
    ${dataTable(
      [
        {
          title: 'Name',
          cell: (a) => html`<a href=${`#/apps?id=${encodeURIComponent(a.id)}`}>${a.name}</a>`,
        },
        { title: 'Id', cell: (a) => html`<code>${a.id}</code>` },
        { title: 'Created', cell: (a) => dateTime(a.created_at) },
        { title: 'Sandbox', cell: (a) => (a.settings.sandbox ? 'yes' : 'no') },
      ],
      apps,
      'No app yet.',
    )}
    ${
      context.can('operator')
        ? html`<h2>Create an app</h2>
            <form class="inline" aria-label="Create an app" @submit=${create}>
              <label>Name <input name="name" required maxlength="128" /></label>
              <label class="check"><input type="checkbox" name="sandbox" /> Sandbox</label>
              <button type="submit">Create app</button>
            </form>`
        : ''
    }`;
}

async function detailView(context: PageContext, id: string): Promise<TemplateResult> {
  const path = `/v1/admin/apps/${seg(id)}`;
  const [view, setups] = await Promise.all([
    api.get<AppView>(path),
    Promise.all(SETUPS.map((s) => setupOf(id, s.path))),
  ]);
  if (revealed?.appId !== id) revealed = undefined;
  const operator = context.can('operator');
  const blocks = credentialBlocks(view);
  const shown = revealed?.blocks ?? blocks;

  const reveal = () =>
    void act(
      context,
      `Revealed the credentials of ${view.name} (recorded in the audit log)`,
      async () => {
        revealed = {
          appId: id,
          blocks: credentialBlocks(await api.post<AppView>(`${path}/credentials/reveal`)),
        };
      },
    );
  const hide = () => {
    revealed = undefined;
    context.refresh();
  };
  const rotate = (dialect: string) => {
    const question =
      `Rotate the ${dialect} secrets of ${view.name}? ` +
      'Game servers still using the old ones are refused at once.';
    if (!confirmTyped(question, dialect)) return;
    void act(context, `Rotated the ${dialect} secrets of ${view.name}`, async () => {
      await api.post(`${path}/rotate-secret`, { dialect });
      revealed = undefined;
    });
  };
  const save = (event: Event) => {
    event.preventDefault();
    let changes: Record<string, unknown>;
    try {
      changes = changedSettings(event.currentTarget as HTMLFormElement, view);
    } catch (error) {
      context.notify(`Not saved: ${(error as Error).message}`, 'error');
      return;
    }
    if (Object.keys(changes).length === 0) {
      context.notify('Nothing changed.');
      return;
    }
    void act(context, `Saved ${Object.keys(changes).join(', ')}`, async () => {
      await api.patch(path, changes);
      if (changes.name) await context.reloadApps();
    });
  };

  return html`<p><a href="#/apps">← Apps</a></p>
    <h1>${view.name}</h1>
    <dl class="fields">
      <dt>Id</dt>
      <dd><code>${view.id}</code></dd>
      <dt>Created</dt>
      <dd>${dateTime(view.created_at)}</dd>
    </dl>

    <h2>Credentials</h2>
    <p class="muted">
      ${
        revealed
          ? 'Secrets shown in full.'
          : `Secrets are masked (${MASK} and their last 4 characters); revealing them is recorded.`
      }
      ${
        operator
          ? revealed
            ? html`<button @click=${hide}>Hide secrets</button>`
            : html`<button class="primary" @click=${reveal}>Reveal secrets</button>`
          : ''
      }
    </p>
    <section class="panels">
      ${Object.entries(shown).map(
        ([dialect, block]) =>
          html`<div class="panel" data-dialect=${dialect}>
            <h3>${dialect}</h3>
            <dl class="fields">
              ${Object.entries(block).map(
                ([name, value]) =>
                  html`<dt>${name}</dt>
                    <dd><code data-credential=${`${dialect}.${name}`}>${value || '—'}</code></dd>`,
              )}
            </dl>
            ${
              operator && hasSecret(blocks[dialect] ?? {})
                ? html`<div class="actions">
                    <button class="danger" @click=${() => rotate(dialect)}>
                      Rotate ${dialect} secret
                    </button>
                  </div>`
                : ''
            }
          </div>`,
      )}
    </section>

    <h2>Certificates and keys</h2>
    <section class="panels">
      ${SETUPS.map((setup, i) => {
        const configured = setups[i];
        return html`<div class="panel" data-setup=${setup.path}>
          <h3>${setup.title}</h3>
          ${
            configured
              ? html`<p class="status-ok">Configured</p>
                  <dl class="fields">
                    ${flat(configured).map(
                      ([k, v]) =>
                        html`<dt>${k}</dt>
                          <dd>${v}</dd>`,
                    )}
                  </dl>`
              : html`<p class="muted">
                  Not configured (<code>PUT /v1/admin/apps/${view.id}/${setup.path}</code>)
                </p>`
          }
        </div>`;
      })}
    </section>

    <h2>Settings</h2>
    <form class="settings" aria-label="Settings" @submit=${save}>
      <fieldset ?disabled=${!operator} style="display: contents">
        <label>name <input name="name" .value=${view.name} required maxlength="128" /></label>
        ${Object.entries(view.settings).map(([name, value]) => settingInput(name, value))}
        ${operator ? html`<div class="submit"><button type="submit">Save settings</button></div>` : ''}
      </fieldset>
    </form>`;
}

/** Every app: the list and a new one; one app's credentials, set-ups and settings. */
export const appsPage: ConsolePage = {
  id: 'apps',
  title: 'Apps',
  async render(context) {
    const id = context.params.get('id');
    if (!id) {
      revealed = undefined;
      return listView(context);
    }
    return detailView(context, id);
  },
};
