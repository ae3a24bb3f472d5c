/** The parts of an OpenAPI 3.1 document that Guildhall writes. */
export type JsonSchema = Record<string, unknown>;

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';

export interface Parameter {
  name: string;
  in: 'query' | 'path' | 'header';
  required?: boolean;
  description?: string;
  schema: JsonSchema;
}

/** A pointer into the document's components. */
export interface Reference {
  $ref: string;
}

export interface MediaType {
  schema: JsonSchema;
}

export interface Response {
  description: string;
  content?: Record<string, MediaType>;
}

export interface Operation {
  tags: string[];
  summary: string;
  description?: string;
  parameters?: (Parameter | Reference)[];
  requestBody?: { required?: boolean; content: Record<string, MediaType> };
  responses: Record<string, Response>;
  security?: Record<string, string[]>[];
}

export type PathItem = Partial<Record<HttpMethod, Operation>>;

/** What one API (a dialect, the native API) adds to the document. */
export interface ApiDescription {
  tags: readonly { name: string; description: string }[];
  paths: Readonly<Record<string, PathItem>>;
  /** Shared schemas (envelopes), under components/schemas. */
  schemas?: Readonly<Record<string, JsonSchema>>;
  /** Parameters many of its operations share, under components/parameters. */
  parameters?: Readonly<Record<string, Parameter>>;
  /** How its callers authenticate, under components/securitySchemes. */
  securitySchemes?: Readonly<Record<string, JsonSchema>>;
}
