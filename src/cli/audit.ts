import type { Command } from 'commander';
import { Option } from 'commander';
import type { ConfigFlags } from '../config.js';
import { auditEntryView } from '../protocols/native/admin-console.js';
import { withGuildhall, withStorageFlags } from './context.js';
import { table } from './table.js';

type Flags = ConfigFlags & {
  actor?: string;
  action?: string;
  target?: string;
  since?: string;
  limit: string;
  json?: boolean;
};

/** `guildhall audit`: the newest writes through the console and the admin API. */
export function registerAuditCommand(program: Command): void {
  withStorageFlags(program.command('audit'))
    .description('print the audit log of operators’ writes, newest first')
    .addOption(new Option('--actor <actor>', 'only this actor (admin-token, console:<email>)'))
    .addOption(new Option('--action <text>', 'only actions containing this text'))
    .addOption(new Option('--target <text>', 'only targets containing this text'))
    .addOption(new Option('--since <date>', 'only entries at or after this ISO date/time'))
    .addOption(new Option('--limit <n>', 'at most this many entries').default('50'))
    .addOption(new Option('--json', 'one JSON object per line, with before and after'))
    .action((flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const limit = Number(flags.limit);
        if (!Number.isInteger(limit) || limit < 1 || limit > 10_000)
          throw new Error('--limit: a whole number from 1 to 10000');
        const from = flags.since === undefined ? undefined : Date.parse(flags.since);
        if (from !== undefined && Number.isNaN(from)) throw new Error('--since: not a date');
        const entries = (
          await guildhall.auditLog.list({
            actor: flags.actor,
            action: flags.action,
            target: flags.target,
            from,
            limit,
          })
        ).map(auditEntryView);
        if (flags.json) {
          for (const entry of entries) console.log(JSON.stringify(entry));
          return;
        }
        if (entries.length === 0) return console.log('no entries');
        const rows = entries.map((e) => [
          new Date(e.at).toISOString(),
          e.actor,
          e.action,
          JSON.stringify(e.target),
          e.status,
        ]);
        for (const line of table(['at', 'actor', 'action', 'target', 'status'], rows))
          console.log(line);
      }),
    );
}
