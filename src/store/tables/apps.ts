/** The apps (games) served: a name and settings; their dialects' credentials beside them. */
export interface AppsTable {
  id: string;
  name: string;
  /** JSON of AppSettings, with the dialects' settings under `dialects` (per dialect). */
  settings: string;
  created_at: number;
  updated_at: number;
}

/** One credential a dialect gives an app; secret ones sealed with the server key. */
export interface AppCredentialsTable {
  app_id: string;
  dialect: string;
  name: string;
  value: string;
  /** 1: `value` is sealed (SecretBox); 0: in the clear (lookup credentials, or not yet sealed). */
  sealed: number;
}

export interface AppTables {
  apps: AppsTable;
  app_credentials: AppCredentialsTable;
}
