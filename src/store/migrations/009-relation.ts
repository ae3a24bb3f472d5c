import type { MigrationContext } from './helpers.js';

export async function up(_context: MigrationContext): Promise<void> {}
