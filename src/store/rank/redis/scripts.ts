import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { KEEP_CITY, NO_CITY } from '../../../common/rank-city.js';

/** A Lua script run by EVALSHA, falling back to EVAL when the server does not know it yet. */
export class LuaScript {
  private readonly sha: string;

  constructor(private readonly source: string) {
    this.sha = createHash('sha1').update(source).digest('hex');
  }

  async run(redis: Redis, keys: readonly string[], args: readonly string[]): Promise<unknown> {
    try {
      return await redis.evalsha(this.sha, keys.length, ...keys, ...args);
    } catch (error) {
      if (!(error instanceof Error && error.message.startsWith('NOSCRIPT'))) throw error;
      return redis.eval(this.source, keys.length, ...keys, ...args);
    }
  }
}

// Every script takes KEYS = board zset, member hash, city set, and ARGV[1] = city key prefix.
// City zsets are addressed by prefix .. city, so these scripts need a single Redis (no cluster).

const UNLIST = `
local function unlist(member)
  local value = redis.call('HGET', KEYS[2], member)
  if not value then return nil end
  local code, city = string.match(value, '^(.*)@(.*)$')
  redis.call('ZREM', KEYS[1], code)
  if city ~= '${NO_CITY}' then
    local cityKey = ARGV[1] .. city
    redis.call('ZREM', cityKey, code)
    if redis.call('EXISTS', cityKey) == 0 then redis.call('SREM', KEYS[3], city) end
  end
  return city
end
`;

/** ARGV[2..]: member, score, code, city for each update, applied in order. */
export const APPLY = new LuaScript(`${UNLIST}
for i = 2, #ARGV, 4 do
  local member, score, code, city = ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3]
  local previousCity = unlist(member)
  if city == '${KEEP_CITY}' then city = previousCity or '${NO_CITY}' end
  redis.call('ZADD', KEYS[1], score, code)
  if city ~= '${NO_CITY}' then
    redis.call('ZADD', ARGV[1] .. city, score, code)
    redis.call('SADD', KEYS[3], city)
  end
  redis.call('HSET', KEYS[2], member, code .. '@' .. city)
end
`);

/** ARGV[2..]: members. */
export const REMOVE = new LuaScript(`${UNLIST}
for i = 2, #ARGV do
  if unlist(ARGV[i]) then redis.call('HDEL', KEYS[2], ARGV[i]) end
end
`);

/** ARGV[2] member, ARGV[3] city or '' for the whole board → { 0-based rank, score, code } or nil. */
export const RANK = new LuaScript(`
local value = redis.call('HGET', KEYS[2], ARGV[2])
if not value then return false end
local code, city = string.match(value, '^(.*)@(.*)$')
local key = KEYS[1]
if ARGV[3] ~= '' then
  if city ~= ARGV[3] then return false end
  key = ARGV[1] .. city
end
return { redis.call('ZREVRANK', key, code), redis.call('ZSCORE', key, code), code }
`);

/** ARGV[2..]: members → { code, score } or nil for each. */
export const ENTRIES = new LuaScript(`
local result = {}
for i = 2, #ARGV do
  local value = redis.call('HGET', KEYS[2], ARGV[i])
  if value then
    local code = string.match(value, '^(.*)@')
    result[i - 1] = { code, redis.call('ZSCORE', KEYS[1], code) }
  else
    result[i - 1] = false
  end
end
return result
`);

const DROP_BODY = `
for _, city in ipairs(redis.call('SMEMBERS', KEYS[3])) do redis.call('UNLINK', ARGV[1] .. city) end
redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3])
`;

export const DROP = new LuaScript(DROP_BODY);

/**
 * KEYS[4..6] = the staged zset, hash and city set; ARGV[2] = the staged city key prefix. Replaces
 * the board with the staged keys, which lose the expiry that guarded them against a dead loader.
 */
export const SWAP = new LuaScript(`${DROP_BODY}
for i = 1, 3 do
  if redis.call('EXISTS', KEYS[i + 3]) == 1 then
    redis.call('RENAME', KEYS[i + 3], KEYS[i])
    redis.call('PERSIST', KEYS[i])
  end
end
for _, city in ipairs(redis.call('SMEMBERS', KEYS[3])) do
  redis.call('RENAME', ARGV[2] .. city, ARGV[1] .. city)
  redis.call('PERSIST', ARGV[1] .. city)
end
`);
