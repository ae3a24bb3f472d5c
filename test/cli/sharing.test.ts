import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CliStorage } from '../helpers/cli.js';
import { postgresStorage, runCli, sqliteStorage } from '../helpers/cli.js';

const storages: (() => Promise<CliStorage>)[] = [() => Promise.resolve(sqliteStorage())];
if (process.env.DATABASE_URL) {
  const url = process.env.DATABASE_URL;
  storages.push(() => postgresStorage(url));
}

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(40, 2),
]);

for (const open of storages) {
  describe('guildhall share and cdk commands', () => {
    let storage: CliStorage;
    let appId: string;
    const dir = mkdtempSync(join(tmpdir(), 'guildhall-share-'));
    const env = { GUILDHALL_SECRET_KEY: randomBytes(32).toString('hex') };
    const cli = (...args: string[]) => runCli([...args, ...storage.flags], env);
    before(async () => {
      storage = await open();
      appId = JSON.parse((await cli('app', 'create', '--name', 'Share CLI', '--json')).stdout).id;
    });
    after(() => storage.cleanup());

    it('sets and lists share images', async () => {
      const file = join(dir, 'cup.png');
      writeFileSync(file, PNG);
      const set = await cli(
        'share',
        'set-image',
        appId,
        '--type',
        '1',
        '--file',
        file,
        '--title',
        'Jogue!',
        '--subtitle',
        'Futebol',
        '--json',
      );
      assert.equal(set.code, 0, set.stderr);
      const view = JSON.parse(set.stdout);
      assert.equal(view.type, '1');
      assert.equal(view.title, 'Jogue!');
      assert.equal(view.subtitle, 'Futebol');
      assert.match(view.url, /^\/v1\/media\/[\w-]+$/);

      const retitled = await cli('share', 'set-image', appId, '--type', '1', '--title', 'Novo');
      assert.equal(retitled.code, 0, retitled.stderr);
      assert.match(retitled.stdout, new RegExp(`${view.url}  Novo  Futebol`));

      const list = await cli('share', 'images', appId, '--json');
      assert.deepEqual(
        JSON.parse(list.stdout).map((v: { type: string; title: string }) => [v.type, v.title]),
        [['1', 'Novo']],
      );
      const text = await cli('share', 'images', appId);
      assert.match(text.stdout, /^1 +\/v1\/media\/\S+ {2}Novo {2}Futebol$/m);

      const notImage = join(dir, 'fake.png');
      writeFileSync(notImage, 'hello');
      const bad = await cli('share', 'set-image', appId, '--type', '2', '--file', notImage);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /not a PNG, JPEG, GIF or WebP/);
      const nothing = await cli('share', 'set-image', appId, '--type', '2');
      assert.equal(nothing.code, 1);
      assert.match(nothing.stderr, /--file, --title or --subtitle/);
    });

    it('loads a large code file in batches, skipping blank lines and counting repeats; shows the stock', async () => {
      const file = join(dir, 'codes.txt');
      const codes = Array.from({ length: 2500 }, (_, i) => `CODE-${i}`);
      const lines = [...codes, '', '   ', 'CODE-7', 'CODE-2499'];
      writeFileSync(file, `\uFEFF${lines.join('\r\n')}\r\n`);
      const loaded = await cli('cdk', 'load', appId, '--type', 'whatsapp', file, '--json');
      assert.equal(loaded.code, 0, loaded.stderr);
      assert.deepEqual(JSON.parse(loaded.stdout), { loaded: 2500, duplicates: 2 });

      const again = await cli('cdk', 'load', appId, '--type', 'messenger', file);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(
        again.stdout.trim(),
        `${appId}: loaded 0 messenger codes, skipped 2502 duplicates`,
      );

      const stock = await cli('cdk', 'stock', appId, '--json');
      assert.deepEqual(JSON.parse(stock.stdout), [
        { type: 'whatsapp', total: 2500, available: 2500, claimed: 0 },
      ]);
      const text = await cli('cdk', 'stock', appId);
      assert.match(text.stdout, /^whatsapp +available 2500 {2}claimed 0 {2}total 2500$/m);
    });

    it('stops at a line that is no code, naming it; what came before is loaded', async () => {
      const file = join(dir, 'bad.txt');
      writeFileSync(file, 'GOOD-1\nGOOD-2\nnot a code\nGOOD-3\n');
      const bad = await cli('cdk', 'load', appId, '--type', 'telegram', file);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /bad\.txt:3: not a code/);
      assert.match(bad.stderr, /2 codes loaded before it/);
      const stock = JSON.parse((await cli('cdk', 'stock', appId, '--json')).stdout);
      assert.deepEqual(
        stock.find((s: { type: string }) => s.type === 'telegram'),
        { type: 'telegram', total: 2, available: 2, claimed: 0 },
      );
      const badType = await cli('cdk', 'load', appId, '--type', 'no way', file);
      assert.equal(badType.code, 1);
      assert.match(badType.stderr, /type/);
      const missing = await cli('cdk', 'load', appId, '--type', 'x', join(dir, 'none.txt'));
      assert.equal(missing.code, 1);
      const empty = await cli('cdk', 'stock', 'no-such-app');
      assert.equal(empty.code, 1);
    });
  });
}
