import type { DomainErrorCode } from '../../core/errors.js';

/** Momo error codes and their texts, as the document lists them. */
export const MOMO_MESSAGES: Record<number, string> = {
  0: 'success',
  30001: 'TOKEN 无效',
  30009: 'App secret 错误',
  30016: 'vtoken 不合法',
  30021: 'APP 没有开启导出账单功能',
  30022: '只支持 POST 方式请求',
  30101: '参数错误',
  30102: '缺少经纬度',
  30105: '时间格式错误',
  30208: '赠送表情受限(游戏尚未配置对应表情)',
  30211: '交易失败',
  30217: '交易不存在',
  30218: '查询失败, 交易进行中',
  30221: '非法支付',
  30301: '获取好友排行榜失败，需要重试',
  30302: '获取附近排行榜失败，需要重试',
  30303: '获取同城排行榜失败，需重试',
  30304: '更新积分错误',
  30305: '更新超过限制 (一次 100 个)',
  30306: '排行榜删除错误',
  30309: 'App secret 错误',
  30500: '服务器未知错误',
  30800: '创建群组失败。',
  30801: '加入群组失败。',
  30802: 'T 人失败。',
  30803: '群主换人失败。',
  30804: '解散失败。',
  30805: '退出失败。',
};

export const MOMO_PARAMETER_ERROR = 30101;
export const MOMO_SERVER_ERROR = 30500;
export const MOMO_BAD_SECRET = 30009;

/** Domain errors every Momo endpoint maps the same way; endpoints add their own. */
export const MOMO_DEFAULT_ERRORS: Partial<Record<DomainErrorCode, number>> = {
  invalid_argument: MOMO_PARAMETER_ERROR,
  not_found: MOMO_PARAMETER_ERROR,
  'player.not_found': MOMO_PARAMETER_ERROR,
  'app.not_found': MOMO_BAD_SECRET,
  'app.bad_secret': MOMO_BAD_SECRET,
  'auth.bad_token': 30016,
  'auth.token_expired': 30016,
  'player.no_location': 30102,
  'leaderboard.too_many': 30305,
  'gift.not_configured': 30208,
};
