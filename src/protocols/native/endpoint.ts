import type { FastifyReply, FastifyRequest } from 'fastify';
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
}

/**
 * One native REST endpoint: method, URL, who may call it and the handler. What the handler
 * returns is the response body (or the reply it sent); a DomainError becomes the native error
 * body with its HTTP status (errors.ts).
 */
export type NativeEndpoint =
  | (NativeRoute & {
      access: 'public' | 'admin';
      handle(context: NativeContext): Promise<unknown>;
    })
  | (NativeRoute & {
      access: 'client';
      handle(context: ClientContext): Promise<unknown>;
    });
