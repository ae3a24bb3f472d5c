// Writes openapi.json, the document `guildhall serve` answers at /openapi.json (`npm run openapi`).
import { writeFileSync } from 'node:fs';
import { openGuildhall } from '../src/guildhall.js';
import { OPENAPI_URL } from '../src/protocols/openapi/routes.js';
import { buildServer } from '../src/server.js';

const SNAPSHOT = new URL('../openapi.json', import.meta.url);

const guildhall = await openGuildhall({ sqliteFile: ':memory:' });
const server = await buildServer(guildhall, { adminTokenHash: 'unused' });
const answer = await server.inject({ method: 'GET', url: OPENAPI_URL });
writeFileSync(SNAPSHOT, `${JSON.stringify(answer.json(), null, 2)}\n`);
await server.close();
await guildhall.close();
