import { adminRoutes, clientRoutes } from '../native/index.js';
import { describeNative } from '../native/openapi.js';
import type { Dialect } from '../plugin.js';
import { openApiDocument } from './document.js';
import type { JsonSchema } from './types.js';

/** The document of everything the server serves: the native APIs and each dialect's routes. */
export function serverDocument(dialects: ReadonlyMap<string, Dialect>): JsonSchema {
  return openApiDocument([
    describeNative(clientRoutes(), adminRoutes(dialects)),
    ...[...dialects.values()].flatMap((dialect) => (dialect.describe ? [dialect.describe()] : [])),
  ]);
}
