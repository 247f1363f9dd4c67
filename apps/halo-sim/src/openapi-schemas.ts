import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Halo's own OpenAPI document (data/halo/openapi.json), the source of truth for field names and types. */
export const OPENAPI_PATH = join(__dirname, '..', '..', '..', 'data', 'halo', 'openapi.json');

export interface OpenApiSchema {
  type?: string;
  properties?: Record<string, OpenApiSchema>;
  items?: OpenApiSchema;
  $ref?: string;
  [key: string]: unknown;
}

export interface OpenApiDocument {
  components: { schemas: Record<string, OpenApiSchema> };
}

let documentCache: OpenApiDocument | null = null;
const propertyCache = new Map<string, ReadonlySet<string>>();

export function loadOpenApi(): OpenApiDocument {
  if (documentCache === null) documentCache = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as OpenApiDocument;
  return documentCache;
}

/** Property names a schema allows; every schema we serve has `additionalProperties: false`. */
export function schemaProperties(name: string): ReadonlySet<string> {
  let cached = propertyCache.get(name);
  if (cached === undefined) {
    const schema = loadOpenApi().components.schemas[name];
    if (schema === undefined) throw new Error(`openapi.json has no schema ${name}`);
    cached = new Set(Object.keys(schema.properties ?? {}));
    propertyCache.set(name, cached);
  }
  return cached;
}
