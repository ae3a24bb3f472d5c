import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { GuildKey } from '../../../src/core/groups/types.js';
import {
  domainError,
  giveTestIds,
  newApp,
  newPlayer,
  testDialect,
  useCoreGuildhall,
} from '../helpers.js';

describe('group owners', () => {
  const core = useCoreGuildhall({ dialects: [testDialect] });

  it('lets a guest own a group once logged in under an id that identifies a person', async () => {
    const { guildhall } = core;
    const appId = await newApp(guildhall);
    const key: GuildKey = { appId, unionId: 'u', zone: '', kind: 'guild' };
    const guest = await newPlayer(guildhall, appId, `owner-${appId}`);
    await assert.rejects(guildhall.groups.create(key, guest), domainError('group.guest_owner'));
    // Shown to the app under a person's id, not logged in with it: still a guest.
    await giveTestIds(guildhall, appId, guest, { device: true });
    await assert.rejects(guildhall.groups.create(key, guest), domainError('group.guest_owner'));
    await giveTestIds(guildhall, appId, guest, { person: true });
    const created = await guildhall.groups.create(key, guest);
    assert.equal(created.group.ownerId, guest);
    const elsewhere = await newApp(guildhall);
    await newPlayer(guildhall, elsewhere, `owner-${appId}`);
    await assert.rejects(
      guildhall.groups.create({ ...key, appId: elsewhere }, guest),
      domainError('group.guest_owner'),
      'the id counts in its app only',
    );
  });

  it('asks the identity registry which namespaces identify a person', () => {
    const registry = core.guildhall.identityRegistry;
    assert.equal(registry.identifies('test.person'), true);
    assert.equal(registry.identifies('test.device'), false);
    assert.equal(registry.identifies('nobody.knows'), false);
  });
});
