import type { App } from '../apps/types.js';
import { fail } from '../errors.js';
import type { InboxService } from '../messaging/inbox.js';
import { checkContent } from '../messaging/inbox.js';
import { MESSAGING_LIMITS } from '../messaging/types.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import type { MessageTemplate, TemplateStatus } from './types.js';
import { SUBSCRIPTION_LIMITS } from './types.js';

/**
 * Message subscriptions: operators define an app's messages (templates); players subscribe to
 * them; pushing one puts its content in every subscriber's inbox.
 */
export class SubscriptionService {
  constructor(
    private readonly store: StoreSlice<'subscriptions'>,
    private readonly clock: Clock,
    private readonly inbox: InboxService,
  ) {}

  async create(appId: string, title: string, content: string): Promise<MessageTemplate> {
    const trimmed = title.trim();
    if (!trimmed || Array.from(trimmed).length > SUBSCRIPTION_LIMITS.titleLength) {
      fail('invalid_argument', `title: 1-${SUBSCRIPTION_LIMITS.titleLength} characters`);
    }
    checkContent(content);
    if ((await this.store.subscriptions.countTemplates(appId)) >= SUBSCRIPTION_LIMITS.templates) {
      fail('invalid_argument', `an app has at most ${SUBSCRIPTION_LIMITS.templates} templates`);
    }
    return this.store.subscriptions.insertTemplate(appId, trimmed, content, this.clock.now());
  }

  /** The app's templates, each with its number of subscribers. */
  async templates(appId: string): Promise<{ template: MessageTemplate; subscribers: number }[]> {
    const templates = await this.store.subscriptions.templates(appId);
    const counts = await this.store.subscriptions.subscriberCounts(templates.map((t) => t.id));
    return templates.map((template) => ({
      template,
      subscribers: counts.get(template.id) ?? 0,
    }));
  }

  /** Deletes the template with its subscriptions. */
  async remove(appId: string, id: number): Promise<void> {
    if (!(await this.store.subscriptions.deleteTemplate(appId, id))) {
      fail('not_found', `no message template ${id}`);
    }
  }

  /** Every template of the app, and whether the player is subscribed to it. */
  async statusOf(appId: string, accountId: number): Promise<TemplateStatus[]> {
    const templates = await this.store.subscriptions.templates(appId);
    const subscribed = await this.store.subscriptions.subscribedAmong(
      accountId,
      templates.map((t) => t.id),
    );
    return templates.map((template) => ({ template, subscribed: subscribed.has(template.id) }));
  }

  /** Subscribes the player to the templates, or cancels them; all must be the app's. */
  async set(
    appId: string,
    accountId: number,
    ids: readonly number[],
    subscribe: boolean,
  ): Promise<void> {
    const wanted = [...new Set(ids)];
    if (wanted.length === 0 || wanted.length > SUBSCRIPTION_LIMITS.idsPerCall) {
      fail('invalid_argument', `1 to ${SUBSCRIPTION_LIMITS.idsPerCall} template ids`);
    }
    const found = new Set(
      (await this.store.subscriptions.templates(appId, wanted)).map((t) => t.id),
    );
    const unknown = wanted.find((id) => !found.has(id));
    if (unknown !== undefined) fail('not_found', `no message template ${unknown}`);
    if (subscribe) await this.store.subscriptions.subscribe(accountId, wanted, this.clock.now());
    else await this.store.subscriptions.unsubscribe(accountId, wanted);
  }

  /**
   * Puts the template's content in the inbox of every subscriber, a page of players at a time
   * (one push job per page); returns how many received it.
   */
  async push(app: App, id: number): Promise<number> {
    const template = await this.template(app.id, id);
    let sent = 0;
    for (let after = 0; ;) {
      const page = await this.store.subscriptions.subscribers(
        template.id,
        after,
        MESSAGING_LIMITS.targetValues,
      );
      sent += await this.inbox.toPlayers(app, page, template.content);
      const last = page[page.length - 1];
      if (last === undefined || page.length < MESSAGING_LIMITS.targetValues) return sent;
      after = last;
    }
  }

  /** Removes every subscriber of the template; returns how many there were. */
  async clear(appId: string, id: number): Promise<number> {
    const template = await this.template(appId, id);
    return this.store.subscriptions.clear(template.id);
  }

  private async template(appId: string, id: number): Promise<MessageTemplate> {
    const [template] = await this.store.subscriptions.templates(appId, [id]);
    return template ?? fail('not_found', `no message template ${id}`);
  }
}
