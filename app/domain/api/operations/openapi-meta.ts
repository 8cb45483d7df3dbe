import { type z } from 'zod'

type OpenApiDef = z.ZodTypeDef & { openapi?: { metadata?: Record<string, unknown> } }

/**
 * The schema with an OpenAPI `example`, stored where @asteasolutions/zod-to-openapi 7 reads it
 * (`_def.openapi.metadata`, what its `.openapi()` writes). Written here instead of calling
 * `.openapi()` so the operations stay free of that package and of its patch of zod's prototype:
 * the docs page of Administração › API imports them in the browser. A copy of the schema, like
 * every zod method; validation is unchanged.
 */
export function withExample<T extends z.ZodTypeAny>(schema: T, value: z.input<T>): T {
  const def = schema._def as OpenApiDef
  const Schema = schema.constructor as new (def: OpenApiDef) => T
  return new Schema({
    ...def,
    openapi: { ...def.openapi, metadata: { ...def.openapi?.metadata, example: value } },
  })
}

/** The example stored by withExample (the docs page shows it). */
export function exampleOf(schema: z.ZodTypeAny | undefined): unknown {
  return (schema?._def as OpenApiDef | undefined)?.openapi?.metadata?.example
}
