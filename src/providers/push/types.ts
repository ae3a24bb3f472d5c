/** What a push provider did with one device token. */
export type PushOutcome =
  | { status: 'sent'; detail: string } // accepted by the service (detail: e.g. apns-id or FCM message name)
  | { status: 'invalid'; detail: string } // the service says the token is dead/invalid: the caller drops the device
  | { status: 'failed'; detail: string }; // anything else (HTTP status + reason, network error)

export interface PushProvider {
  /** Sends one message to one device token. Never throws for per-device problems; returns an outcome. */
  send(token: string, message: PushMessage): Promise<PushOutcome>;
  /** Releases connections. */
  close(): Promise<void>;
}

/** Provider-neutral message (already validated by the caller). */
export interface PushMessage {
  /** iOS: the `aps` dictionary as the game server gave it, e.g. {"alert":{"title":"t","body":"b"},"sound":"default"}. */
  aps?: Record<string, unknown>;
  /** Android: notification title/text, optional image (logo) URL, and the pass-through data string (content). */
  android?: { title: string; text: string; content?: string; logo?: string };
}
