import type { FastifyInstance } from 'fastify';
import type { AppConfigDeclaration } from '../core/apps/declarations.js';
import type { App } from '../core/apps/types.js';
import type { AchievementRules } from '../core/achievements/types.js';
import type { DomainErrorCode } from '../core/errors.js';
import type { AttributeCatalog } from '../core/memberships/types.js';
import type { Grant, Granted } from '../core/identity/grants.js';
import type { IdNamespace, TokenKind } from '../core/identity/types.js';
import type { OutboxHandler } from '../core/outbox/types.js';
import type { Services } from '../services.js';
import type { NativeEndpoint } from './native/endpoint.js';
import type { ApiDescription } from './openapi/types.js';

/**
 * A platform protocol Guildhall speaks. Its folder exports one of these; the composition root
 * lists them, and nothing outside the folder imports from it.
 */
export interface DialectPlugin {
  /** The key of the dialect's blocks (login answers, app views), e.g. `momo`. */
  readonly name: string;
  /** The credentials and settings every app gets for this dialect. */
  readonly appConfig: AppConfigDeclaration;
  /** The per-app id namespaces and the token kinds the dialect registers. */
  readonly namespaces: readonly IdNamespace[];
  readonly tokenKinds: readonly TokenKind[];
  /**
   * Namespaces a player must hold an id in for the per-player features operators set
   * (memberships, free-flow plans); absent when the dialect offers none.
   */
  readonly featureNamespaces?: readonly string[];
  /** The membership plans and elite flags of the dialect's players (operators set them). */
  readonly attributes?: AttributeCatalog;
  /** How the dialect's game centre keeps achievements (one dialect at most declares it). */
  readonly achievements?: AchievementRules;
  /** Ids and tokens every player gets at each login to an app, in the login's transaction. */
  readonly loginGrant?: Grant;
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
  /** What the dialect adds to a native login's answer. */
  readonly login?: DialectLogin;
  /** The dialect's operator routes (its settings and keys), behind the admin token. */
  readonly adminEndpoints?: readonly NativeEndpoint[];
  /** Deliverers of the outbox items the dialect queues (signed notifications). */
  readonly outboxHandlers?: readonly OutboxHandler[];
  /** Writes what the dialect holds in memory; called once at shutdown. */
  close?(): Promise<void>;
  /** The routes `register` adds, as OpenAPI path items (built from the same tables). */
  describe?(): ApiDescription;
}

/** A player who just logged in through the native client API. */
export interface NativeLogin {
  readonly app: App;
  readonly accountId: number;
  /** What the dialect's login grant gave (when it has one). */
  readonly granted: Granted | undefined;
}

/**
 * A dialect's part of the native login: its own request fields, checked before anything is
 * written, and the block it answers under its name (undefined: none for this login).
 */
export interface DialectLogin {
  /** Checks the dialect's fields of the login body; throws invalid_argument. */
  parse(body: unknown): unknown;
  answer(login: NativeLogin, fields: unknown): Promise<unknown>;
}
