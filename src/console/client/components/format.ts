/** Unix ms as the operator's local date and time. */
export function dateTime(ms: number | null | undefined): string {
  return ms ? new Date(ms).toLocaleString() : '—';
}

/** An amount in minor units with its currency, e.g. 1999 CNY → "19.99 CNY". */
export function money(minor: number, currency: string, decimals = 2): string {
  return `${(minor / 10 ** decimals).toFixed(decimals)} ${currency}`;
}

/** How long ago, e.g. "3 min". */
export function age(ms: number): string {
  const seconds = Math.round(ms / 1000);
  if (seconds < 120) return `${seconds} s`;
  if (seconds < 7200) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} d`;
}
