import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface } from 'node:readline';
import type { Command } from 'commander';
import type { ShareImage } from '../core/sharing/types.js';
import { CDK_CODE } from '../core/sharing/types.js';
import type { ConfigFlags } from '../config.js';
import type { Guildhall } from '../guildhall.js';
import { shareImageView } from '../protocols/native/admin-sharing.js';
import { withGuildhall, withStorageFlags } from './context.js';
import { progressBar } from './progress.js';

type Flags = ConfigFlags & { json?: boolean };
type ShareFlags = Flags & { type: string; file?: string; title?: string; subtitle?: string };

/** Codes sent to the store at a time while a file streams in. */
const LOAD_BATCH = 1000;

/** As the admin API shows it, with the image's path on the server (the host is the caller's). */
const viewOf = (image: ShareImage) =>
  shareImageView(image, image.mediaId === null ? null : `/v1/media/${image.mediaId}`);

function line(view: ReturnType<typeof viewOf>): string {
  return [view.type.padEnd(10), view.url ?? '(no image)', view.title, view.subtitle]
    .filter((part) => part !== '')
    .join('  ');
}

/** Streams a file of codes (one a line; blank lines skipped) into the type's stock. */
async function loadCodes(guildhall: Guildhall, appId: string, type: string, file: string) {
  const total = (await stat(file)).size;
  const input = createReadStream(file);
  let bytes = 0;
  input.on('data', (chunk) => (bytes += chunk.length));
  const progress = progressBar('cdk load {bar} {percentage}% | {codes} codes');
  const result = { loaded: 0, duplicates: 0 };
  let batch: string[] = [];
  const flush = async () => {
    const { loaded, duplicates } = await guildhall.cdk.load(appId, type, batch);
    result.loaded += loaded;
    result.duplicates += duplicates;
    batch = [];
    progress.update(bytes, total, { codes: result.loaded + result.duplicates });
  };
  let lineNumber = 0;
  try {
    for await (const text of createInterface({ input, crlfDelay: Infinity })) {
      lineNumber += 1;
      const code = text.trim();
      if (code === '') continue;
      if (!CDK_CODE.test(code)) {
        await flush();
        throw new Error(
          `${file}:${lineNumber}: not a code (1-128 printable characters without spaces); ` +
            `${result.loaded} codes loaded before it (loading the file again skips them)`,
        );
      }
      batch.push(code);
      if (batch.length === LOAD_BATCH) await flush();
    }
    await flush();
  } finally {
    progress.stop();
    input.destroy();
  }
  return result;
}

export function registerSharingCommands(program: Command): void {
  const share = program.command('share').description('what shares show, per share type');

  withStorageFlags(share.command('set-image'))
    .description("set a share type's image, title or subtitle (what is left out stays)")
    .argument('<app_id>', 'app id')
    .requiredOption('--type <type>', 'share type (e.g. 1, 2, 3)')
    .option('--file <file>', 'the image: PNG, JPEG, GIF or WebP')
    .option('--title <text>', 'title')
    .option('--subtitle <text>', 'subtitle')
    .option('--json', 'print one JSON object')
    .action((appId: string, flags: ShareFlags) =>
      withGuildhall(flags, async (guildhall) => {
        const app = await guildhall.apps.get(appId);
        if (flags.file === undefined && flags.title === undefined && flags.subtitle === undefined) {
          throw new Error('give --file, --title or --subtitle');
        }
        const image = await guildhall.shareImages.set(app.id, flags.type, {
          title: flags.title,
          subtitle: flags.subtitle,
          image:
            flags.file === undefined
              ? undefined
              : { data: await readFile(flags.file), filename: basename(flags.file) },
        });
        const view = viewOf(image);
        console.log(flags.json ? JSON.stringify(view) : `${app.id}: ${line(view)}`);
      }),
    );

  withStorageFlags(share.command('images'))
    .description("list an app's share types with their images and texts")
    .argument('<app_id>', 'app id')
    .option('--json', 'print a JSON array')
    .action((appId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const app = await guildhall.apps.get(appId);
        const views = (await guildhall.shareImages.list(app.id)).map(viewOf);
        if (flags.json) console.log(JSON.stringify(views));
        else if (views.length === 0) console.log(`${app.id}: no share images`);
        else for (const view of views) console.log(line(view));
      }),
    );

  const cdk = program.command('cdk').description('CDK (redemption) code stock');

  withStorageFlags(cdk.command('load'))
    .description("add a file's codes (one a line) to an app's stock of a type; repeats skipped")
    .argument('<app_id>', 'app id')
    .argument('<file>', 'a text file, one code a line')
    .requiredOption('--type <type>', 'CDK type (e.g. whatsapp, messenger)')
    .option('--json', 'print one JSON object')
    .action((appId: string, file: string, flags: Flags & { type: string }) =>
      withGuildhall(flags, async (guildhall) => {
        const app = await guildhall.apps.get(appId);
        const result = await loadCodes(guildhall, app.id, flags.type, file);
        console.log(
          flags.json
            ? JSON.stringify(result)
            : `${app.id}: loaded ${result.loaded} ${flags.type} codes, skipped ${result.duplicates} duplicates`,
        );
      }),
    );

  withStorageFlags(cdk.command('stock'))
    .description("an app's CDK codes per type: available, claimed, total")
    .argument('<app_id>', 'app id')
    .option('--json', 'print a JSON array')
    .action((appId: string, flags: Flags) =>
      withGuildhall(flags, async (guildhall) => {
        const app = await guildhall.apps.get(appId);
        const stock = await guildhall.cdk.stock(app.id);
        if (flags.json) console.log(JSON.stringify(stock));
        else if (stock.length === 0) console.log(`${app.id}: no CDK codes`);
        else
          for (const s of stock) {
            console.log(
              `${s.type.padEnd(12)} available ${s.available}  claimed ${s.claimed}  total ${s.total}`,
            );
          }
      }),
    );
}
