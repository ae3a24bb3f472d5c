import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import { before, it } from 'node:test';
import type { TestApp } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';

/** CRC-32 (ISO-HDLC) by the textbook table: independent of Guildhall's encoder. */
const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

interface DecodedPng {
  width: number;
  height: number;
  colorType: number;
  palette: Buffer;
  /** Palette indexes, row by row (filter bytes checked and dropped). */
  pixels: Buffer;
}

/** Walks the chunks, checks each CRC, and inflates the image data. */
function decodePng(png: Buffer): DecodedPng {
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < png.length;) {
    const length = png.readUInt32BE(at);
    const typeAndData = png.subarray(at + 4, at + 8 + length);
    assert.equal(png.readUInt32BE(at + 8 + length), crc32(typeAndData), 'chunk CRC');
    chunks.push({
      type: typeAndData.subarray(0, 4).toString('ascii'),
      data: typeAndData.subarray(4),
    });
    at += 12 + length;
  }
  assert.deepEqual(
    chunks.map((c) => c.type),
    ['IHDR', 'PLTE', 'IDAT', 'IEND'],
  );
  const [ihdr, plte, idat] = chunks.map((c) => c.data) as [Buffer, Buffer, Buffer];
  const width = ihdr.readUInt32BE(0);
  const height = ihdr.readUInt32BE(4);
  assert.equal(ihdr[8], 8, 'bit depth');
  const raw = inflateSync(idat);
  assert.equal(raw.length, (width + 1) * height);
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * (width + 1)], 0, 'filter type none');
    rows.push(raw.subarray(y * (width + 1) + 1, (y + 1) * (width + 1)));
  }
  return { width, height, colorType: ihdr[9] ?? -1, palette: plte, pixels: Buffer.concat(rows) };
}

describeEachBackend('avatars', (server) => {
  let app: TestApp;
  let qqOpenid: string;
  let wxOpenid: string;
  before(async () => {
    app = await server().createApp('Avatar Game');
    const both = await server().tencentLogin(app, 'avatar-both', 'qq');
    qqOpenid = both.msdk.openid ?? '';
    wxOpenid = (await server().tencentLogin(app, 'avatar-both', 'wx')).msdk.openid ?? '';
  });

  const get = (path: string) => fetch(`${server().baseUrl}${path}`);

  it('serves each documented size as a PNG of that size, cacheable for a day', async () => {
    const cases: [string, number][] = [
      [`/avatars/qq/${app.msdk.qqAppid}/${qqOpenid}/40`, 40],
      [`/avatars/qq/${app.msdk.qqAppid}/${qqOpenid}/100`, 100],
      [`/avatars/qq/${app.msdk.qqAppid}/${qqOpenid}`, 40],
      [`/avatars/qzone/${app.msdk.qqAppid}/${qqOpenid}/50`, 50],
      [`/avatars/qzone/${app.msdk.qqAppid}/${qqOpenid}`, 50],
      [`/avatars/wx/${app.msdk.wxAppid}/${wxOpenid}/0`, 640],
      [`/avatars/wx/${app.msdk.wxAppid}/${wxOpenid}`, 640],
      [`/avatars/wx/${app.msdk.wxAppid}/${wxOpenid}/46`, 46],
      [`/avatars/wx/${app.msdk.wxAppid}/${wxOpenid}/64`, 64],
      [`/avatars/wx/${app.msdk.wxAppid}/${wxOpenid}/96`, 96],
      [`/avatars/wx/${app.msdk.wxAppid}/${wxOpenid}/132`, 132],
    ];
    for (const [path, size] of cases) {
      const response = await get(path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), 'image/png');
      assert.equal(response.headers.get('cache-control'), 'public, max-age=86400');
      const png = decodePng(Buffer.from(await response.arrayBuffer()));
      assert.equal(png.width, size, path);
      assert.equal(png.height, size, path);
      assert.equal(png.colorType, 3, 'palette');
      assert.equal(png.palette.length, 6, 'two colours');
      // A pattern: both colours used, and margins of the background colour.
      assert.ok(png.pixels.includes(0) && png.pixels.includes(1), path);
      assert.equal(png.pixels[0], 0);
    }
  });

  it('draws the same picture every time, and another for another player', async () => {
    const path = `/avatars/qq/${app.msdk.qqAppid}/${qqOpenid}/100`;
    const first = Buffer.from(await (await get(path)).arrayBuffer());
    const again = Buffer.from(await (await get(path)).arrayBuffer());
    assert.deepEqual(again, first);
    const other = await server().tencentLogin(app, 'avatar-other', 'qq');
    const theirs = await get(`/avatars/qq/${app.msdk.qqAppid}/${other.msdk.openid}/100`);
    assert.notDeepEqual(Buffer.from(await theirs.arrayBuffer()), first);
  });

  it('answers 404 JSON to sizes outside the list, unknown kinds, apps and players', async () => {
    const paths = [
      `/avatars/qq/${app.msdk.qqAppid}/${qqOpenid}/50`,
      `/avatars/qq/${app.msdk.qqAppid}/${qqOpenid}/0`,
      `/avatars/qzone/${app.msdk.qqAppid}/${qqOpenid}/40`,
      `/avatars/wx/${app.msdk.wxAppid}/${wxOpenid}/40`,
      `/avatars/wx/${app.msdk.wxAppid}/${wxOpenid}/640`,
      `/avatars/wx/${app.msdk.wxAppid}/${wxOpenid}/big`,
      `/avatars/gravatar/${app.msdk.qqAppid}/${qqOpenid}/40`,
      `/avatars/qq/1099999999/${qqOpenid}/40`,
      `/avatars/qq/${app.msdk.qqAppid}/69FF99F3B17436F2F6621FA158B30549/40`,
      // A kind of the other platform's appid, and an openid of the other platform.
      `/avatars/qq/${app.msdk.wxAppid}/${qqOpenid}/40`,
      `/avatars/wx/${app.msdk.qqAppid}/${wxOpenid}/46`,
      `/avatars/qq/${app.msdk.qqAppid}/${wxOpenid}/40`,
      `/avatars/wx/G_${app.msdk.qqAppid}/${wxOpenid}/46`,
      `/avatars/wx/${app.msdk.wxAppid}/oUnknownOpenid0000000000000/46`,
    ];
    for (const path of paths) {
      const response = await get(path);
      assert.equal(response.status, 404, path);
      const body = (await response.json()) as { error: { code: string } };
      assert.equal(body.error.code, 'not_found', path);
    }
  });
});
