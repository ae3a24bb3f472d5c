import type { PushMessage, PushOutcome } from '../../providers/push/types.js';

export type { PushMessage } from '../../providers/push/types.js';

export type DevicePlatform = 'ios' | 'android';
export const DEVICE_PLATFORMS: readonly DevicePlatform[] = ['ios', 'android'];

/** Limits of a device registration and of an inbox message. */
export const MESSAGING_LIMITS = {
  tags: 32,
  tagLength: 64,
  aliasLength: 64,
  tokenLength: 512,
  /** Unicode code points. */
  contentLength: 300,
  /** Values of one push target (tags, aliases or tokens). */
  targetValues: 1_000,
} as const;

/**
 * A tag or alias: no commas (push targets are comma-separated lists) and no space at either end
 * (their values are trimmed).
 */
export const LABEL_PATTERN = /^[^,\s](?:[^,]*[^,\s])?$/;
/** A device token: no whitespace, no commas. */
export const TOKEN_PATTERN = /^[^\s,]+$/;

/** A phone or tablet of a player that push messages can reach. */
export interface Device {
  id: number;
  appId: string;
  accountId: number;
  platform: DevicePlatform;
  token: string;
  alias: string | null;
  tags: string[];
  createdAt: number;
  updatedAt: number;
}

export interface DeviceRegistration {
  platform: DevicePlatform;
  token: string;
  tags: string[];
  alias: string | null;
}

export type InboxKind = 'direct' | 'broadcast';

export interface InboxMessage {
  id: number;
  appId: string;
  /** null: to every player of the app. */
  accountId: number | null;
  kind: InboxKind;
  content: string;
  createdAt: number;
}

/**
 * Whom a push job reaches, among the app's devices of the job's platform: devices with any of
 * the tags, with all of them, with any of the aliases, with any of the tokens, of any of the
 * accounts (values are account ids), or all of them.
 */
export type PushTargetKind = 'tag' | 'tagand' | 'alias' | 'user' | 'account' | 'all';
export const PUSH_TARGET_KINDS: readonly PushTargetKind[] = [
  'tag',
  'tagand',
  'alias',
  'user',
  'account',
  'all',
];

export interface PushTarget {
  kind: PushTargetKind;
  values: string[];
}

export type PushJobStatus = 'pending' | 'done';

export interface PushJob {
  id: number;
  appId: string;
  platform: DevicePlatform;
  message: PushMessage;
  target: PushTarget;
  status: PushJobStatus;
  /** Why nothing went out, or other remarks; '' when none. */
  note: string;
  /** Last device id processed: the fan-out resumes after it. */
  cursor: number;
  sent: number;
  failed: number;
  invalid: number;
  createdAt: number;
  finishedAt: number | null;
}

export type PushResultStatus = PushOutcome['status'];

export interface PushResult {
  id: number;
  jobId: number;
  deviceId: number;
  token: string;
  status: PushResultStatus;
  detail: string;
  createdAt: number;
}

/** Outbox kind of push jobs (ref = the job id). */
export const PUSH_OUTBOX_KIND = 'push';

/** The sealed form of an app's APNs certificate. */
export interface StoredApnsCertificate {
  /** PKCS#12, base64. */
  pfx: string;
  passphrase: string;
}
