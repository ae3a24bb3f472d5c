import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { DomainErrorCode } from '../../core/errors.js';
import type { Services } from '../../services.js';

export interface XcloudContext<P> {
  services: Services;
  /** The app the call was found to belong to (its sign verified with the app's key). */
  app: App;
  params: P;
  request: FastifyRequest;
  /** Unix seconds of the request. */
  timesec: number;
}

/**
 * One endpoint of the xcloud user center: its path, the schema of its fields, which fields its
 * sign leaves out, the core call, and how its domain errors map to the document's statuses.
 */
export interface XcloudEndpoint<S extends z.ZodObject = z.ZodObject> {
  /** e.g. `/Pt/tourist`. */
  path: string;
  /**
   * The document's fields (strings; declared `files` as Buffers): the sign covers these (less
   * `unsigned`); other fields are accepted and not signed. A missing field answers 114; a field
   * named in `fieldStatus` that fails answers that status instead.
   */
  params: S;
  /** Status of a field present but invalid (e.g. `lastsid` → 109). */
  fieldStatus?: Readonly<Record<string, number>>;
  /** The fields the document marks 不参与加密 (not signed); a function when they depend on the call. */
  unsigned?: readonly string[] | ((fields: Readonly<Record<string, string>>) => readonly string[]);
  /** The document lists `time`: missing → 104, and the app's freshness window applies. */
  time?: boolean;
  /** Multipart file fields, by their part names; a function when the call names them. */
  files?: readonly string[] | ((fields: Readonly<Record<string, string>>) => readonly string[]);
  errors?: Partial<Record<DomainErrorCode, number>>;
  /** Returns the answer's `data` (undefined: `{}`). */
  handle(context: XcloudContext<z.infer<S>>): Promise<Record<string, unknown> | undefined>;
}

/** Keeps each endpoint's parameter type tied to its schema. */
export function xcloudEndpoint<S extends z.ZodObject>(endpoint: XcloudEndpoint<S>): XcloudEndpoint {
  return endpoint as unknown as XcloudEndpoint;
}
