import { html } from 'lit-html';
import { routeHash } from '../router.js';

/** A notification's text, in the APNs (title, body) or FCM (title, text) shape. */
interface Alert {
  title?: string;
  body?: string;
  text?: string;
}

/** A push job as the admin API answers it. */
export interface PushJob {
  id: number;
  platform: string;
  message: { aps?: { alert?: Alert | string }; android?: Alert };
  target: { kind: string; values: string[] };
  status: string;
  note: string;
  sent: number;
  failed: number;
  invalid: number;
  pending: number;
  created_at: number;
  finished_at: number | null;
}

/** The text of a job's notification (APNs or FCM shape), else its message as JSON. */
export function messageText(message: PushJob['message']): string {
  const alert = message.aps?.alert ?? message.android;
  if (typeof alert === 'string') return alert;
  if (alert) return [alert.title, alert.body ?? alert.text].filter(Boolean).join(' — ');
  return JSON.stringify(message);
}

export const targetText = (target: PushJob['target']) =>
  target.kind === 'all' ? 'all devices' : `${target.kind}: ${target.values.join(', ')}`;

export const jobLink = (job: PushJob) =>
  html`<a href=${routeHash('push', { job: job.id })}>#${job.id}</a>`;
