/** Tables of sealed app secrets (signing keys, push credentials). */
export interface SecretTables {
  app_secrets: AppSecretsTable;
}

export interface AppSecretsTable {
  app_id: string;
  /** 'notify_rsa_key', 'apns_certificate', 'fcm_service_account'. */
  kind: string;
  /** What may be shown (a public key), or null. */
  public_part: string | null;
  /** The secret, sealed with the server key (see core/secrets). */
  sealed: string;
  updated_at: number;
}
