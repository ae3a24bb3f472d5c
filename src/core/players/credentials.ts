/** What an email + password account accepts, shared by registration and password resets. */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const MAX_EMAIL = 254;
export const PASSWORD_MIN = 8;
export const PASSWORD_MAX = 256;

/** Emails are kept trimmed and lowercased: one address, one account. */
export function normalizedEmail(email: string): string {
  return email.trim().toLowerCase();
}

export function isEmailAddress(email: string): boolean {
  const normalized = normalizedEmail(email);
  return normalized.length <= MAX_EMAIL && EMAIL.test(normalized);
}

export function isAcceptablePassword(password: string): boolean {
  return password.length >= PASSWORD_MIN && password.length <= PASSWORD_MAX;
}
