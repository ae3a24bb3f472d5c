import { isIP } from 'node:net';
import { fail } from '../errors.js';
import { mustHoldIds } from '../identity/holders.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import { isPublicIp, parseIp } from './ip-address.js';
import type { Carrier, FreeflowPlan, FreeflowSettings, IpLocation, IpLocator } from './types.js';
import { CARRIERS, FREEFLOW_LIMITS } from './types.js';

/** A domain name, perhaps with a wildcard first label. */
const DOMAIN = /^(?:\*\.)?[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/;

/** A domain, an IP address or a CIDR range. */
function isHost(host: string): boolean {
  const [address = '', prefix, ...rest] = host.split('/');
  const family = isIP(address);
  if (prefix === undefined) return family !== 0 || DOMAIN.test(host);
  return (
    rest.length === 0 &&
    family !== 0 &&
    /^\d{1,3}$/.test(prefix) &&
    Number(prefix) <= (family === 4 ? 32 : 128)
  );
}

const UNKNOWN_PLACE: IpLocation = {
  country: '',
  province: '',
  city: '',
  district: '',
  isp: '',
  extend: '',
};

export interface FreeflowInfo extends FreeflowSettings, FreeflowPlan {
  /** Every carrier's hosts, each once. */
  allHosts: string[];
}

/**
 * Free flow (免流): carriers' plans that make a game's traffic free. Operators set the hosts each
 * carrier zero-rates for an app and which players hold a plan; games ask both, and where an IP
 * address is (its carrier above all).
 */
export class FreeflowService {
  constructor(
    private readonly store: StoreSlice<'freeflow' | 'playerIds'>,
    private readonly clock: Clock,
    private readonly locator: IpLocator,
    /** A player may hold a plan with an id in each of these namespaces. */
    private readonly holders: readonly string[] = [],
  ) {}

  /** Fails with player.not_found unless the player may hold a plan in the app. */
  checkHolder(appId: string, accountId: number): Promise<void> {
    return mustHoldIds(this.store, appId, accountId, this.holders);
  }

  async settings(appId: string): Promise<FreeflowSettings> {
    return (
      (await this.store.freeflow.settings(appId)) ?? {
        hosts: { unicom: [], telecom: [], mobile: [] },
        expireSec: FREEFLOW_LIMITS.defaultExpireSec,
      }
    );
  }

  async configure(
    appId: string,
    changes: { hosts?: Partial<Record<Carrier, string[]>>; expireSec?: number },
  ): Promise<FreeflowSettings> {
    const current = await this.settings(appId);
    const settings: FreeflowSettings = {
      hosts: { ...current.hosts, ...changes.hosts },
      expireSec: changes.expireSec ?? current.expireSec,
    };
    for (const carrier of CARRIERS) checkHosts(carrier, settings.hosts[carrier]);
    if (
      !Number.isInteger(settings.expireSec) ||
      settings.expireSec < 1 ||
      settings.expireSec > FREEFLOW_LIMITS.maxExpireSec
    ) {
      fail('invalid_argument', `expire: 1-${FREEFLOW_LIMITS.maxExpireSec} seconds`);
    }
    await this.store.freeflow.saveSettings(appId, settings, this.clock.now());
    return settings;
  }

  /** The player's plan; a player without one is not free (carrier: unicom). */
  async plan(appId: string, accountId: number): Promise<FreeflowPlan> {
    return (
      (await this.store.freeflow.plan(appId, accountId)) ?? { isFree: false, carrier: 'unicom' }
    );
  }

  async setPlan(
    appId: string,
    accountId: number,
    changes: Partial<FreeflowPlan>,
  ): Promise<FreeflowPlan> {
    await this.checkHolder(appId, accountId);
    const plan = { ...(await this.plan(appId, accountId)), ...changes };
    await this.store.freeflow.savePlan(appId, accountId, plan, this.clock.now());
    return plan;
  }

  /** What a game needs to route a player's traffic: the app's settings and the player's plan. */
  async info(appId: string, accountId: number): Promise<FreeflowInfo> {
    const [settings, plan] = await Promise.all([this.settings(appId), this.plan(appId, accountId)]);
    const allHosts = [...new Set(CARRIERS.flatMap((carrier) => settings.hosts[carrier]))];
    return { ...settings, ...plan, allHosts };
  }

  /** Where an IP address is; everything unknown for reserved (private, loopback...) ones. */
  async locate(ip: string): Promise<IpLocation> {
    const parsed = parseIp(ip) ?? fail('invalid_argument', `ip: ${ip} is not an IP address`);
    if (!isPublicIp(parsed)) return UNKNOWN_PLACE;
    return (await this.locator.locate(parsed.address, parsed.family)) ?? UNKNOWN_PLACE;
  }
}

function checkHosts(carrier: Carrier, hosts: readonly string[]): void {
  if (hosts.length > FREEFLOW_LIMITS.hostsPerCarrier) {
    fail('invalid_argument', `${carrier}: at most ${FREEFLOW_LIMITS.hostsPerCarrier} hosts`);
  }
  for (const host of hosts) {
    if (host.length > FREEFLOW_LIMITS.hostLength || !isHost(host)) {
      fail('invalid_argument', `${carrier}: ${JSON.stringify(host)} is not a domain or an IP`);
    }
  }
}
