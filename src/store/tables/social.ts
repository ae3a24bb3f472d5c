/** Tables of the social domain: friend requests (directed; mutual = friends). */
export interface SocialTables {
  friend_requests: FriendRequestsTable;
}

export interface FriendRequestsTable {
  from_id: number;
  to_id: number;
  created_at: number;
}
