// The artifact contract: an artifact's name, its TypeScript type and the JSON Schema every value of it must meet.
import type { JSONSchemaType, SchemaObject } from 'ajv';

/**
 * How the schema is tied to the type. Normally ajv's `JSONSchemaType<T>` lets the compiler check that the schema
 * describes exactly the type; where that type cannot say it (open index signatures, unions of object shapes),
 * the schema is plain and `schemaUnchecked` says why — a unit test then checks it against real values.
 */
export type ArtifactSchemaSpec<T> =
  { schema: JSONSchemaType<T>; schemaUnchecked?: never } | { schema: SchemaObject; schemaUnchecked: string };

export interface ArtifactContract<N extends string = string, T = unknown> {
  /** The artifact's name: the key probes declare and the file name `<name>.json` in an artifacts directory. */
  readonly name: N;
  /** One line for `scs-cert probes` and the docs: what the value holds. */
  readonly description: string;
  /** JSON Schema every value must meet, whichever way it arrived (gathered, saved, replayed). */
  readonly schema: SchemaObject;
  /** Why the compiler cannot check the schema against the type, where it cannot. */
  readonly schemaUnchecked?: string;
  /** Carries the TypeScript type only (never set at run time); read it with `ArtifactOf<C>`. */
  readonly type?: T;
}

/** The TypeScript type of a contract's values. */
export type ArtifactOf<C> = C extends ArtifactContract<string, infer T> ? T : never;

/**
 * Declare an artifact: `defineArtifact<'Flavors', Flavors>({ name: 'Flavors', description, schema })`.
 * Both type parameters are explicit so the schema is checked against the type, and the name against the key.
 */
export function defineArtifact<N extends string, T>(
  contract: { name: N; description: string } & ArtifactSchemaSpec<T>,
): ArtifactContract<N, T> {
  const { schema, schemaUnchecked } = contract;
  return {
    name: contract.name,
    description: contract.description,
    schema,
    ...(schemaUnchecked !== undefined && { schemaUnchecked }),
  };
}
