import { openGuildhall } from '../src/guildhall.js';
import { OPENAPI_URL } from '../src/protocols/openapi/routes.js';
import { buildServer } from '../src/server.js';

/** The OpenAPI document a server with every dialect answers at /openapi.json. */
export async function servedDocument(): Promise<Record<string, unknown>> {
  const guildhall = await openGuildhall({ sqliteFile: ':memory:' });
  const server = await buildServer(guildhall, { adminTokenHash: 'unused' });
  try {
    return (await server.inject({ method: 'GET', url: OPENAPI_URL })).json();
  } finally {
    await server.close();
    await guildhall.close();
  }
}
