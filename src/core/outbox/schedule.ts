const SECOND = 1_000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/**
 * When each of the 24 attempts of a payment notification is due after payment: quick retries
 * first, then ever longer gaps, the last within a day (the payment documents' 衰减重试 24 次, 一天之后超时; every
 * dialect's payment notifications keep it).
 */
export const PAYMENT_NOTIFY_SCHEDULE: readonly number[] = [
  0,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  2 * MINUTE,
  4 * MINUTE,
  8 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  45 * MINUTE,
  HOUR,
  1.5 * HOUR,
  2 * HOUR,
  2.5 * HOUR,
  3 * HOUR,
  4 * HOUR,
  5 * HOUR,
  6 * HOUR,
  8 * HOUR,
  10 * HOUR,
  12 * HOUR,
  15 * HOUR,
  18 * HOUR,
  21 * HOUR,
];
