/** Ways to log in: (provider, subject) → account, with a password hash where there is one. */
export interface IdentitiesTable {
  provider: string;
  subject: string;
  account_id: number;
  secret_hash: string | null;
  created_at: number;
}

/** The accounts that play each app. */
export interface AppPlayersTable {
  app_id: string;
  account_id: number;
  created_at: number;
}

/** Per-app public ids in the namespaces dialects declare (a Momo userid, a QQ openid...). */
export interface PlayerIdsTable {
  app_id: string;
  namespace: string;
  public_id: string;
  account_id: number;
  /** 1 once the account logged in under this id; 0 while the id was only shown (a friend). */
  active: number;
  created_at: number;
}

/** Bearer tokens, by hash; `kind` is a registered token kind. */
export interface TokensTable {
  hash: string;
  kind: string;
  app_id: string;
  account_id: number;
  expires_at: number | null;
  created_at: number;
}

export interface IdentityTables {
  identities: IdentitiesTable;
  app_players: AppPlayersTable;
  player_ids: PlayerIdsTable;
  tokens: TokensTable;
}
