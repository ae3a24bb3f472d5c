import type { App } from '../apps/types.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import type { PushService } from './push.js';
import type { InboxMessage, PushTarget } from './types.js';
import { MESSAGING_LIMITS } from './types.js';

/** Length in Unicode code points (what a player counts as characters). */
export function codePoints(text: string): number {
  return Array.from(text).length;
}

export function checkContent(
  content: string,
  maxLength: number = MESSAGING_LIMITS.contentLength,
): void {
  if (content.trim() === '' || codePoints(content) > maxLength) {
    fail('invalid_argument', `content: 1-${maxLength} characters`);
  }
}

/** For messages the platform composes (shares: JSON), rather than ones a player typed. */
export interface DeliveryOptions {
  /** Longest content, code points (default: what a player may type). */
  maxLength?: number;
  /** The notification text on devices (default: the content). */
  pushText?: string;
}

function only(messages: InboxMessage[]): InboxMessage {
  const [message] = messages;
  if (!message) throw new Error('the message was not stored');
  return message;
}

/** What a message needs of its app: its id and name (the title of Android notifications). */
type InboxApp = Pick<App, 'id' | 'name'>;

/**
 * Messages to players, kept in their inbox and, when the app has an FCM service account, sent
 * on to their Android devices as a notification titled with the app's name.
 */
export class InboxService {
  constructor(
    private readonly store: StoreSlice<'inbox'>,
    private readonly push: PushService,
    private readonly clock: Clock,
  ) {}

  /** A message to one player of the app. */
  toPlayer(
    app: InboxApp,
    accountId: number,
    content: string,
    options: DeliveryOptions = {},
  ): Promise<InboxMessage> {
    return this.deliver(
      app,
      [accountId],
      content,
      { kind: 'account', values: [String(accountId)] },
      options,
    ).then(only);
  }

  /**
   * The same message to each of these players of the app (at most
   * MESSAGING_LIMITS.targetValues): one message each, and one push job for all their devices.
   * Returns how many were stored.
   */
  async toPlayers(
    app: InboxApp,
    accountIds: readonly number[],
    content: string,
    options: DeliveryOptions = {},
  ): Promise<number> {
    if (accountIds.length === 0) return 0;
    if (accountIds.length > MESSAGING_LIMITS.targetValues) {
      fail('invalid_argument', `at most ${MESSAGING_LIMITS.targetValues} players at once`);
    }
    const target: PushTarget = { kind: 'account', values: accountIds.map(String) };
    return (await this.deliver(app, accountIds, content, target, options)).length;
  }

  /**
   * A message to every player of the app: stored once, seen by each player who joined the app
   * before it was sent.
   */
  toEveryone(app: InboxApp, content: string): Promise<InboxMessage> {
    return this.deliver(app, [null], content, { kind: 'all', values: [] }).then(only);
  }

  /** The player's messages, oldest first, after message id `afterId`. */
  list(appId: string, accountId: number, afterId: number, limit: number): Promise<InboxMessage[]> {
    return this.store.inbox.forPlayer(appId, accountId, afterId, limit);
  }

  /** The player's `limit` newest messages, newest first, and how many they have in all. */
  newest(appId: string, accountId: number, limit: number) {
    return this.store.inbox.newestForPlayer(appId, accountId, limit);
  }

  private async deliver(
    app: InboxApp,
    recipients: readonly (number | null)[],
    content: string,
    target: PushTarget,
    options: DeliveryOptions = {},
  ): Promise<InboxMessage[]> {
    checkContent(content, options.maxLength);
    const android = await this.push.hasFcm(app.id);
    const messages = await this.store.transaction(async (store) => {
      const stored = await store.inbox.insert({
        appId: app.id,
        accountIds: recipients,
        content,
        createdAt: this.clock.now(),
      });
      if (android) {
        await this.push.queue(store, {
          appId: app.id,
          platform: 'android',
          message: { android: { title: app.name, text: options.pushText ?? content } },
          target,
        });
      }
      return stored;
    });
    if (android) this.push.notifyQueued();
    return messages;
  }
}
