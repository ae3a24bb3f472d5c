import type { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { DomainErrorCode } from '../../core/errors.js';
import type { Services } from '../../services.js';

export interface MomoContext<P> {
  services: Services;
  app: App;
  params: P;
  /** Unix seconds of the request. */
  timesec: number;
}

/**
 * One Momo server endpoint: its path under /game/2/server/, the schema of its parameters (besides
 * appid and app_secret), the core call, and how its domain errors map to Momo codes.
 */
export interface MomoEndpoint<S extends z.ZodType = z.ZodType> {
  path: string;
  params: S;
  /** Code for a wrong appid or app_secret (30009 unless the document says otherwise). */
  badSecretCode?: number;
  postOnly?: boolean;
  /**
   * Fields that carry files (multipart parts): they reach `params` as Buffers, which the schema
   * checks (e.g. `z.instanceof(Buffer)`). Other fields are strings.
   */
  files?: readonly string[];
  /** Code for an unexpected failure (storage down, ...): the document's "retry" code, else 30500. */
  unexpectedCode?: number;
  errors?: Partial<Record<DomainErrorCode, number>>;
  handle(context: MomoContext<z.infer<S>>): Promise<unknown>;
}

/** Keeps each endpoint's parameter type tied to its schema. */
export function momoEndpoint<S extends z.ZodType>(endpoint: MomoEndpoint<S>): MomoEndpoint {
  return endpoint as unknown as MomoEndpoint;
}
