import { fail } from '../errors.js';
import type { Currency } from './types.js';

const DECIMALS: Record<Currency, number> = { RMB: 2, MMB: 0 };
const MAX_MINOR = 10_000_000_000;

/** "6.00" 元 → 600 fen; "60" MMB → 60. Rejects zero, negatives and excess decimals. */
export function parseAmount(text: string, currency: Currency): number {
  const decimals = DECIMALS[currency];
  const pattern =
    decimals > 0 ? new RegExp(`^(\\d{1,10})(?:\\.(\\d{1,${decimals}}))?$`) : /^(\d{1,10})$/;
  const match = pattern.exec(text.trim());
  if (!match) fail('invalid_argument', `amount must be a positive ${currency} amount: ${text}`);
  const whole = Number(match[1]);
  const fraction = Number((match[2] ?? '').padEnd(decimals, '0') || '0');
  const minor = whole * 10 ** decimals + fraction;
  if (minor <= 0 || minor > MAX_MINOR) fail('invalid_argument', `amount out of range: ${text}`);
  return minor;
}

/** The amount in the currency's unit as a plain number: 600 fen → 6, 650 → 6.5. */
export function majorUnits(minor: number, currency: Currency): number {
  return minor / 10 ** DECIMALS[currency];
}

/** The amount as decimal text without trailing zeros: 600 fen → "6", 1 → "0.01". */
export function formatMajor(minor: number, currency: Currency): string {
  const decimals = DECIMALS[currency];
  const text = (minor / 10 ** decimals).toFixed(decimals);
  return decimals > 0 ? text.replace(/\.?0+$/, '') : text;
}

/** The amount as decimal text with the currency's decimals: 600 fen → "6.00", 60 MMB → "60". */
export function formatAmount(minor: number, currency: Currency): string {
  return (minor / 10 ** DECIMALS[currency]).toFixed(DECIMALS[currency]);
}
