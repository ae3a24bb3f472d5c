import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import type { App } from '../../src/core/apps/types.js';
import type { TestServer } from './server.js';

export type FieldType = 'string' | 'number' | 'object';

/** The object has exactly these keys, each of this JSON type (arrays count as objects). */
export function assertShape(actual: unknown, types: Record<string, FieldType>, what = 'answer') {
  assert.ok(actual !== null && typeof actual === 'object', `${what} is an object`);
  const record = actual as Record<string, unknown>;
  assert.deepEqual(Object.keys(record).sort(), Object.keys(types).sort(), `${what} keys`);
  for (const [key, type] of Object.entries(types)) {
    assert.equal(typeof record[key], type, `${what}.${key} is a ${type}`);
  }
}

/** md5 by coreutils: an implementation independent of Guildhall's. */
export function md5sum(text: string): string {
  return execFileSync('md5sum', { input: text }).toString().split(' ')[0] ?? '';
}

/** Sets a player's platform attributes through the admin API (and checks it worked). */
export async function setAttributes(
  server: TestServer,
  app: App,
  playerId: string,
  changes: Record<string, unknown>,
) {
  const response = await server.admin(
    'PATCH',
    `/v1/admin/apps/${app.id}/players/${playerId}/attributes`,
    changes,
  );
  assert.equal(response.status, 200, response.text);
  return response.json as Record<string, any>;
}
