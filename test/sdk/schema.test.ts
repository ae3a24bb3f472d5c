import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { it } from 'node:test';
import { SDK_SCHEMA, sdkSchema } from '../../scripts/sdk-schema.js';
import { servedDocument } from '../../scripts/served-document.js';

it('keeps the SDK types in step with the routes', async () => {
  const generated = await sdkSchema(await servedDocument());
  // No diff of two long files in the message: the command that refreshes them says enough.
  assert.ok(
    readFileSync(SDK_SCHEMA, 'utf8') === generated,
    'sdk/schema.d.ts differs from what the routes generate: run `npm run openapi && npm run sdk`',
  );
});
