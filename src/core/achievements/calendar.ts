import { DateTime } from 'luxon';

/** A stretch of whole days of an app's calendar, as yyyy-MM-dd (both ends included). */
export interface DayRange {
  from: string;
  to: string;
}

/** The day of the instant in the time zone, as yyyy-MM-dd (sorts as text). */
export function dayOf(at: number, zone: string): string {
  return DateTime.fromMillis(at, { zone }).toISODate() ?? '';
}

/**
 * Today, this week and last week around the instant, in the time zone. Weeks start on Monday,
 * as China's game weeks do.
 */
export function periodsOf(
  at: number,
  zone: string,
): Record<'today' | 'week' | 'lastWeek', DayRange> {
  const now = DateTime.fromMillis(at, { zone });
  const monday = now.startOf('week');
  const range = (start: DateTime): DayRange => ({
    from: start.toISODate() ?? '',
    to: start.plus({ days: 6 }).toISODate() ?? '',
  });
  const today = dayOf(at, zone);
  return {
    today: { from: today, to: today },
    week: range(monday),
    lastWeek: range(monday.minus({ weeks: 1 })),
  };
}
