/** Tables of the memberships domain (filled in by its migration). */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface MembershipTables {}
