import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

const PNG = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.alloc(64, 3),
]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(64, 5)]);
const GIF = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(32, 1)]);
const WEBP = Buffer.concat([
  Buffer.from('RIFF'),
  Buffer.from([40, 0, 0, 0]),
  Buffer.from('WEBPVP8 '),
  Buffer.alloc(32, 9),
]);

const part = (data: Buffer, filename = 'share.png', type = 'image/png') => ({
  data,
  filename,
  type,
});

describeEachBackend(
  'xcloud share images (/Pt/upload, /Suspension/share) and their admin API',
  (server) => {
    let app: TestApp;
    let other: TestApp;
    before(async () => {
      app = await server().createApp('Tecnofut');
      other = await server().createApp('Other Game');
    });

    const upload = (
      target: TestApp,
      imagecode: string,
      file: Buffer | undefined,
      options: {
        filename?: string;
        partName?: string;
        sign?: string | null;
        noTime?: boolean;
      } = {},
    ) => {
      const filename = options.filename ?? 'share.png';
      const partName = options.partName ?? filename.replaceAll('.', '_');
      return server().xcloud(
        target,
        '/Pt/upload',
        { filename, imagecode },
        {
          via: 'multipart',
          ...(file && { files: { [partName]: part(file, filename) } }),
          ...(options.sign !== undefined && { sign: options.sign }),
          ...(options.noTime && { noTime: true }),
        },
      );
    };
    const share = (target: TestApp, type: string, options: { sign?: string | null } = {}) =>
      server().xcloud(target, '/Suspension/share', { type }, options);

    async function fetchImage(url: string) {
      const response = await fetch(url);
      return {
        status: response.status,
        type: response.headers.get('content-type'),
        data: Buffer.from(await response.arrayBuffer()),
      };
    }

    it('operators set a share type (image, title, subtitle); /Suspension/share answers them', async () => {
      const put = await server().admin('PUT', `/v1/admin/apps/${app.id}/share-images/1`, {
        title: 'Jogue Tecnofut!',
        subtitle: 'O melhor futebol',
        image_base64: PNG.toString('base64'),
        filename: 'cup.png',
      });
      assert.equal(put.status, 200, put.text);
      assert.equal(put.json.type, '1');
      assert.equal(put.json.title, 'Jogue Tecnofut!');
      assert.match(put.json.url, new RegExp(`^${server().baseUrl}/v1/media/[\\w-]+$`));

      const answer = await share(app, '1');
      assert.deepEqual(answer.body, {
        status: 200,
        msg: 'success',
        data: {
          url: put.json.url,
          imagetitle: 'Jogue Tecnofut!',
          imagesubtitle: 'O melhor futebol',
        },
      });
      const image = await fetchImage(answer.body.data.url);
      assert.equal(image.status, 200);
      assert.equal(image.type, 'image/png');
      assert.deepEqual(image.data, PNG);

      const got = await server().admin('GET', `/v1/admin/apps/${app.id}/share-images/1`);
      assert.deepEqual(got.json, put.json);
      const titleOnly = await server().admin('PUT', `/v1/admin/apps/${app.id}/share-images/1`, {
        subtitle: 'Novo',
      });
      assert.equal(titleOnly.json.url, put.json.url);
      assert.equal(titleOnly.json.title, 'Jogue Tecnofut!');
      assert.equal(titleOnly.json.subtitle, 'Novo');
    });

    it('/Pt/upload stores the image of the imagecode (its file part named as filename with _ for .), keeping the texts', async () => {
      await server().admin('PUT', `/v1/admin/apps/${app.id}/share-images/2`, {
        title: 'Convide amigos',
        subtitle: 'Ganhe prêmios',
      });
      const before = await share(app, '2');
      assert.equal(before.body.data.url, '');
      const answer = await upload(app, '2', JPEG, { filename: 'invite.v2.jpg' });
      assert.equal(answer.body.status, 200, answer.text);
      assert.equal(answer.body.msg, 'success');
      assert.deepEqual(Object.keys(answer.body.data), ['url', 'imagetitle', 'imagesubtitle']);
      assert.equal(answer.body.data.imagetitle, 'Convide amigos');
      assert.equal(answer.body.data.imagesubtitle, 'Ganhe prêmios');
      const image = await fetchImage(answer.body.data.url);
      assert.equal(image.type, 'image/jpeg');
      assert.deepEqual(image.data, JPEG);
      assert.deepEqual((await share(app, '02')).body.data, answer.body.data);
    });

    it('/Pt/upload takes a part named as filename is, a new type, GIF and WebP by their bytes', async () => {
      const gif = await upload(app, '3', GIF, { filename: 'a.gif', partName: 'a.gif' });
      assert.equal(gif.body.status, 200, gif.text);
      assert.equal((await fetchImage(gif.body.data.url)).type, 'image/gif');
      assert.equal(gif.body.data.imagetitle, '');
      // Declared image/png, named .png, but WebP by its bytes: served as what it is.
      const webp = await upload(app, '3', WEBP);
      assert.equal(webp.body.status, 200, webp.text);
      assert.notEqual(webp.body.data.url, gif.body.data.url);
      assert.equal((await fetchImage(webp.body.data.url)).type, 'image/webp');
      // The earlier image stays served: shares already sent link it.
      assert.equal((await fetchImage(gif.body.data.url)).status, 200);
      assert.equal((await share(app, '3')).body.data.url, webp.body.data.url);
    });

    it('lists share types for operators', async () => {
      const list = await server().admin('GET', `/v1/admin/apps/${app.id}/share-images`);
      assert.equal(list.status, 200);
      assert.deepEqual(
        list.json.share_images.map((s: { type: string }) => s.type),
        ['1', '2', '3'],
      );
      const empty = await server().admin('GET', `/v1/admin/apps/${other.id}/share-images`);
      assert.deepEqual(empty.json, { share_images: [] });
    });

    it('/Pt/upload answers 114 for a missing field or file part, a file that is no image or too big; nothing changes', async () => {
      const before = await share(app, '1');
      const cases = [
        await upload(app, '1', Buffer.from('<?php echo 1; ?>')),
        await upload(app, '1', Buffer.concat([PNG, Buffer.alloc(512 * 1024)])),
        await upload(app, '1', undefined),
        await upload(app, '1', PNG, { partName: 'other' }),
        await upload(app, '', PNG),
        await upload(app, 'no spaces!', PNG),
        await server().xcloud(
          app,
          '/Pt/upload',
          { imagecode: '1' },
          {
            files: { share_png: part(PNG) },
          },
        ),
      ];
      for (const answer of cases) {
        assert.equal(answer.body.status, 114, answer.text);
        assert.deepEqual(answer.body.data, {});
      }
      assert.match(cases[0]?.body.msg, /not a PNG, JPEG, GIF or WebP/);
      assert.match(cases[3]?.body.msg, /share_png/);
      assert.deepEqual((await share(app, '1')).body, before.body);
    });

    it('/Pt/upload and /Suspension/share: 104 without time, 105 without sign, 108 when no app key verifies', async () => {
      assert.equal((await upload(app, '1', PNG, { noTime: true })).body.status, 104);
      assert.equal((await upload(app, '1', PNG, { sign: null })).body.status, 105);
      assert.equal((await upload(app, '1', PNG, { sign: 'a'.repeat(32) })).body.status, 108);
      const noTime = await server().xcloud(
        app,
        '/Suspension/share',
        { type: '1' },
        { noTime: true },
      );
      assert.equal(noTime.body.status, 104);
      assert.equal((await share(app, '1', { sign: null })).body.status, 105);
      assert.equal((await share(app, '1', { sign: 'a'.repeat(32) })).body.status, 108);
    });

    it('/Suspension/share finds the app by its key: another app has its own shares; 117 for a type never set, 114 for a bad type', async () => {
      const there = await share(other, '1');
      assert.equal(there.body.status, 117);
      assert.deepEqual(there.body.data, {});
      assert.equal((await share(app, '9')).body.status, 117);
      assert.equal((await share(app, 'whatsapp')).body.status, 114);
      assert.equal((await server().xcloud(app, '/Suspension/share', {})).body.status, 114);
    });

    it('answers 106 when storage fails', async () => {
      const { shareImages } = server().guildhall;
      const [savedSet, savedGet] = [shareImages.set, shareImages.get];
      shareImages.set = () => Promise.reject(new Error('storage down'));
      shareImages.get = () => Promise.reject(new Error('storage down'));
      try {
        assert.equal((await upload(app, '1', PNG)).body.status, 106);
        assert.equal((await share(app, '1')).body.status, 106);
      } finally {
        shareImages.set = savedSet;
        shareImages.get = savedGet;
      }
    });

    it('admin API: 400 for a bad body or image, 404 for a type never set or an unknown app, 401 without the token', async () => {
      const path = `/v1/admin/apps/${app.id}/share-images/5`;
      for (const body of [
        { title: 7 },
        { image_base64: '!!' },
        { image_base64: Buffer.from('text').toString('base64') },
        { title: 'x'.repeat(201) },
        { colour: 'red' },
      ]) {
        assert.equal((await server().admin('PUT', path, body)).status, 400, JSON.stringify(body));
      }
      assert.equal((await server().admin('GET', path)).status, 404);
      assert.equal((await server().admin('GET', '/v1/admin/apps/nope/share-images')).status, 404);
      assert.equal((await server().request('GET', path)).status, 401);
    });
  },
);
