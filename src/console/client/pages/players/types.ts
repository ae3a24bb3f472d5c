/** The admin API's answers about players, as the Players page reads them. */

export interface PlayerHit {
  player_id: string;
  name: string;
  created_at: number;
  matched: string[];
}

export interface PlayerSearch {
  players: PlayerHit[];
  total: number;
  next_offset: number | null;
}

export interface Ban {
  in_force: boolean;
  reason: string;
  banned_at: number;
  until: number | null;
}

export interface HeldToken {
  token_id: string;
  app_id: string;
  kind: string;
  created_at: number;
  expires_at: number | null;
}

/** GET /v1/admin/apps/:app_id/players/:player_id/overview */
export interface PlayerOverview {
  app_id: string;
  player: {
    player_id: string;
    name: string;
    sex: number | null;
    birthday: string | null;
    sign: string | null;
    city_code: string | null;
    kind: string;
    vip: number;
    regstate: number;
    is_spam: boolean;
    created_at: number;
  };
  ban: Ban | null;
  ids: Record<string, string | null>;
  identities: {
    provider: string;
    subject: string;
    verified: boolean;
    email: string | null;
    created_at: number;
  }[];
  tokens: { live: number; by_kind: Record<string, number> };
  boards: { board: string; rank: number; score: number }[];
  groups: {
    gid: string;
    name: string;
    owner: string;
    member_count: number;
    role: string;
    guild: { union_id: string; zone: number; name: string } | null;
  }[];
  recent_orders: {
    order_id: string;
    product_id: string;
    amount: string;
    currency: string;
    status: string;
    created_at: number;
  }[];
  inbox: {
    count: number;
    recent: { id: number; content: string; kind: string; created_at: number }[];
  };
  gifts: { kind: string; item: unknown; created_at: number }[];
  roles: {
    server_id: number;
    role_id: string;
    name: string;
    level: number;
    power: number;
    vip: number;
    updated_at: number;
  }[];
}
