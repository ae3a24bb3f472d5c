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

// Every script takes KEYS = board zset, city set, bucket set, and ARGV[1] = city key prefix,
// ARGV[2] = bucket key prefix. A member is passed as member, bucket, field (codec.ts).
// City zsets and buckets are addressed by prefix .. id, so these scripts need a single Redis.

/** codeOf(member, seq) builds codec.ts's code; seq and member are below 2^53, exact in Lua. */
const RECORDS = `
local function inverted(value)
  local bytes = {}
  for i = 7, 1, -1 do
    local byte = value % 256
    bytes[i] = 255 - byte
    value = (value - byte) / 256
  end
  return string.char(unpack(bytes))
end
local function codeOf(member, seq)
  return inverted(tonumber(seq)) .. inverted(tonumber(member))
end
local function recordOf(bucket, field)
  local value = redis.call('HGET', ARGV[2] .. bucket, field)
  if not value then return nil end
  local seq, city = string.match(value, '^(%d+):?(.*)$')
  if city == '' then city = '${NO_CITY}' end
  return seq, city
end
`;

const UNLIST = `${RECORDS}
local function unlist(member, bucket, field)
  local seq, city = recordOf(bucket, field)
  if not seq then return nil end
  local code = codeOf(member, seq)
  redis.call('ZREM', KEYS[1], code)
  if city ~= '${NO_CITY}' then
    local cityKey = ARGV[1] .. city
    redis.call('ZREM', cityKey, code)
    if redis.call('EXISTS', cityKey) == 0 then redis.call('SREM', KEYS[2], city) end
  end
  return city
end
`;

/** ARGV[3..]: member, bucket, field, score, seq, city for each update, applied in order. */
export const APPLY = new LuaScript(`${UNLIST}
for i = 3, #ARGV, 6 do
  local member, bucket, field = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local score, seq, city = ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local previousCity = unlist(member, bucket, field)
  if city == '${KEEP_CITY}' then city = previousCity or '${NO_CITY}' end
  local code = codeOf(member, seq)
  redis.call('ZADD', KEYS[1], score, code)
  local record = seq
  if city ~= '${NO_CITY}' then
    redis.call('ZADD', ARGV[1] .. city, score, code)
    redis.call('SADD', KEYS[2], city)
    record = seq .. ':' .. city
  end
  if redis.call('HSET', ARGV[2] .. bucket, field, record) == 1 then
    redis.call('SADD', KEYS[3], bucket)
  end
end
`);

/** ARGV[3..]: member, bucket, field for each member. */
export const REMOVE = new LuaScript(`${UNLIST}
for i = 3, #ARGV, 3 do
  local member, bucket, field = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if unlist(member, bucket, field) then
    local key = ARGV[2] .. bucket
    redis.call('HDEL', key, field)
    if redis.call('EXISTS', key) == 0 then redis.call('SREM', KEYS[3], bucket) end
  end
end
`);

/** ARGV[3..5] member, bucket, field; ARGV[6] city or '' for the whole board → { 0-based rank, score, seq } or nil. */
export const RANK = new LuaScript(`${RECORDS}
local seq, city = recordOf(ARGV[4], ARGV[5])
if not seq then return false end
local key = KEYS[1]
if ARGV[6] ~= '' then
  if city ~= ARGV[6] then return false end
  key = ARGV[1] .. city
end
local code = codeOf(ARGV[3], seq)
return { redis.call('ZREVRANK', key, code), redis.call('ZSCORE', key, code), seq }
`);

/** ARGV[3..]: member, bucket, field for each member → { seq, score } or nil for each. */
export const ENTRIES = new LuaScript(`${RECORDS}
local result = {}
for i = 3, #ARGV, 3 do
  local seq = recordOf(ARGV[i + 1], ARGV[i + 2])
  if seq then
    result[#result + 1] = { seq, redis.call('ZSCORE', KEYS[1], codeOf(ARGV[i], seq)) }
  else
    result[#result + 1] = false
  end
end
return result
`);

const DROP_BODY = `
for _, city in ipairs(redis.call('SMEMBERS', KEYS[2])) do redis.call('UNLINK', ARGV[1] .. city) end
for _, bucket in ipairs(redis.call('SMEMBERS', KEYS[3])) do redis.call('UNLINK', ARGV[2] .. bucket) end
redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3])
`;

export const DROP = new LuaScript(DROP_BODY);

/**
 * KEYS[4..6] = the staged zset, city set and bucket set; ARGV[3..4] = the staged city and bucket
 * prefixes. Replaces the board with the staged keys, which lose the expiry that guarded them
 * against a dead loader.
 */
export const SWAP = new LuaScript(`${DROP_BODY}
local function adopt(from, to)
  redis.call('RENAME', from, to)
  redis.call('PERSIST', to)
end
for i = 1, 3 do
  if redis.call('EXISTS', KEYS[i + 3]) == 1 then adopt(KEYS[i + 3], KEYS[i]) end
end
for _, city in ipairs(redis.call('SMEMBERS', KEYS[2])) do adopt(ARGV[3] .. city, ARGV[1] .. city) end
for _, bucket in ipairs(redis.call('SMEMBERS', KEYS[3])) do adopt(ARGV[4] .. bucket, ARGV[2] .. bucket) end
`);
