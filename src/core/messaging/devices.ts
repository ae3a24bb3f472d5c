import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import type { Device, DevicePlatform, DeviceRegistration } from './types.js';
import { DEVICE_PLATFORMS, LABEL_PATTERN, MESSAGING_LIMITS, TOKEN_PATTERN } from './types.js';

/** Most tokens one tag or alias query answers with. */
export const DEVICE_QUERY_MAX = 1_000;

/** Rejects what no device registration may hold. */
export function checkRegistration(registration: DeviceRegistration): void {
  const { platform, token, tags, alias } = registration;
  if (!DEVICE_PLATFORMS.includes(platform)) fail('invalid_argument', 'platform: ios or android');
  if (token.length > MESSAGING_LIMITS.tokenLength || !TOKEN_PATTERN.test(token)) {
    fail('invalid_argument', 'token: 1-512 characters, no spaces or commas');
  }
  if (tags.length > MESSAGING_LIMITS.tags) fail('invalid_argument', 'tags: at most 32');
  for (const label of alias === null ? tags : [...tags, alias]) {
    if (label.length > MESSAGING_LIMITS.tagLength || !LABEL_PATTERN.test(label)) {
      fail('invalid_argument', `tag or alias ${JSON.stringify(label)}: 1-64 characters, no commas`);
    }
  }
}

/** Players' devices, addressed by tag, alias and token. */
export class DeviceService {
  constructor(
    private readonly store: StoreSlice<'devices'>,
    private readonly clock: Clock,
  ) {}

  /**
   * Registers a device of the player, or updates the app's device with that token: it then
   * belongs to this player, and its tags and alias are replaced by these.
   */
  async register(
    appId: string,
    accountId: number,
    registration: DeviceRegistration,
  ): Promise<Device> {
    checkRegistration(registration);
    const tags = [...new Set(registration.tags)];
    return this.store.transaction((store) =>
      store.devices.upsert({
        appId,
        accountId,
        platform: registration.platform,
        token: registration.token,
        alias: registration.alias,
        tags,
        at: this.clock.now(),
      }),
    );
  }

  ofPlayer(appId: string, accountId: number): Promise<Device[]> {
    return this.store.devices.ofAccount(appId, accountId);
  }

  /** Tokens of the platform's devices with the tag: a page of them, and how many there are. */
  byTag(
    appId: string,
    platform: DevicePlatform,
    tag: string,
    offset: number,
    limit: number,
  ): Promise<{ total: number; tokens: string[] }> {
    return this.store.devices.tokensByTag(
      appId,
      platform,
      tag,
      offset,
      Math.min(limit, DEVICE_QUERY_MAX),
    );
  }

  /** Tokens of the platform's devices with the alias (the first 1,000). */
  byAlias(appId: string, platform: DevicePlatform, alias: string): Promise<string[]> {
    return this.store.devices.tokensByAlias(appId, platform, alias, DEVICE_QUERY_MAX);
  }
}
