import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { InvalidArgumentError } from 'commander';
import type { ConfigFlags } from '../config.js';
import type { PushJobView } from '../protocols/native/admin-push.js';
import { pushJobDetail, pushJobViews } from '../protocols/native/admin-push.js';
import { withGuildhall, withStorageFlags } from './context.js';

type Flags = ConfigFlags & { json?: boolean; limit?: number };

const time = (ms: number | null) => (ms === null ? '-' : new Date(ms).toISOString());

function wholeNumber(max: number) {
  return (value: string): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1 || n > max) {
      throw new InvalidArgumentError(`expected a whole number from 1 to ${max}`);
    }
    return n;
  };
}

function targetText(job: PushJobView): string {
  return job.target.values.length > 0
    ? `${job.target.kind} ${job.target.values.join(',')}`
    : job.target.kind;
}

function line(job: PushJobView): string {
  return [
    String(job.id).padStart(6),
    job.platform.padEnd(7),
    job.status.padEnd(7),
    `sent ${job.sent} failed ${job.failed} invalid ${job.invalid} pending ${job.pending}`,
    time(job.created_at),
    targetText(job),
    job.note,
  ]
    .filter((part) => part !== '')
    .join('  ');
}

export function registerPushCommands(program: Command): void {
  const push = program.command('push').description('push credentials and push jobs');

  withStorageFlags(push.command('fcm-credentials'))
    .description("store an app's FCM service-account key file (replaces the previous one)")
    .argument('<app_id>', 'app id')
    .argument('<file>', 'the service-account key file (JSON) from the Firebase console')
    .option('--json', 'print one JSON object')
    .action((appId: string, file: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const app = await guildhall.apps.get(appId);
        const account = await guildhall.messaging.push.setFcmServiceAccount(
          app.id,
          await readFile(file, 'utf8'),
        );
        const view = { project_id: account.projectId, client_email: account.clientEmail };
        if (flags.json) console.log(JSON.stringify(view));
        else console.log(`${app.id}: FCM project ${view.project_id} as ${view.client_email}`);
      }),
    );

  withStorageFlags(push.command('jobs'))
    .description("list an app's push jobs, newest first")
    .argument('<app_id>', 'app id')
    .option('--limit <n>', 'how many (default 50)', wholeNumber(500))
    .option('--json', 'print a JSON array')
    .action((appId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const app = await guildhall.apps.get(appId);
        const jobs = await guildhall.messaging.push.jobs(app.id, null, flags.limit ?? 50);
        const views = await pushJobViews(guildhall, jobs);
        if (flags.json) console.log(JSON.stringify(views));
        else if (views.length === 0) console.log(`${app.id}: no push jobs`);
        else for (const view of views) console.log(line(view));
      }),
    );

  withStorageFlags(push.command('show'))
    .description('show a push job: counts, note, attempts and per-device results')
    .argument('<job_id>', 'push job id', wholeNumber(Number.MAX_SAFE_INTEGER))
    .option('--limit <n>', 'results shown (default 100)', wholeNumber(1_000))
    .option('--json', 'print one JSON object')
    .action((jobId: number, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const job = await pushJobDetail(guildhall, jobId, 0, flags.limit ?? 100);
        if (flags.json) {
          console.log(JSON.stringify(job));
          return;
        }
        console.log(`push job ${job.id}  ${job.status}`);
        console.log(`  app              ${job.app_id}`);
        console.log(`  platform         ${job.platform}`);
        console.log(`  target           ${targetText(job)}`);
        console.log(`  message          ${JSON.stringify(job.message)}`);
        console.log(`  sent             ${job.sent}`);
        console.log(`  failed           ${job.failed}`);
        console.log(`  invalid          ${job.invalid}`);
        console.log(`  pending          ${job.pending}`);
        console.log(`  note             ${job.note || '-'}`);
        console.log(`  created          ${time(job.created_at)}`);
        console.log(`  finished         ${time(job.finished_at)}`);
        for (const attempt of job.attempts) {
          console.log(
            `  attempt ${attempt.attempt}        ${time(attempt.started_at)} ${attempt.outcome}: ${attempt.summary}`,
          );
        }
        for (const result of job.results) {
          console.log(`  ${result.status.padEnd(8)} ${result.token}  ${result.detail}`);
        }
        if (job.next_after !== null) console.log(`  ... more results (--json, admin API)`);
      }),
    );
}
