import { fail } from '../errors.js';
import type { Currency } from './types.js';

/** The decimals of each ISO 4217 currency (its minor unit), as the runtime's ICU data has them. */
function isoDecimals(): Map<string, number> {
  return new Map(
    Intl.supportedValuesOf('currency').map((code) => [
      code,
      new Intl.NumberFormat('en', { style: 'currency', currency: code }).resolvedOptions()
        .maximumFractionDigits ?? 2,
    ]),
  );
}

const ISO_DECIMALS = isoDecimals();
/** RMB and MMB (the platform's own) beside the ISO currencies. */
const DECIMALS: ReadonlyMap<Currency, number> = new Map([...ISO_DECIMALS, ['RMB', 2], ['MMB', 0]]);
const MAX_MINOR = 10_000_000_000;

/** Whether the code is an ISO 4217 currency (not RMB or MMB, the platform's own names). */
export function isIsoCurrency(code: string): boolean {
  return ISO_DECIMALS.has(code);
}

/** Whether an order may be in this currency. */
export function isCurrency(code: string): boolean {
  return DECIMALS.has(code);
}

function decimalsOf(currency: Currency): number {
  const decimals = DECIMALS.get(currency);
  if (decimals === undefined) fail('invalid_argument', `unknown currency ${currency}`);
  return decimals;
}

/**
 * "6.00" 元 → 600 fen; "60" MMB → 60; "9.90" USD → 990 cents. Rejects unknown currencies, zero,
 * negatives and more decimals than the currency has.
 */
export function parseAmount(text: string, currency: Currency): number {
  const decimals = decimalsOf(currency);
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
  return minor / 10 ** decimalsOf(currency);
}

/** The amount as decimal text without trailing zeros: 600 fen → "6", 1 → "0.01". */
export function formatMajor(minor: number, currency: Currency): string {
  const decimals = decimalsOf(currency);
  const text = (minor / 10 ** decimals).toFixed(decimals);
  return decimals > 0 ? text.replace(/\.?0+$/, '') : text;
}

/** The amount as decimal text with the currency's decimals: 600 fen → "6.00", 60 MMB → "60". */
export function formatAmount(minor: number, currency: Currency): string {
  const decimals = decimalsOf(currency);
  return (minor / 10 ** decimals).toFixed(decimals);
}
