/** Third-party identities of players per app: (app, provider, subject) → account. */
export interface ExternalIdentitiesTable {
  app_id: string;
  provider: string;
  subject: string;
  account_id: number;
  /** 1 when the provider confirmed the proof; 0 when taken as the caller sent it. */
  verified: number;
  display_name: string;
  email: string;
  picture: string;
  /** JSON object: what else the provider or the caller said. */
  extra: string;
  created_at: number;
  updated_at: number;
}

export interface ExternalIdentityTables {
  external_identities: ExternalIdentitiesTable;
}
