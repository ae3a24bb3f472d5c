import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ConsoleRole } from '../../core/console/types.js';
import type { z } from 'zod';
import type { Account } from '../../core/players/types.js';
import type { Services } from '../../services.js';

/**
 * Who may call a native endpoint: anyone, a player with a bearer session token, or an operator
 * with the bearer admin token (checked by the admin scope's onRequest hook).
 */
export type NativeAccess = 'public' | 'client' | 'admin';

/** What every native handler gets: the services and the HTTP request and reply. */
export interface NativeContext {
  services: Services;
  request: FastifyRequest;
  reply: FastifyReply;
}

/** The player behind a client request's bearer session token, and the app they logged in to. */
export interface ClientSession {
  appId: string;
  account: Account;
}

/** A client endpoint's context: the session is authenticated before the handler runs. */
export interface ClientContext extends NativeContext {
  session: ClientSession;
}

interface NativeRoute {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /**
   * The schemas the handler parses its path parameters, query string and JSON body with; the
   * API reference describes the request from them. Optional: an endpoint without says less.
   */
  params?: z.ZodType;
  query?: z.ZodType;
  body?: z.ZodType;
  /** The success answer's body, where the handler returns a view of stable shape. */
  response?: z.ZodType;
  /** The success status when it is not 200 (201 for a call that creates). */
  status?: 201 | 202;
}

/**
 * One native REST endpoint: method, URL, who may call it and the handler. What the handler
 * returns is the response body (or the reply it sent); a DomainError becomes the native error
 * body with its HTTP status (errors.ts).
 */
export type NativeEndpoint =
  | (NativeRoute & {
      access: 'public';
      handle(context: NativeContext): Promise<unknown>;
    })
  | AdminEndpoint
  | (NativeRoute & {
      access: 'client';
      handle(context: ClientContext): Promise<unknown>;
    });

/**
 * An operator's endpoint (bearer admin token or console session). Reads need the viewer role
 * and writes the operator role unless `role` says otherwise; `snapshot` reads the target's
 * state, which the audit log keeps from before and after a write.
 */
export type AdminEndpoint = NativeRoute & {
  access: 'admin';
  role?: ConsoleRole;
  snapshot?(context: NativeContext): Promise<unknown>;
  handle(context: NativeContext): Promise<unknown>;
};
