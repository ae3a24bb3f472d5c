/**
 * Zodiac signs as the platforms number them, 1 白羊 (Aries) to 12 双鱼 (Pisces): [first day as MMDD, sign],
 * in calendar order. Days before 01-20 belong to 10 摩羯 (Capricorn), which spans the new year.
 */
const SIGN_STARTS: readonly [mmdd: number, sign: number][] = [
  [120, 11],
  [219, 12],
  [321, 1],
  [420, 2],
  [521, 3],
  [622, 4],
  [723, 5],
  [823, 6],
  [923, 7],
  [1024, 8],
  [1123, 9],
  [1222, 10],
];

const BIRTHDAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Birthdays repeat across players and lists render them over and over: remember the parses. */
const parsed = new Map<string, { year: number; month: number; day: number } | undefined>();
const PARSED_LIMIT = 100_000;

/** Parses "YYYY-MM-DD"; undefined when malformed or not a real date. */
export function parseBirthday(
  text: string,
): { year: number; month: number; day: number } | undefined {
  if (parsed.has(text)) return parsed.get(text);
  if (parsed.size >= PARSED_LIMIT) parsed.clear();
  const result = parseBirthdayText(text);
  parsed.set(text, result);
  return result;
}

function parseBirthdayText(text: string): { year: number; month: number; day: number } | undefined {
  const match = BIRTHDAY.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  const real =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return real && year >= 1900 ? { year, month, day } : undefined;
}

export function constellationOf(birthday: string | null): number {
  const parsed = birthday ? parseBirthday(birthday) : undefined;
  if (!parsed) return 0;
  const mmdd = parsed.month * 100 + parsed.day;
  let sign = 10;
  for (const [start, startingSign] of SIGN_STARTS) if (mmdd >= start) sign = startingSign;
  return sign;
}

/** Whole years between the birthday and `now` (unix ms, on the UTC+8 calendar); 0 if unknown. */
export function ageOf(birthday: string | null, now: number): number {
  const parsed = birthday ? parseBirthday(birthday) : undefined;
  if (!parsed) return 0;
  const today = new Date(now + 8 * 3_600_000);
  const year = today.getUTCFullYear();
  const beforeBirthday =
    today.getUTCMonth() + 1 < parsed.month ||
    (today.getUTCMonth() + 1 === parsed.month && today.getUTCDate() < parsed.day);
  return Math.max(0, year - parsed.year - (beforeBirthday ? 1 : 0));
}
