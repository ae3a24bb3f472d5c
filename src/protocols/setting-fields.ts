import type { SettingField } from '../core/apps/declarations.js';
import { fail } from '../core/errors.js';

const MAX_WINDOW_SEC = 86_400;

interface Described {
  /** The setting's name in the admin API, e.g. `<dialect>_timestamp_window_sec`. */
  name: string;
  label: string;
  /** The `app update` flag's name, e.g. `--<dialect>-timestamp-window`. */
  flag: string;
  description: string;
}

/**
 * How far (seconds) a call's timestamp may be from now, or null: not checked. Set with
 * `<flag> <seconds|off>`.
 */
export function timeWindowSetting(
  described: Described & { defaultValue: number | null },
): SettingField {
  const parse = (value: unknown): number | null => {
    if (value === null) return null;
    if (
      typeof value !== 'number' ||
      !Number.isInteger(value) ||
      value < 1 ||
      value > MAX_WINDOW_SEC
    )
      fail(
        'invalid_argument',
        `${described.name}: an integer from 1 to ${MAX_WINDOW_SEC}, or null`,
      );
    return value;
  };
  return {
    name: described.name,
    label: described.label,
    defaultValue: described.defaultValue,
    parse,
    flag: {
      spec: `${described.flag} <seconds|off>`,
      description: described.description,
      parse: (text) => {
        if (text === 'off') return null;
        const n = Number(text);
        if (!Number.isInteger(n) || n <= 0) throw new Error(`not a positive integer: ${text}`);
        return parse(n);
      },
    },
    show: (value) => (value === null ? 'not checked' : `within ${value as number} s`),
  };
}

/** An http(s) URL of up to 2048 characters, or null: none. Set with `<flag> <url|none>`. */
export function urlSetting(described: Described): SettingField {
  const parse = (value: unknown): string | null => {
    if (value === null) return null;
    if (typeof value !== 'string' || value.length < 1 || value.length > 2048)
      fail('invalid_argument', `${described.name}: a URL of up to 2048 characters, or null`);
    let protocol = '';
    try {
      protocol = new URL(value).protocol;
    } catch {
      // reported below
    }
    if (protocol !== 'http:' && protocol !== 'https:')
      fail('invalid_argument', `${described.name} must be an http(s) URL: ${value}`);
    return value;
  };
  return {
    name: described.name,
    label: described.label,
    defaultValue: null,
    parse,
    flag: {
      spec: `${described.flag} <url|none>`,
      description: described.description,
      parse: (text) => parse(text === 'none' ? null : text),
    },
    show: (value) => (value as string | null) ?? 'not configured',
  };
}
