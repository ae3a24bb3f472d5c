import type { MsdkEndpoint } from './endpoint.js';
import { qqRelationEndpoints } from './relation-qq.js';
import { wxRelationEndpoints } from './relation-wx.js';

/** Friends playing the same game and player profiles, on QQ and WeChat. */
export const relationEndpoints: MsdkEndpoint[] = [...qqRelationEndpoints, ...wxRelationEndpoints];
