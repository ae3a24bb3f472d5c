import { z } from 'zod';
import type { JsonSchema, Parameter } from './types.js';

/**
 * The JSON Schema (2020-12, OpenAPI 3.1's dialect) of what a caller sends (the input side of
 * transforms) or, for `output`, of what the server answers; checks JSON Schema cannot say
 * (instanceof, refinements) become `{}`.
 */
export function jsonSchemaOf(schema: z.ZodType, io: 'input' | 'output' = 'input'): JsonSchema {
  const json = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  delete json.$schema; // the document's dialect already
  return json;
}

/**
 * An object schema's fields as parameters of one location; a union's: every branch's fields
 * (any of their schemas), required when every branch requires them. None for other schemas.
 */
export function fieldParameters(schema: JsonSchema, location: Parameter['in']): Parameter[] {
  const branches = ((schema.oneOf ?? schema.anyOf) as JsonSchema[] | undefined) ?? [schema];
  const fields = new Map<string, Map<string, JsonSchema>>();
  for (const branch of branches) {
    for (const [name, field] of Object.entries((branch.properties ?? {}) as JsonSchema)) {
      const schemas = fields.get(name) ?? new Map<string, JsonSchema>();
      fields.set(name, schemas.set(JSON.stringify(field), field as JsonSchema));
    }
  }
  const required = (name: string) =>
    branches.every((branch) => ((branch.required ?? []) as string[]).includes(name));
  return [...fields].map(([name, schemas]) => ({
    name,
    in: location,
    required: location === 'path' || required(name),
    schema: schemas.size === 1 ? [...schemas.values()][0]! : { anyOf: [...schemas.values()] },
  }));
}

/** The `{name}` parameters of a Fastify URL (`/a/:name`), and its OpenAPI path. */
export function openApiPath(url: string): { path: string; parameters: Parameter[] } {
  const names = [...url.matchAll(/:(\w+)/g)].map((match) => match[1] ?? '');
  return {
    path: url.replace(/:(\w+)/g, '{$1}'),
    parameters: names.map((name) => ({
      name,
      in: 'path',
      required: true,
      schema: { type: 'string' },
    })),
  };
}

/** An object schema with more fields (credentials every call sends) ahead of its own. */
export function withFields(
  schema: JsonSchema,
  fields: Readonly<Record<string, JsonSchema>>,
  required: readonly string[],
): JsonSchema {
  return {
    ...schema,
    type: 'object',
    properties: { ...fields, ...((schema.properties ?? {}) as JsonSchema) },
    required: [...required, ...((schema.required ?? []) as string[])],
  };
}
