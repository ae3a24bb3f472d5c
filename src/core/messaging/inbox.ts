import type { App } from '../apps/types.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { Store } from '../../store/store.js';
import type { PushService } from './push.js';
import type { InboxMessage, PushTarget } from './types.js';
import { MESSAGING_LIMITS } from './types.js';

/** Length in Unicode code points (what a player counts as characters). */
export function codePoints(text: string): number {
  return Array.from(text).length;
}

export function checkContent(content: string): void {
  if (content.trim() === '' || codePoints(content) > MESSAGING_LIMITS.contentLength) {
    fail('invalid_argument', `content: 1-${MESSAGING_LIMITS.contentLength} characters`);
  }
}

/**
 * Messages to players, kept in their inbox and, when the app has an FCM service account, sent
 * on to their Android devices as a notification titled with the app's name.
 */
export class InboxService {
  constructor(
    private readonly store: Store,
    private readonly push: PushService,
    private readonly clock: Clock,
  ) {}

  /** A message to one player of the app. */
  toPlayer(app: App, accountId: number, content: string): Promise<InboxMessage> {
    return this.deliver(app, accountId, content, {
      kind: 'account',
      values: [String(accountId)],
    });
  }

  /**
   * A message to every player of the app: stored once, seen by each player who joined the app
   * before it was sent.
   */
  toEveryone(app: App, content: string): Promise<InboxMessage> {
    return this.deliver(app, null, content, { kind: 'all', values: [] });
  }

  /** The player's messages, oldest first, after message id `afterId`. */
  list(appId: string, accountId: number, afterId: number, limit: number): Promise<InboxMessage[]> {
    return this.store.inbox.forPlayer(appId, accountId, afterId, limit);
  }

  private async deliver(
    app: App,
    accountId: number | null,
    content: string,
    target: PushTarget,
  ): Promise<InboxMessage> {
    checkContent(content);
    const android = await this.push.hasFcm(app.id);
    const message = await this.store.transaction(async (store) => {
      const stored = await store.inbox.insert({
        appId: app.id,
        accountId,
        content,
        createdAt: this.clock.now(),
      });
      if (android) {
        await this.push.queue(store, {
          appId: app.id,
          platform: 'android',
          message: { android: { title: app.name, text: content } },
          target,
        });
      }
      return stored;
    });
    if (android) this.push.notifyQueued();
    return message;
  }
}
