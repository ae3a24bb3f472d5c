// Writes sdk/schema.d.ts, the SDK's types, from openapi.json (`npm run sdk`).
import { readFileSync, writeFileSync } from 'node:fs';
import { SDK_SCHEMA, sdkSchema } from './sdk-schema.js';

const document = JSON.parse(readFileSync(new URL('../openapi.json', import.meta.url), 'utf8'));
writeFileSync(SDK_SCHEMA, await sdkSchema(document));
