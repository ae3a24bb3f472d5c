import { createHash } from 'node:crypto';
import type { Redis } from 'ioredis';
import { KEEP_CITY, NO_CITY } from '../../../common/rank-city.js';
import { BUCKET_BYTES, SLOT } from './codec.js';

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
// ARGV[2] = bucket key prefix. A member is passed as member, bucket, slot offset (codec.ts).
// City zsets and buckets are addressed by prefix .. id, so these scripts need a single Redis.

/**
 * codeOf(member, seq) builds codec.ts's code; seq and member are below 2^53, exact in Lua.
 * recordOf returns a member's slot (codec.ts), or nil; codeIn, seqOf and cityOf read it.
 */
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
local function recordOf(bucket, slot)
  local record = redis.call('GETRANGE', ARGV[2] .. bucket, slot, slot + ${SLOT - 1})
  if #record < ${SLOT} or string.byte(record, 1) == 0 then return nil end
  return record
end
local function codeIn(record, member)
  return string.sub(record, 1, 7) .. inverted(tonumber(member))
end
local function seqOf(record)
  local seq = 0
  for i = 1, 7 do seq = seq * 256 + 255 - string.byte(record, i) end
  return seq
end
local function cityOf(record)
  local a, b, c, d = string.byte(record, 8, 11)
  return string.format('%d', ((a * 256 + b) * 256 + c) * 256 + d + ${NO_CITY})
end
`;

const UNLIST = `${RECORDS}
local function unlist(member, bucket, slot)
  local record = recordOf(bucket, slot)
  if not record then return nil end
  local code = codeIn(record, member)
  local city = cityOf(record)
  redis.call('ZREM', KEYS[1], code)
  if city ~= '${NO_CITY}' then
    local cityKey = ARGV[1] .. city
    redis.call('ZREM', cityKey, code)
    if redis.call('EXISTS', cityKey) == 0 then redis.call('SREM', KEYS[2], city) end
  end
  return city
end
`;

/** ARGV[3..]: member, bucket, slot, score, seq, city for each update, applied in order. */
export const APPLY = new LuaScript(`${UNLIST}
for i = 3, #ARGV, 6 do
  local member, bucket, slot = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  local score, seq, city = ARGV[i + 3], ARGV[i + 4], ARGV[i + 5]
  local previousCity = unlist(member, bucket, slot)
  if city == '${KEEP_CITY}' then city = previousCity or '${NO_CITY}' end
  local code = codeOf(member, seq)
  redis.call('ZADD', KEYS[1], score, code)
  if city ~= '${NO_CITY}' then
    redis.call('ZADD', ARGV[1] .. city, score, code)
    redis.call('SADD', KEYS[2], city)
  end
  local key = ARGV[2] .. bucket
  if redis.call('EXISTS', key) == 0 then
    redis.call('SET', key, string.rep('\\0', ${BUCKET_BYTES}))
    redis.call('SADD', KEYS[3], bucket)
  end
  local c = tonumber(city) - ${NO_CITY}
  local cityBytes = string.char(math.floor(c / 16777216), math.floor(c / 65536) % 256,
    math.floor(c / 256) % 256, c % 256)
  redis.call('SETRANGE', key, slot, string.sub(code, 1, 7) .. cityBytes)
end
`);

/** ARGV[3..]: member, bucket, slot for each member. */
export const REMOVE = new LuaScript(`${UNLIST}
local empty = string.rep('\\0', ${BUCKET_BYTES})
for i = 3, #ARGV, 3 do
  local member, bucket, slot = ARGV[i], ARGV[i + 1], ARGV[i + 2]
  if unlist(member, bucket, slot) then
    local key = ARGV[2] .. bucket
    redis.call('SETRANGE', key, slot, string.rep('\\0', ${SLOT}))
    if redis.call('GET', key) == empty then
      redis.call('UNLINK', key)
      redis.call('SREM', KEYS[3], bucket)
    end
  end
end
`);

/** ARGV[3..5] member, bucket, slot; ARGV[6] city or '' for the whole board → { 0-based rank, score, seq } or nil. */
export const RANK = new LuaScript(`${RECORDS}
local record = recordOf(ARGV[4], ARGV[5])
if not record then return false end
local key = KEYS[1]
if ARGV[6] ~= '' then
  local city = cityOf(record)
  if city ~= ARGV[6] then return false end
  key = ARGV[1] .. city
end
local code = codeIn(record, ARGV[3])
return { redis.call('ZREVRANK', key, code), redis.call('ZSCORE', key, code), seqOf(record) }
`);

/** ARGV[3..]: member, bucket, slot for each member → { seq, score } or nil for each. */
export const ENTRIES = new LuaScript(`${RECORDS}
local result = {}
for i = 3, #ARGV, 3 do
  local record = recordOf(ARGV[i + 1], ARGV[i + 2])
  if record then
    local code = codeIn(record, ARGV[i])
    result[#result + 1] = { seqOf(record), redis.call('ZSCORE', KEYS[1], code) }
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
