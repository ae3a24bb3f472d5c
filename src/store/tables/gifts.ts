import type { Generated } from 'kysely';

/** Tables of gifts. */
export interface GiftTables {
  gifts: GiftsTable;
}

export interface GiftsTable {
  id: Generated<number>;
  app_id: string;
  account_id: number;
  kind: string;
  item: string;
  created_at: number;
}
