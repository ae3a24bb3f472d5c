/**
 * The account of an order whose player was deleted (stored as null): no account has this id, so
 * looking its holder up finds nobody and the order still answers by its id.
 */
export const DELETED_ACCOUNT = 0;
