import type { z } from 'zod';
import type { App } from '../../core/apps/types.js';
import type { DomainErrorCode } from '../../core/errors.js';
import type { TencentTokenKind } from './identity/types.js';
import type { TencentPlatform, TencentPlayer } from './identity/types.js';
import type { MsdkServices } from './services.js';
import type { FixedParams } from './codec.js';

export interface MsdkContext<P> {
  services: MsdkServices;
  app: App;
  /** The platform the request's appid stands for. */
  appPlatform: TencentPlatform;
  /** The fixed query parameters. */
  query: FixedParams;
  params: P;
  /** The calling player (endpoints with `player` 'token' or 'openid'). */
  player: TencentPlayer;
  /** The calling player's token (endpoints with `player` 'token'). */
  token: string;
  /** The address of the HTTP client. */
  clientIp: string;
  /** `http(s)://host` as the caller reached Guildhall, https when asked for (ishttps). */
  urlBase: string;
}

export type PlatCodeCause = DomainErrorCode | 'parameters' | 'server';

/** Who the endpoint acts for: a player proven by a token, a player named by openid, or nobody. */
export type PlayerRequirement = 'token' | 'openid' | 'none';

/**
 * One MSDK endpoint: its path (`module/name`), which appids may call it, whom it acts for, the
 * schema of its body, the core call and how domain errors map to MSDK return codes.
 */
export interface MsdkEndpoint<S extends z.ZodType = z.ZodType> {
  path: string;
  /** Which appids may call it (QQ, WeChat, guest). */
  platforms: readonly TencentPlatform[];
  player: PlayerRequirement;
  /** Tokens accepted, per platform (default: the platform's access token). */
  tokens?: Partial<Record<TencentPlatform, readonly TencentTokenKind[]>>;
  params: S;
  /** `msg` of a success (default "success"). */
  okMessage?: string;
  /** The field that carries the message: `msg`, or `message` where the document says so. */
  messageField?: 'msg' | 'message';
  errors?: Partial<Record<DomainErrorCode, number>>;
  /**
   * `platCode` of a failure, where the endpoint's document lists platform codes: by domain
   * error, 'parameters' for a parameter error and 'server' for an unexpected one.
   */
  platCodes?: Partial<Record<PlatCodeCause, string>>;
  /** Fields of the answer besides ret, msg and msdkExtInfo. */
  handle(context: MsdkContext<z.infer<S>>): Promise<Record<string, unknown>>;
}

/** Keeps each endpoint's parameter type tied to its schema. */
export function msdkEndpoint<S extends z.ZodType>(endpoint: MsdkEndpoint<S>): MsdkEndpoint {
  return endpoint as unknown as MsdkEndpoint;
}
