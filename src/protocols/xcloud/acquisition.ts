import type { DevicePlatform } from '../../core/analytics/types.js';
import type { App } from '../../core/apps/types.js';
import type { Services } from '../../services.js';

/** Keys of the `device` JSON that name the device itself (iOS and Android SDKs send one). */
const DEVICE_ID_KEYS = ['deviceuuid', 'idfv', 'idfa', 'imei', 'android_id', 'mark', 'uuid'];
/** Keys that tell the platform: the fields of /Pt/getios and /Pt/getandroid. */
const PLATFORM_KEYS: readonly [DevicePlatform, readonly string[]][] = [
  ['ios', ['deviceuuid', 'idfv', 'idfa', 'sysname', 'sysversion', 'devicemodel']],
  ['android', ['imei', 'android_id', 'simoperatornam']],
];
const MAX_DEVICE_ID = 128;

/** The `device` JSON of a login as string fields (numbers and booleans too); {} when not JSON. */
function deviceFields(device: string): Record<string, string> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(device);
  } catch {
    return {};
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) return {};
  return Object.fromEntries(
    Object.entries(parsed as Record<string, unknown>)
      .filter(([, value]) => ['string', 'number', 'boolean'].includes(typeof value))
      .map(([key, value]) => [key, String(value)]),
  );
}

function idOfFields(fields: Readonly<Record<string, string>>): string | undefined {
  return DEVICE_ID_KEYS.map((key) => fields[key]).find(
    (id) => id !== undefined && id.length > 0 && id.length <= MAX_DEVICE_ID,
  );
}

/** The device id the `device` JSON names (its first id key, up to 128 characters), if any. */
export function deviceIdOf(device: string): string | undefined {
  return idOfFields(deviceFields(device));
}

/** What a login call (tourist, getfb, getgoogle, getsid ...) tells about the player's origin. */
export interface LoginContext {
  /** The document's `device` JSON. */
  device?: string;
  /** The platform the call names (getfb's `type`); else told by the device JSON's keys. */
  platform?: DevicePlatform;
  source?: string;
  mainsource?: string;
  subsource?: string;
  entry_type?: string;
  entry_name?: string;
  entry_lang?: string;
}

/**
 * Records, for the player who just logged in, the device the `device` JSON describes (when it
 * names the device and its platform can be told) and the acquisition channel (when `source` is
 * given).
 */
export async function recordLoginContext(
  services: Services,
  app: App,
  accountId: number,
  context: LoginContext,
): Promise<void> {
  const fields = context.device === undefined ? {} : deviceFields(context.device);
  const deviceId = idOfFields(fields);
  const platform =
    context.platform ?? PLATFORM_KEYS.find(([, keys]) => keys.some((key) => key in fields))?.[0];
  if (deviceId && platform) {
    const { devicemodel, model, sysversion, osversion, ...extra } = fields;
    await services.analytics.recordDevice(app, {
      platform,
      deviceId,
      model: devicemodel ?? model ?? '',
      osVersion: sysversion ?? osversion ?? '',
      accountId,
      extra,
    });
  }
  if (context.source) {
    await services.analytics.recordAcquisition(app, accountId, {
      source: context.source,
      mainsource: context.mainsource ?? '',
      subsource: context.subsource ?? '',
      entryType: context.entry_type ?? '',
      entryName: context.entry_name ?? '',
      entryLang: context.entry_lang ?? '',
    });
  }
}
