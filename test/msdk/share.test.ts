import assert from 'node:assert/strict';
import { before, it } from 'node:test';
import type { TestApp, TestServer } from '../helpers/server.js';
import { describeEachBackend } from '../helpers/server.js';
import { tencentOf } from '../helpers/msdk.js';

/** The fields of 002's share/upload_wx answer, in its order. */
const UPLOAD_ANSWER_KEYS = [
  'ret',
  'msg',
  'type',
  'media_id',
  'created_at',
  'access_token',
  'expire',
];

const HOUR = 3_600_000;

type Login = Awaited<ReturnType<TestServer['tencentLogin']>>;

/** PHP's rawurlencode of bytes: all but A-Z a-z 0-9 - _ . ~ as %XX. */
function rawurlencode(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    text += /[A-Za-z0-9\-_.~]/.test(char)
      ? char
      : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return text;
}

/** Java's URLEncoder.encode(new String(bytes, "ISO-8859-1"), "ISO-8859-1"): space as '+'. */
function javaUrlEncode(bytes: Buffer): string {
  let text = '';
  for (const byte of bytes) {
    const char = String.fromCharCode(byte);
    if (/[A-Za-z0-9.\-*_]/.test(char)) text += char;
    else if (byte === 0x20) text += '+';
    else text += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return text;
}

/** A PNG-looking file holding every byte value (spaces, '+', '%', '~' and high bytes too). */
function pngBytes(length = 600): Buffer {
  const bytes = Buffer.alloc(length);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  for (let i = 8; i < length; i += 1) bytes[i] = i % 256;
  return bytes;
}

/** `n` bytes of UTF-8: three-byte Chinese characters, then ASCII to make up the rest. */
function utf8Text(n: number): string {
  return '摘'.repeat(Math.floor(n / 3)) + 'a'.repeat(n % 3);
}

function inviteUrl(app: TestApp, length?: number): string {
  const url = `http://gamecenter.qq.com/gcjump?appid=${app.msdk.qqAppid}&pf=invite&from=iphoneqq&plat=qq&originuin=111&ADTAG=gameobj.msg_invite`;
  return length === undefined ? url : `${url}&pad=${'x'.repeat(length - url.length - 5)}`;
}

describeEachBackend('msdk share', (server) => {
  let app: TestApp;
  let other: TestApp;
  before(async () => {
    app = await server().createApp('Share Game');
    other = await server().createApp('Other Share Game');
  });

  const login = (tag: string, platform: 'qq' | 'wx', inApp = app) =>
    server().tencentLogin(inApp, tag, platform);

  async function inbox(who: Login): Promise<Record<string, string>[]> {
    const response = await server().request('GET', '/v1/client/inbox', {
      token: who.session_token,
    });
    assert.equal(response.status, 200);
    return (response.json.messages as { content: string }[]).map(
      (m) => JSON.parse(m.content) as Record<string, string>,
    );
  }

  /** The player's id on a platform they may never have logged in with. */
  async function openidOn(who: Login, platform: 'qq' | 'wx', inApp = app): Promise<string> {
    const account = await server().guildhall.directory.accountByPublicId(who.player_id);
    const player = await tencentOf(server().guildhall).playerOf(inApp.id, account.id);
    return platform === 'qq' ? player.qqOpenid : player.wxOpenid;
  }

  const qqShare = (from: Login, to: string, extra: Record<string, unknown> = {}) => ({
    act: 1,
    oauth_consumer_key: Number(app.msdk.qqAppid),
    dst: 1001,
    flag: 1,
    image_url: 'http://mat1.gtimg.com/www/images/qq2012/erweimaVideoPic.png',
    openid: from.msdk.openid,
    access_token: from.msdk.openkey,
    src: 0,
    summary: '摘要',
    target_url: inviteUrl(app),
    title: 'test by hunter',
    fopenids: [{ openid: to, type: 0 }],
    previewText: '我在天天连萌游戏',
    game_tag: 'MSG_INVITE',
    ...extra,
  });
  const shareQq = (from: Login, to: string, extra: Record<string, unknown> = {}) =>
    server().msdk(app, 'share/qq', qqShare(from, to, extra));

  it('share/qq: delivers the share to the receiver’s inbox', async () => {
    const sender = await login('qq-ok-a', 'qq');
    const receiver = await login('qq-ok-b', 'qq');
    const answer = await shareQq(sender, receiver.msdk.openid ?? '');
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.body, { ret: 0, msg: 'success' });
    assert.deepEqual(await inbox(receiver), [
      {
        kind: 'qq_share',
        from: sender.msdk.openid,
        title: 'test by hunter',
        summary: '摘要',
        preview_text: '我在天天连萌游戏',
        image_url: 'http://mat1.gtimg.com/www/images/qq2012/erweimaVideoPic.png',
        target_url: inviteUrl(app),
        game_tag: 'MSG_INVITE',
      },
    ]);
    assert.deepEqual(await inbox(sender), []);
  });

  it('share/qq: each game_tag with its ADTAG; fopenids also as a JSON string; act 0 or 1', async () => {
    const sender = await login('qq-tags-a', 'qq');
    const receivers = await Promise.all(
      ['b', 'c', 'd', 'e'].map((tag) => login(`qq-tags-${tag}`, 'qq')),
    );
    const tags = [
      ['MSG_INVITE', 'gameobj.msg_invite'],
      ['MSG_FRIEND_EXCEED', 'gameobj.msg_exceed'],
      ['MSG_HEART_SEND', 'gameobj.msg_heart'],
      ['MSG_SHARE_FRIEND_PVP', 'gameobj.msg_pvp'],
    ] as const;
    for (const [i, [tag, adtag]] of tags.entries()) {
      const to = receivers[i]?.msdk.openid ?? '';
      const fopenids = [
        [{ openid: to, type: 0 }],
        JSON.stringify([{ openid: to, type: 0 }]),
        JSON.stringify({ openid: to, type: '0' }),
        [{ openid: to }],
      ][i];
      const answer = await shareQq(sender, to, {
        game_tag: tag,
        target_url: `https://gamecenter.qq.com/gcjump?plat=qq&ADTAG=${adtag}`,
        fopenids,
        act: i % 2,
        oauth_consumer_key: i % 2 ? app.msdk.qqAppid : Number(app.msdk.qqAppid),
      });
      assert.deepEqual(answer.body, { ret: 0, msg: 'success' }, tag);
      const [message] = await inbox(receivers[i] as Login);
      assert.equal(message?.game_tag, tag);
    }
  });

  it('share/qq: byte limits are UTF-8 bytes (45 for title, summary and previewText, 512 for target_url)', async () => {
    const sender = await login('qq-bytes-a', 'qq');
    const receiver = await login('qq-bytes-b', 'qq');
    const to = receiver.msdk.openid ?? '';
    const fits = { title: utf8Text(45), summary: utf8Text(45), previewText: utf8Text(45) };
    assert.equal(fits.title, '摘'.repeat(15));
    assert.equal((await shareQq(sender, to, fits)).body.ret, 0);
    assert.equal(
      (await shareQq(sender, to, { target_url: inviteUrl(app, 512) })).body.ret,
      0,
      '512 bytes',
    );
    for (const field of ['title', 'summary', 'previewText']) {
      const answer = await shareQq(sender, to, { [field]: `${utf8Text(45)}a` });
      assert.equal(answer.body.ret, 1001, field);
      assert.match(answer.body.msg, new RegExp(`^1001,${field}: is over 45 bytes`));
    }
    const long = await shareQq(sender, to, { target_url: inviteUrl(app, 513) });
    assert.equal(long.body.ret, 1001);
    assert.match(long.body.msg, /^1001,target_url: is over 512 bytes/);
    assert.equal((await inbox(receiver)).length, 2);
  });

  it('share/qq: each malformed field answers 1001', async () => {
    const sender = await login('qq-bad-a', 'qq');
    const receiver = await login('qq-bad-b', 'qq');
    const peer = await login('qq-bad-c', 'qq');
    const to = receiver.msdk.openid ?? '';
    const cases: [string, Record<string, unknown>][] = [
      ['oauth_consumer_key', { oauth_consumer_key: Number(app.msdk.qqAppid) + 1 }],
      ['appid', { appid: Number(app.msdk.qqAppid) + 1 }],
      ['act', { act: 2 }],
      ['dst', { dst: 1000 }],
      ['flag', { flag: 0 }],
      ['src', { src: 'x' }],
      ['image_url', { image_url: 'mat1.gtimg.com/erweimaVideoPic.png' }],
      ['title', { title: '' }],
      ['summary', { summary: undefined }],
      ['target_url', { target_url: 'gamecenter.qq.com?ADTAG=gameobj.msg_invite' }],
      ['game_tag', { game_tag: undefined }],
      ['game_tag', { game_tag: 'msg_invite' }],
      ['game_tag', { game_tag: 'MSG_GIFT' }],
      ['target_url', { game_tag: 'MSG_HEART_SEND' }],
      ['target_url', { target_url: `${inviteUrl(app)}`.replace('ADTAG', 'adtag') }],
      ['fopenids', { fopenids: [] }],
      ['fopenids', { fopenids: [{ openid: to }, { openid: peer.msdk.openid }] }],
      ['fopenids', { fopenids: [{ openid: to, type: 1 }] }],
      ['fopenids', { fopenids: 'not json' }],
      ['fopenids', { fopenids: undefined }],
    ];
    for (const [field, extra] of cases) {
      const answer = await shareQq(sender, to, extra);
      assert.equal(answer.body.ret, 1001, JSON.stringify(extra));
      assert.match(answer.body.msg, new RegExp(`^1001,${field}`), JSON.stringify(extra));
    }
    const wxAppid = await server().msdk(app, 'share/qq', qqShare(sender, to), {
      appid: app.msdk.wxAppid,
    });
    assert.equal(wxAppid.body.ret, 1001);
    assert.deepEqual(await inbox(receiver), []);
  });

  it('share/qq: tokens are checked (1001 missing, 1003 wrong or another’s, 1004 expired)', async () => {
    const sender = await login('qq-token-a', 'qq');
    const receiver = await login('qq-token-b', 'qq');
    const to = receiver.msdk.openid ?? '';
    assert.equal((await shareQq(sender, to, { access_token: undefined })).body.ret, 1001);
    const wrong = await shareQq(sender, to, { access_token: '933FE8C9AB9C585D7EABD04373B7155F' });
    assert.equal(wrong.body.ret, 1003);
    const another = await shareQq(sender, to, { access_token: receiver.msdk.openkey });
    assert.equal(another.body.ret, 1003);
    const elsewhere = await login('qq-token-a', 'qq', other);
    const otherApp = await shareQq(sender, to, { access_token: elsewhere.msdk.openkey });
    assert.equal(otherApp.body.ret, 1003);
    server().clock.advance(2 * HOUR);
    const expired = await shareQq(sender, to);
    assert.equal(expired.body.ret, 1004);
    assert.deepEqual(await inbox(receiver), []);
  });

  it('share/qq: the receiver must be a QQ player of the app (1005)', async () => {
    const sender = await login('qq-who-a', 'qq');
    const wechatOnly = await login('qq-who-b', 'wx');
    const elsewhere = await login('qq-who-c', 'qq', other);
    for (const to of [
      '69FF99F3B17436F2F6621FA158B30549',
      await openidOn(wechatOnly, 'qq'),
      elsewhere.msdk.openid ?? '',
    ]) {
      const answer = await shareQq(sender, to);
      assert.equal(answer.body.ret, 1005, to);
      assert.match(answer.body.msg, /^1005,/);
    }
  });

  it('share/qq: a receiver gets at most 3 a day from one sender and 5 in all, anew at local midnight', async () => {
    // 12:00 in Shanghai (the app's time zone); its midnight is 16:00 UTC.
    const start = server().clock.now();
    const midnight = Math.ceil((start + 8 * HOUR) / (24 * HOUR)) * 24 * HOUR - 8 * HOUR;
    const [a, b, c] = await Promise.all(['a', 'b', 'c'].map((t) => login(`qq-lim-${t}`, 'qq')));
    const receiver = await login('qq-lim-r', 'qq');
    const to = receiver.msdk.openid ?? '';
    for (let i = 0; i < 3; i += 1) assert.equal((await shareQq(a as Login, to)).body.ret, 0);
    const fourth = await shareQq(a as Login, to);
    assert.equal(fourth.body.ret, 1006);
    assert.match(fourth.body.msg, /^1006,the receiver got 3 shares from this sender today/);
    assert.equal((await shareQq(b as Login, to)).body.ret, 0);
    assert.equal((await shareQq(b as Login, to)).body.ret, 0);
    const sixth = await shareQq(c as Login, to);
    assert.equal(sixth.body.ret, 1006);
    assert.match(sixth.body.msg, /^1006,the receiver got 5 shares today/);
    // Another receiver is counted apart.
    const fresh = await login('qq-lim-s', 'qq');
    assert.equal((await shareQq(c as Login, fresh.msdk.openid ?? '')).body.ret, 0);
    assert.equal((await inbox(receiver)).length, 5);

    server().clock.advance(midnight - 1 - server().clock.now());
    const relogged = await Promise.all(['a', 'c'].map((t) => login(`qq-lim-${t}`, 'qq')));
    assert.equal((await shareQq(relogged[1] as Login, to)).body.ret, 1006, 'still today');
    server().clock.advance(1);
    assert.equal((await shareQq(relogged[1] as Login, to)).body.ret, 0, 'a new day');
    for (let i = 0; i < 3; i += 1) {
      assert.equal((await shareQq(relogged[0] as Login, to)).body.ret, 0);
    }
    assert.equal((await shareQq(relogged[0] as Login, to)).body.ret, 1006);
    assert.equal((await inbox(receiver)).length, 9);
  });

  it('share/qq: concurrent shares never pass the limit', async () => {
    const receiver = await login('qq-race-r', 'qq');
    const to = receiver.msdk.openid ?? '';
    const senders = await Promise.all(
      Array.from({ length: 8 }, (_, i) => login(`qq-race-${i}`, 'qq')),
    );
    for (const sender of senders.slice(0, 4)) {
      assert.equal((await shareQq(sender, to)).body.ret, 0);
    }
    const answers = await Promise.all(senders.slice(4).map((s) => shareQq(s, to)));
    const rets = answers.map((a) => a.body.ret as number).sort();
    assert.deepEqual(rets, [0, 1006, 1006, 1006]);
    assert.equal((await inbox(receiver)).length, 5);
    // And one sender racing itself gets 3 through.
    const other = await login('qq-race-r2', 'qq');
    const lone = senders[0] as Login;
    const raced = await Promise.all(
      Array.from({ length: 5 }, () => shareQq(lone, other.msdk.openid ?? '')),
    );
    assert.equal(raced.filter((a) => a.body.ret === 0).length, 3);
    assert.equal((await inbox(other)).length, 3);
  });

  it('share/qq: replays the examples of 001 and 002 (refused without game_tag, as 002 requires)', async () => {
    const sender = await login('qq-doc-a', 'qq');
    const receiver = await login('qq-doc-b', 'qq');
    const qqAppid = Number(app.msdk.qqAppid);
    const example001 = {
      act: 0,
      oauth_consumer_key: qqAppid,
      dst: 1001,
      flag: 1,
      image_url: 'http://mat1.gtimg.com/www/images/qq2012/erweimaVideoPic.png',
      openid: sender.msdk.openid,
      access_token: sender.msdk.openkey,
      appid: qqAppid,
      src: 0,
      summary: '摘要',
      // The document's string ends in a line break.
      target_url: `${inviteUrl(app)}\n`,
      title: 'test by hunter',
      fopenids: [{ openid: receiver.msdk.openid, type: 0 }],
      previewText: '我在天天连萌游戏',
    };
    const example002 = {
      act: 1,
      oauth_consumer_key: qqAppid,
      dst: 1001,
      flag: 1,
      image_url: 'http://mat1.gtimg.com/www/images/qq2012/erweimaVideoPic.png',
      openid: sender.msdk.openid,
      access_token: sender.msdk.openkey,
      src: 0,
      summary: '개요',
      target_url: `${inviteUrl(app)}\n`,
      title: 'test by hunter',
      fopenids: [{ openid: receiver.msdk.openid, type: 0 }],
      previewText: '나는 매일 게임을 즐겨요',
    };
    const options = [
      { encode: '1' as const, query: { openid: sender.msdk.openid ?? '' }, trailingSlash: true },
      { encode: '2' as const },
    ];
    for (const [i, example] of [example001, example002].entries()) {
      const refused = await server().msdk(app, 'share/qq', example, options[i]);
      assert.equal(refused.body.ret, 1001);
      assert.match(refused.body.msg, /^1001,game_tag/);
      const tagged = await server().msdk(
        app,
        'share/qq',
        { ...example, game_tag: 'MSG_INVITE' },
        options[i],
      );
      assert.deepEqual(tagged.body, { ret: 0, msg: 'success' });
    }
    // 002's example names a WeChat appid in its query: share/qq takes QQ appids only.
    const wxAppid = await server().msdk(
      app,
      'share/qq',
      { ...example002, game_tag: 'MSG_INVITE' },
      { appid: app.msdk.wxAppid },
    );
    assert.equal(wxAppid.body.ret, 1001);
    const messages = await inbox(receiver);
    assert.equal(messages.length, 2);
    assert.equal(messages[0]?.target_url, inviteUrl(app), 'the line break is trimmed');
    assert.equal(messages[1]?.summary, '개요');
  });

  const uploadBody = (extra: Record<string, unknown> = {}) => {
    const file = pngBytes();
    return {
      flag: 1,
      appid: app.msdk.wxAppid,
      secret: app.msdk.appkey,
      access_token: '',
      type: 'thumb',
      filename: 'b.png',
      filelength: file.length,
      content_type: 'image/png',
      binary: rawurlencode(file),
      ...extra,
    };
  };
  const upload = (extra: Record<string, unknown> = {}, inApp = app) =>
    server().msdk(inApp, 'share/upload_wx', uploadBody(extra), { appid: inApp.msdk.wxAppid });

  it('share/upload_wx: stores the image (PHP rawurlencode and Java URLEncoder alike) and serves it', async () => {
    const file = pngBytes();
    for (const binary of [rawurlencode(file), javaUrlEncode(file)]) {
      assert.notEqual(rawurlencode(file), javaUrlEncode(file));
      const answer = await upload({ binary });
      assert.equal(answer.status, 200);
      assert.deepEqual(Object.keys(answer.body), UPLOAD_ANSWER_KEYS);
      assert.equal(answer.body.ret, 0);
      assert.equal(answer.body.msg, 'success');
      assert.equal(answer.body.type, 'thumb');
      assert.match(answer.body.media_id, /^[A-Za-z0-9_-]{64}$/);
      assert.equal(answer.body.created_at, String(Math.floor(server().clock.now() / 1000)));
      assert.equal(answer.body.access_token, '');
      assert.equal(answer.body.expire, '');
      const served = await fetch(`${server().baseUrl}/v1/media/${answer.body.media_id}`);
      assert.equal(served.status, 200);
      assert.equal(served.headers.get('content-type'), 'image/png');
      assert.deepEqual(Buffer.from(await served.arrayBuffer()), file);
    }
    const echoed = await upload({ access_token: 'caller-token' });
    assert.equal(echoed.body.access_token, 'caller-token');
    const missing = await server().request('GET', '/v1/media/nope');
    assert.equal(missing.status, 404);
  });

  it('share/upload_wx: JPEG and GIF too; type, flag and access_token may be left out', async () => {
    const jpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(100, 7)]);
    const gif = Buffer.concat([Buffer.from('GIF89a'), Buffer.alloc(50, 1)]);
    for (const [file, type] of [
      [jpeg, 'image/jpeg'],
      [jpeg, 'image/jpg'],
      [gif, 'image/gif'],
    ] as const) {
      const answer = await upload({
        binary: rawurlencode(file),
        filelength: String(file.length),
        content_type: type,
        type: undefined,
        flag: undefined,
        access_token: undefined,
      });
      assert.equal(answer.body.ret, 0, type);
      assert.equal(answer.body.access_token, '');
    }
  });

  it('share/upload_wx: a wrong secret answers 1002, bad files 1001', async () => {
    const wrongSecret = await upload({ secret: app.msdk.msdkkey });
    assert.equal(wrongSecret.body.ret, 1002);
    assert.equal((await upload({ secret: other.msdk.appkey })).body.ret, 1002);
    const file = pngBytes();
    const big = pngBytes(64 * 1024 + 1);
    const cases: [string, Record<string, unknown>][] = [
      ['appid', { appid: other.msdk.wxAppid }],
      ['flag', { flag: 2 }],
      ['type', { type: 'image' }],
      ['filename', { filename: '' }],
      ['filelength', { filelength: file.length + 1 }],
      ['filelength', { filelength: big.length, binary: rawurlencode(big) }],
      ['content_type', { content_type: 'text/plain' }],
      ['content_type', { content_type: 'image/jpeg' }],
      ['binary', { binary: '%89PNG%ZZ' }],
      ['binary', { binary: `${rawurlencode(file).slice(0, -3)}%4` }],
      ['binary', { binary: `${rawurlencode(file.subarray(0, -1))}摘` }],
      ['binary', { binary: undefined }],
      ['secret', { secret: undefined }],
    ];
    for (const [field, extra] of cases) {
      const answer = await upload(extra);
      assert.equal(answer.body.ret, 1001, JSON.stringify(extra).slice(0, 80));
      if (!['appid', 'content_type'].includes(field)) {
        assert.match(answer.body.msg, new RegExp(`^1001,${field}`), field);
      }
    }
    const qqAppid = await server().msdk(app, 'share/upload_wx', uploadBody());
    assert.equal(qqAppid.body.ret, 1001);
  });

  it('share/upload_wx: replays 002’s example (its binary cut short is refused; whole, stored)', async () => {
    const exampleBinary =
      '%FF%D8%FF%E0%00%10JFIF%00%01%01%01%00%60%00%60%00%00%FF%DB%00C%00%03%02%02%03%02%02%03%03%03%03%04%03%03%04%05%08%05%05%04%04%05%0A%07%07%06%08%0C%0A%0C%0C%0B%0A%0B%0B%0D%0E%12%10%0D%0E%11%0E%0B%0B%10%16%10%11%13%14%15%15%15%0C%0F%17%18%16%14%18%12%14%15%14%FF%DB%00C%01%03%04%04%05%04%05%09%05%05%09%14%0D%0B%0D%14%14%14%';
    const example = {
      flag: 1,
      appid: app.msdk.wxAppid,
      secret: app.msdk.appkey,
      access_token: '',
      type: 'thumb',
      filename: 'b.jpg',
      filelength: 65050,
      content_type: 'image/jpeg',
      binary: `${exampleBinary}....`,
    };
    const rawBody = JSON.stringify(example).replace('image/jpeg', 'image\\/jpeg');
    const cut = await server().msdk(app, 'share/upload_wx', undefined, {
      appid: app.msdk.wxAppid,
      rawBody,
    });
    assert.equal(cut.body.ret, 1001);
    // It ends in "%....": no byte there, and too few bytes anyway.
    assert.match(cut.body.msg, /^1001,binary: is not percent-encoded bytes/);

    const head = Buffer.from(
      exampleBinary
        .slice(0, -1)
        .replace(/%([0-9A-F]{2})/g, (_, hex: string) =>
          String.fromCharCode(Number.parseInt(hex, 16)),
        ),
      'latin1',
    );
    const whole = Buffer.concat([head, Buffer.alloc(65050 - head.length, 0x14)]);
    const stored = await server().msdk(app, 'share/upload_wx', undefined, {
      appid: app.msdk.wxAppid,
      rawBody: JSON.stringify({ ...example, binary: rawurlencode(whole) }).replace(
        'image/jpeg',
        'image\\/jpeg',
      ),
    });
    assert.deepEqual(Object.keys(stored.body), UPLOAD_ANSWER_KEYS);
    assert.equal(stored.body.ret, 0);
    assert.equal(stored.body.type, 'thumb');
    assert.equal(typeof stored.body.created_at, 'string');
    const served = await fetch(`${server().baseUrl}/v1/media/${stored.body.media_id}`);
    assert.equal(served.headers.get('content-type'), 'image/jpeg');
    assert.deepEqual(Buffer.from(await served.arrayBuffer()), whole);
  });

  const wxShare = (from: Login, to: string, extra: Record<string, unknown> = {}) => ({
    openid: from.msdk.openid,
    fopenid: to,
    access_token: from.msdk.access_token,
    extinfo: 'extinfo',
    title: 'to my friend',
    description: 'test by hunter',
    media_tag_name: 'media_tag_name',
    thumb_media_id: '',
    ...extra,
  });
  const shareWx = (from: Login, to: string, extra: Record<string, unknown> = {}) =>
    server().msdk(app, 'share/wx', wxShare(from, to, extra), { appid: app.msdk.wxAppid });

  async function thumb(inApp: TestApp): Promise<string> {
    const file = pngBytes(64);
    const answer = await server().msdk(
      inApp,
      'share/upload_wx',
      {
        appid: inApp.msdk.wxAppid,
        secret: inApp.msdk.appkey,
        filename: 'thumb.png',
        filelength: file.length,
        content_type: 'image/png',
        binary: rawurlencode(file),
      },
      { appid: inApp.msdk.wxAppid },
    );
    assert.equal(answer.body.ret, 0);
    return answer.body.media_id as string;
  }

  /** A WeChat player and a friend who plays the app on WeChat. */
  async function friends(tag: string) {
    const me = await login(`${tag}-me`, 'wx');
    const friend = await login(`${tag}-friend`, 'wx');
    await server().befriend(me, friend);
    return { me, friend };
  }

  it('share/wx: delivers to a friend who plays on WeChat, with an uploaded thumbnail or none', async () => {
    const { me, friend } = await friends('wx-ok');
    const mediaId = await thumb(app);
    const plain = await shareWx(me, friend.msdk.openid ?? '');
    assert.deepEqual(plain.body, { ret: 0, msg: 'success' });
    const withThumb = await shareWx(me, friend.msdk.openid ?? '', {
      thumb_media_id: mediaId,
      extinfo: ' {"room": 7} ',
      title: '来一局',
      media_tag_name: undefined,
    });
    assert.deepEqual(withThumb.body, { ret: 0, msg: 'success' });
    assert.deepEqual(await inbox(friend), [
      {
        kind: 'wx_share',
        from: me.msdk.openid,
        title: 'to my friend',
        description: 'test by hunter',
        extinfo: 'extinfo',
        media_tag_name: 'media_tag_name',
        thumb_media_id: '',
      },
      {
        kind: 'wx_share',
        from: me.msdk.openid,
        title: '来一局',
        description: 'test by hunter',
        extinfo: ' {"room": 7} ',
        media_tag_name: '',
        thumb_media_id: mediaId,
      },
    ]);
  });

  it('share/wx: limits are UTF-8 bytes (title 512, description 1024, extinfo 2048, media_tag_name 64)', async () => {
    const { me, friend } = await friends('wx-bytes');
    const to = friend.msdk.openid ?? '';
    const limits = { title: 512, description: 1024, extinfo: 2048, media_tag_name: 64 };
    const fits = Object.fromEntries(Object.entries(limits).map(([k, n]) => [k, utf8Text(n)]));
    assert.equal((await shareWx(me, to, fits)).body.ret, 0);
    for (const [field, n] of Object.entries(limits)) {
      const answer = await shareWx(me, to, { [field]: utf8Text(n + 1) });
      assert.equal(answer.body.ret, 1001, field);
      assert.match(answer.body.msg, new RegExp(`^1001,${field}: is over ${n} bytes`));
    }
    for (const field of ['fopenid', 'title', 'description']) {
      const answer = await shareWx(me, to, { [field]: undefined });
      assert.equal(answer.body.ret, 1001, field);
    }
    assert.equal((await inbox(friend)).length, 1);
  });

  it('share/wx: strangers, QQ-only friends, unknown openids and foreign media answer 1005', async () => {
    const { me, friend } = await friends('wx-who');
    const stranger = await login('wx-who-stranger', 'wx');
    const qqFriend = await login('wx-who-qq', 'qq');
    await server().befriend(me, qqFriend);
    const foreign = await thumb(other);
    const cases: [string, Record<string, unknown>][] = [
      [stranger.msdk.openid ?? '', {}],
      [await openidOn(qqFriend, 'wx'), {}],
      ['oGRTijrV0l67hDGN7dstOl8CphN0', {}],
      [friend.msdk.openid ?? '', { thumb_media_id: 'CAUmtmwCq6jSGWaypYRzJRpErL' }],
      [friend.msdk.openid ?? '', { thumb_media_id: foreign }],
    ];
    for (const [to, extra] of cases) {
      const answer = await shareWx(me, to, extra);
      assert.equal(answer.body.ret, 1005, `${to} ${JSON.stringify(extra)}`);
    }
    assert.deepEqual(await inbox(friend), []);
    assert.deepEqual(await inbox(stranger), []);
    const wrong = await shareWx(me, friend.msdk.openid ?? '', { access_token: 'nope' });
    assert.equal(wrong.body.ret, 1003);
    const qqAppid = await server().msdk(app, 'share/wx', wxShare(me, friend.msdk.openid ?? ''));
    assert.equal(qqAppid.body.ret, 1001);
  });

  it('share/wx: replays 002’s example (to oneself)', async () => {
    const me = await login('wx-doc', 'wx');
    const example = {
      openid: me.msdk.openid,
      fopenid: me.msdk.openid,
      access_token: me.msdk.access_token,
      extinfo: 'extinfo',
      title: 'to myself',
      description: 'test by hunter',
      media_tag_name: 'media_tag_name',
      thumb_media_id: '',
    };
    const answer = await server().msdk(app, 'share/wx', example, { appid: app.msdk.wxAppid });
    assert.deepEqual(answer.body, { ret: 0, msg: 'success' });
    assert.equal((await inbox(me))[0]?.title, 'to myself');
  });

  const wxLink = (from: Login, to: string, extra: Record<string, unknown> = {}) => ({
    access_token: from.msdk.access_token,
    touser: to,
    title: 'title, wx link',
    description: 'test by msdk 나',
    url: 'http://wiki.msdk.qq.com/',
    thumb_url: 'http://wiki.msdk.qq.com/Unity/res/share_struct_qq.png',
    ...extra,
  });
  const shareLink = (from: Login, to: string, extra: Record<string, unknown> = {}) =>
    server().msdk(app, 'share/wx_link', wxLink(from, to, extra), {
      appid: app.msdk.wxAppid,
      query: { openid: from.msdk.openid ?? '' },
    });

  it('share/wx_link: delivers a link to a friend who plays on WeChat', async () => {
    const { me, friend } = await friends('link-ok');
    const answer = await shareLink(me, friend.msdk.openid ?? '');
    assert.deepEqual(answer.body, { ret: 0, msg: 'success' });
    assert.deepEqual(await inbox(friend), [
      {
        kind: 'wx_link',
        from: me.msdk.openid,
        title: 'title, wx link',
        description: 'test by msdk 나',
        url: 'http://wiki.msdk.qq.com/',
        thumb_url: 'http://wiki.msdk.qq.com/Unity/res/share_struct_qq.png',
      },
    ]);
  });

  it('share/wx_link: URLs are http(s) of at most 1024 bytes; strangers answer 1005', async () => {
    const { me, friend } = await friends('link-bad');
    const stranger = await login('link-bad-stranger', 'wx');
    const to = friend.msdk.openid ?? '';
    const url1024 = `https://wiki.msdk.qq.com/?q=${utf8Text(1024 - 28)}`;
    assert.equal(Buffer.byteLength(url1024), 1024);
    assert.equal((await shareLink(me, to, { url: url1024, thumb_url: url1024 })).body.ret, 0);
    const cases: [string, Record<string, unknown>][] = [
      ['url', { url: `${url1024}a` }],
      ['thumb_url', { thumb_url: `${url1024}a` }],
      ['url', { url: 'ftp://wiki.msdk.qq.com/' }],
      ['thumb_url', { thumb_url: 'share_struct_qq.png' }],
      ['thumb_url', { thumb_url: undefined }],
      ['title', { title: utf8Text(513) }],
      ['description', { description: utf8Text(1025) }],
      ['touser', { touser: undefined }],
    ];
    for (const [field, extra] of cases) {
      const answer = await shareLink(me, to, extra);
      assert.equal(answer.body.ret, 1001, JSON.stringify(extra).slice(0, 80));
      assert.match(answer.body.msg, new RegExp(`^1001,${field}`));
    }
    assert.equal((await shareLink(me, stranger.msdk.openid ?? '')).body.ret, 1005);
    assert.equal((await shareLink(me, 'oGRTijg1fJI6rO5ACReNhUocv4YA')).body.ret, 1005);
    assert.equal((await inbox(friend)).length, 1);
  });

  it('share/wx_link: replays 002’s example (openid in the query, to oneself)', async () => {
    const me = await login('link-doc', 'wx');
    const example = {
      access_token: me.msdk.access_token,
      touser: me.msdk.openid,
      title: 'title, wx link',
      description: 'test by msdk 나',
      url: 'http://wiki.msdk.qq.com/',
      thumb_url: 'http://wiki.msdk.qq.com/Unity/res/share_struct_qq.png',
    };
    const answer = await server().msdk(app, 'share/wx_link', example, {
      appid: app.msdk.wxAppid,
      query: { openid: me.msdk.openid ?? '' },
    });
    assert.deepEqual(answer.body, { ret: 0, msg: 'success' });
    assert.equal((await inbox(me))[0]?.kind, 'wx_link');
  });
});
