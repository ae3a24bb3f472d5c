/** Tables of the store itself: settings kept across starts (admin token hash, demo app). */
export interface MetaTables {
  meta: MetaTable;
}

export interface MetaTable {
  key: string;
  value: string;
}
