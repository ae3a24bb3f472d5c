import type { Client } from 'openapi-fetch';
import createClient from 'openapi-fetch';
import type { paths } from './schema.js';

export type { components, operations, paths } from './schema.js';

/** The bearer tokens a client sends: each API's own. */
export interface GuildhallCredentials {
  /** A player's session token (a login's `session_token`), sent to the client API. */
  sessionToken?: string;
  /** The server's admin token, sent to the admin API (`/v1/admin/...`) only. */
  adminToken?: string;
}

/** A typed client of a Guildhall server: `GET`, `POST`, ... by path, as openapi-fetch has them. */
export type GuildhallClient = Client<paths>;

const ADMIN_PATHS = '/v1/admin/';

/**
 * A client of the server at `baseUrl` (e.g. `http://127.0.0.1:8080`). Paths, parameters, bodies
 * and answers are typed from the server's OpenAPI document.
 */
export function createGuildhallClient(
  baseUrl: string,
  credentials: GuildhallCredentials = {},
): GuildhallClient {
  const client = createClient<paths>({ baseUrl });
  client.use({
    onRequest({ request, schemaPath }) {
      const token = schemaPath.startsWith(ADMIN_PATHS)
        ? credentials.adminToken
        : credentials.sessionToken;
      if (token) request.headers.set('Authorization', `Bearer ${token}`);
      return request;
    },
  });
  return client;
}
