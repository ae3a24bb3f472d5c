import type { StoreSlice } from '../../store/store.js';
import type { AppService } from '../apps/service.js';
import type { OutboxHandler, OutboxSignal } from '../outbox/types.js';
import type { Clock } from '../runtime.js';
import type { AppSecrets } from '../secrets/app-secrets.js';
import { DeviceService } from './devices.js';
import { InboxService } from './inbox.js';
import type { PushFanoutOptions } from './push-handler.js';
import { pushFanoutHandler } from './push-handler.js';
import type { PushClients } from './providers.js';
import { PushProviders } from './providers.js';
import { PushService } from './push.js';

/** Devices, inboxes and push: what reaches players outside the game. */
export class Messaging {
  readonly devices: DeviceService;
  readonly push: PushService;
  readonly inbox: InboxService;
  /** Push clients per app, made on first use; closed with the platform. */
  readonly providers: PushProviders;
  /** Fans push jobs out (outbox kind 'push'). */
  readonly outboxHandler: OutboxHandler;

  constructor(
    store: StoreSlice<'devices' | 'inbox' | 'outbox' | 'pushJobs'>,
    apps: AppService,
    secrets: AppSecrets,
    clock: Clock,
    signal: OutboxSignal,
    clients: PushClients,
    options: PushFanoutOptions = {},
  ) {
    this.devices = new DeviceService(store, clock);
    this.push = new PushService(store, secrets, clock, signal, clients);
    this.inbox = new InboxService(store, this.push, clock);
    this.providers = new PushProviders(secrets, clients);
    this.outboxHandler = pushFanoutHandler(
      { store, apps, providers: this.providers, clock },
      options,
    );
  }

  close(): Promise<void> {
    return this.providers.close();
  }
}
