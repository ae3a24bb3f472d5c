import type { FastifyInstance } from 'fastify';
import type { AppConfigDeclaration } from '../core/apps/declarations.js';
import type { App } from '../core/apps/types.js';
import type { DomainErrorCode } from '../core/errors.js';
import type { IdNamespace, TokenKind } from '../core/identity/types.js';
import type { OutboxHandler } from '../core/outbox/types.js';
import type { Services } from '../services.js';

/**
 * A platform protocol Guildhall speaks. Its folder exports one of these; the composition root
 * lists them, and nothing outside the folder imports from it.
 */
export interface DialectPlugin {
  readonly name: string;
  /** The credentials and settings every app gets for this dialect. */
  readonly appConfig: AppConfigDeclaration;
  /** The per-app id namespaces and the token kinds the dialect registers. */
  readonly namespaces: readonly IdNamespace[];
  readonly tokenKinds: readonly TokenKind[];
  /**
   * How the dialect answers each domain error it can meet (its wire code). The table test checks
   * that every code in `meets` has an answer.
   */
  readonly errors: {
    readonly meets: readonly DomainErrorCode[];
    wireCode(code: DomainErrorCode): number | string | undefined;
  };
  /** Builds the dialect's own services over the core ones, once per process. */
  start(services: Services): Dialect;
}

/** A started dialect. */
export interface Dialect {
  /** Registers the dialect's endpoints (in a Fastify scope of its own). */
  register(http: FastifyInstance): void;
  /**
   * What the dialect adds to a native login's answer: its ids and tokens for the player, as one
   * block under the dialect's name (undefined: nothing for this login).
   */
  login?(login: NativeLogin): Promise<unknown>;
  /** Deliverers of the outbox items the dialect queues (signed notifications). */
  readonly outboxHandlers?: readonly OutboxHandler[];
  /** Writes what the dialect holds in memory; called once at shutdown. */
  close?(): Promise<void>;
}

/** A player who just logged in through the native client API. */
export interface NativeLogin {
  readonly app: App;
  readonly accountId: number;
  /** The login request's body: a dialect reads its own fields from it (MSDK's `platform`). */
  readonly body: Readonly<Record<string, unknown>>;
}
