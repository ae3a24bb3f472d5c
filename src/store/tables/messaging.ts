import type { Generated } from 'kysely';

/** Tables of the messaging domain: devices, inboxes and push jobs. */
export interface MessagingTables {
  devices: DevicesTable;
  device_tags: DeviceTagsTable;
  inbox_messages: InboxMessagesTable;
  push_jobs: PushJobsTable;
  push_results: PushResultsTable;
}

export interface DevicesTable {
  id: Generated<number>;
  app_id: string;
  account_id: number;
  /** ios | android */
  platform: string;
  token: string;
  alias: string | null;
  /** JSON array of tags (also indexed in device_tags). */
  tags: string;
  created_at: number;
  updated_at: number;
}

export interface DeviceTagsTable {
  app_id: string;
  tag: string;
  device_id: number;
}

export interface InboxMessagesTable {
  id: Generated<number>;
  app_id: string;
  /** null: to every player of the app. */
  account_id: number | null;
  content: string;
  created_at: number;
}

export interface PushJobsTable {
  id: Generated<number>;
  app_id: string;
  platform: string;
  /** The provider-neutral message (JSON). */
  message: string;
  /** tag | tagand | alias | user | account | all */
  target_kind: string;
  /** JSON array of strings (account ids for 'account'). */
  targets: string;
  /** pending | done */
  status: string;
  /** Why nothing went out, or other remarks; '' when none. */
  note: string;
  /** Last device id processed: the fan-out resumes after it. */
  cursor: number;
  sent: number;
  failed: number;
  invalid: number;
  created_at: number;
  finished_at: number | null;
}

export interface PushResultsTable {
  id: Generated<number>;
  job_id: number;
  device_id: number;
  token: string;
  /** sent | failed | invalid */
  status: string;
  detail: string;
  created_at: number;
}
