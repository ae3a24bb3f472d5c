// Writes openapi.json, the document `guildhall serve` answers at /openapi.json (`npm run openapi`).
import { writeFileSync } from 'node:fs';
import { servedDocument } from './served-document.js';

const SNAPSHOT = new URL('../openapi.json', import.meta.url);

writeFileSync(SNAPSHOT, `${JSON.stringify(await servedDocument(), null, 2)}\n`);
