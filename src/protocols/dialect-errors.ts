import type { DomainErrorCode } from '../core/errors.js';

/**
 * A dialect's answer to a domain error: its default map, else the first endpoint that answers
 * the code itself (e.g. Momo's group2 endpoints each answer every group error with their code).
 */
export function wireCodeOf(
  defaults: Partial<Record<DomainErrorCode, number>>,
  endpoints: readonly { errors?: Partial<Record<DomainErrorCode, number>> }[],
): (code: DomainErrorCode) => number | undefined {
  return (code) =>
    defaults[code] ?? endpoints.find((e) => e.errors?.[code] !== undefined)?.errors?.[code];
}
