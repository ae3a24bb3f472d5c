import type { Redis } from 'ioredis';

/** Keys asked for per SCAN step and deleted per UNLINK. */
const BATCH = 1000;

/**
 * A key layout older than REDIS_RANK_LAYOUT: the built marker its servers set (under the Redis key
 * prefix) and the shape of its keys under the index prefix, `<tag><board length>:<board>:<rest>`.
 */
interface OldLayout {
  marker: string;
  tag: string;
  /** `rest`: an optional staging scope, then the key's role. */
  rest: RegExp;
}

const OLD_LAYOUTS: readonly OldLayout[] = [
  { marker: 'built', tag: '', rest: /^(load:[0-9a-f-]{36}:)?(z|h|c|z:\d+)$/ },
  { marker: 'built:v2', tag: 'v2:', rest: /^(load:[0-9a-f-]{36}:)?(z|c|b|z:\d+|r:\d+)$/ },
];

/**
 * Deletes the keys of every older layout whose built marker is still in Redis, the marker last,
 * so that a start interrupted half-way finishes the job at the next start. Returns the number of
 * keys deleted.
 */
export async function deleteOldLayouts(
  redis: Redis,
  redisPrefix: string,
  indexPrefix: string,
): Promise<number> {
  let deleted = 0;
  for (const layout of OLD_LAYOUTS) {
    const marker = redisPrefix + layout.marker;
    if ((await redis.exists(marker)) === 0) continue;
    // The board length's first digit keeps the untagged first layout apart from tagged ones.
    const match = `${globEscaped(indexPrefix + layout.tag)}${layout.tag ? '' : '[0-9]'}*`;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', match, 'COUNT', BATCH);
      const old = keys.filter((key) => isKeyOf(layout, key.slice(indexPrefix.length)));
      if (old.length > 0) deleted += await redis.unlink(...old);
      cursor = next;
    } while (cursor !== '0');
    deleted += await redis.unlink(marker);
  }
  return deleted;
}

function isKeyOf(layout: OldLayout, key: string): boolean {
  if (!key.startsWith(layout.tag)) return false;
  const boardLength = /^(\d+):/.exec(key.slice(layout.tag.length));
  if (boardLength === null) return false;
  const afterBoard = layout.tag.length + boardLength[0].length + Number(boardLength[1]);
  return key[afterBoard] === ':' && layout.rest.test(key.slice(afterBoard + 1));
}

function globEscaped(text: string): string {
  return text.replace(/[*?[\]\\]/g, '\\$&');
}
