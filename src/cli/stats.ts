import type { Command } from 'commander';
import type { ConfigFlags } from '../config.js';
import { adminStats } from '../protocols/native/admin-stats.js';
import { withGuildhall, withStorageFlags } from './context.js';
import { table } from './table.js';

type Flags = ConfigFlags & { json?: boolean; from?: string; to?: string };
type StatsView = Awaited<ReturnType<typeof adminStats>>;

function print(stats: StatsView): void {
  const lines = [
    `${stats.app_id}  ${stats.from} .. ${stats.to}`,
    '',
    ...table(
      ['day', 'active', 'new'],
      stats.days.map((d) => [d.day, d.active_players, d.new_players]),
    ),
    '',
    'new players by source',
    ...(stats.new_players_by_source.length === 0
      ? ['  none']
      : table(
          ['day', 'source', 'mainsource', 'subsource', 'players'],
          stats.new_players_by_source.map((s) => [
            s.day,
            s.source,
            s.mainsource || '-',
            s.subsource || '-',
            s.players,
          ]),
        )),
    '',
    'events',
    ...(stats.events.length === 0
      ? ['  none']
      : table(
          ['day', 'main class', 'sub class', 'events'],
          stats.events.map((e) => [e.day, e.main_class, e.sub_class || '-', e.events]),
        )),
    '',
    'device models (first reported in the range)',
    ...(stats.device_models.length === 0
      ? ['  none']
      : table(
          ['platform', 'model', 'devices'],
          stats.device_models.map((m) => [m.platform, m.model || '-', m.devices]),
        )),
  ];
  for (const text of lines) console.log(text);
}

export function registerStatsCommands(program: Command): void {
  withStorageFlags(program.command('stats'))
    .description(
      "an app's daily active and new players, new players by source, events and device models",
    )
    .argument('<app_id>', 'app id')
    .option(
      '--from <day>',
      'first day, YYYY-MM-DD in the app time zone (default: 29 days before --to)',
    )
    .option('--to <day>', 'last day, YYYY-MM-DD (default: today)')
    .option('--json', 'print one JSON object, as the admin API answers')
    .action((appId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const stats = await adminStats(guildhall, appId, { from: flags.from, to: flags.to });
        if (flags.json) console.log(JSON.stringify(stats));
        else print(stats);
      }),
    );
}
