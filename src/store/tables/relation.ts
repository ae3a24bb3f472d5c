/** Tables of the relation domain: close friends and WeChat unionids. */
export interface RelationTables {
  close_friends: CloseFriendsTable;
  wechat_unionids: WechatUnionidsTable;
}

/** One player's mark on one friend ("close friend"); platform-wide, like friendship. */
export interface CloseFriendsTable {
  account_id: number;
  friend_id: number;
  created_at: number;
}

/** An account's WeChat unionid: random, made on first use, the same in every app. */
export interface WechatUnionidsTable {
  account_id: number;
  unionid: string;
  created_at: number;
}
