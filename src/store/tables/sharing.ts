/** Tables of the sharing domain (filled in by its migration). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface SharingTables {}
