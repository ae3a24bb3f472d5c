import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import type { ConfigFlags } from '../config.js';
import { adminPlayerDelete, adminPlayerSearch } from '../protocols/native/admin-privacy.js';
import { withGuildhall, withStorageFlags } from './context.js';

type Flags = ConfigFlags & { json?: boolean; out?: string; yes?: boolean };

/** `guildhall player ...`: find a player by any id, export their data, delete them. */
export function registerPlayerCommands(program: Command): void {
  const player = program.command('player').description("players' privacy requests");

  withStorageFlags(player.command('search'))
    .description('the players of an app with this id: player id, platform ids, email, device id')
    .argument('<app_id>', 'app id')
    .argument('<id>', 'any id of the player')
    .option('--json', 'print one JSON object, as the admin API answers')
    .action((appId: string, id: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const found = await adminPlayerSearch(guildhall, appId, { q: id, limit: 100 });
        if (flags.json) return console.log(JSON.stringify(found));
        if (found.players.length === 0) console.log('no player has this id');
        for (const p of found.players) {
          const created = new Date(p.created_at).toISOString();
          console.log(`${p.player_id}  ${p.name || '-'}  ${created}  ${p.matched.join(', ')}`);
        }
        if (found.total > found.players.length) console.log(`(first 100 of ${found.total})`);
      }),
    );

  withStorageFlags(player.command('export'))
    .description('everything held about the player, as one JSON document (an access request)')
    .argument('<player_id>', 'player id')
    .option('--out <file>', 'write the document to this file (default: standard output)')
    .action((playerId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const document = JSON.stringify(await guildhall.privacy.export(playerId), null, 2);
        if (flags.out) await writeFile(flags.out, `${document}\n`);
        else console.log(document);
      }),
    );

  withStorageFlags(player.command('delete'))
    .description('delete the player and their personal data; their orders stay, unlinked')
    .argument('<player_id>', 'player id')
    .option('--yes', 'really delete (required: the deletion cannot be undone)')
    .action(async (playerId: string, flags: Flags) => {
      if (!flags.yes) {
        throw new Error(`deleting ${playerId} cannot be undone; add --yes to delete`);
      }
      await withGuildhall(flags, async (guildhall) => {
        await adminPlayerDelete(guildhall, playerId, playerId);
        console.log(`deleted player ${playerId}`);
      });
    });
}
