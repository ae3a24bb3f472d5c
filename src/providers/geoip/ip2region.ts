import { createRequire } from 'node:module';
import type * as ip2region from 'ip2region';
import type { IpLocation, IpLocator } from '../../core/sharing/types.js';

const require = createRequire(import.meta.url);

/** The package is CommonJS with its class as `default`. */
type Ip2Region = typeof ip2region.default.default;

/** What ip2region answers; IPv6 records also carry the whole place (`data`). */
interface Found {
  country: string;
  province: string;
  city: string;
  isp: string;
  data?: string;
}

/** A county-level name (区, 县, 旗, 市) after country, province and city in an IPv6 record. */
function districtOf(found: Found): string {
  const prefix = found.country + found.province + found.city;
  if (!found.data?.startsWith(prefix)) return '';
  const rest = found.data.slice(prefix.length);
  return /^\p{Script=Han}{1,10}[区县旗市]$/u.test(rest) ? rest : '';
}

/**
 * IP addresses located with the ip2region database shipped in its npm package: Chinese names and
 * carriers for IPv4, and the ZX IPv6 database it bundles. Works offline; the ~11 MB of data is
 * read on the first lookup, not at start.
 */
export class Ip2RegionLocator implements IpLocator {
  private searcher: InstanceType<Ip2Region> | undefined;

  locate(address: string): Promise<IpLocation | undefined> {
    this.searcher ??= new (require('ip2region') as { default: Ip2Region }).default();
    const found = this.searcher.searchRaw(address) as Found | null;
    if (!found?.country) return Promise.resolve(undefined);
    return Promise.resolve({
      country: found.country,
      province: found.province,
      city: found.city,
      district: districtOf(found),
      isp: found.isp,
      extend: '',
    });
  }
}
