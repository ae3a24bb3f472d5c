import { dayOf } from '../achievements/calendar.js';
import type { App } from '../apps/types.js';
import { fail } from '../errors.js';
import type { Clock } from '../runtime.js';
import type { StoreSlice } from '../../store/store.js';
import type { CdkLoadResult, CdkStock } from './types.js';
import { CDK_CODE, CDK_LIMITS, SHARE_TYPE } from './types.js';

/** Rows per INSERT when loading codes (well within both databases' parameter limits). */
const INSERT_BATCH = 500;

function checkType(type: string): void {
  if (!SHARE_TYPE.test(type)) fail('invalid_argument', 'type: 1-50 letters, digits, _, . or -');
}

/**
 * CDK (redemption) codes: operators load a stock per app and type (whatsapp, messenger, ...);
 * a player claims one code per type per day of the app's time zone. Every code is handed out
 * once, whatever number of processes claim at the same time.
 */
export class CdkService {
  constructor(
    private readonly store: StoreSlice<'cdk'>,
    private readonly clock: Clock,
  ) {}

  /** Adds codes to the type's stock; codes the app has already (of any type) are skipped. */
  async load(appId: string, type: string, codes: readonly string[]): Promise<CdkLoadResult> {
    checkType(type);
    if (codes.length > CDK_LIMITS.codesPerLoad) {
      fail('invalid_argument', `codes: at most ${CDK_LIMITS.codesPerLoad} per load`);
    }
    const bad = codes.findIndex((code) => !CDK_CODE.test(code));
    if (bad >= 0) {
      fail('invalid_argument', `codes[${bad}]: 1-128 printable characters without spaces`);
    }
    const unique = [...new Set(codes)];
    const at = this.clock.now();
    let loaded = 0;
    for (let i = 0; i < unique.length; i += INSERT_BATCH) {
      loaded += await this.store.cdk.insert(appId, type, unique.slice(i, i + INSERT_BATCH), at);
    }
    return { loaded, duplicates: codes.length - loaded };
  }

  /** Codes per type: loaded, still available and claimed. */
  stock(appId: string): Promise<CdkStock[]> {
    return this.store.cdk.stock(appId);
  }

  /**
   * Hands the account a code of the type: cdk.claimed_today when it had one of this type today
   * (the app's time zone), cdk.out_of_stock when none is left.
   */
  async claim(app: App, accountId: number, type: string): Promise<string> {
    checkType(type);
    const now = this.clock.now();
    const day = dayOf(now, app.settings.timezone);
    const claimedToday = () =>
      fail('cdk.claimed_today', `this player had a ${type} code on ${day} already`);
    return this.store.transaction(async (store) => {
      if (await store.cdk.claimedOn(app.id, accountId, type, day)) claimedToday();
      const code =
        (await store.cdk.take(app.id, type, accountId, now)) ??
        fail('cdk.out_of_stock', `no ${type} code left`);
      // A concurrent claim of the same player got in first: this one rolls back, code and all.
      const recorded = await store.cdk.recordClaim({
        appId: app.id,
        accountId,
        type,
        day,
        codeId: code.id,
        at: now,
      });
      if (!recorded) claimedToday();
      return code.code;
    });
  }
}
