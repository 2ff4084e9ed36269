// Checks a value against its artifact contract once, wherever it came from, and names the first mismatch.
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import type { ArtifactName } from './names.js';
import { ARTIFACT_CONTRACTS, type ArtifactTypes } from './registry.js';

export type ArtifactCheck<N extends ArtifactName> =
  | { ok: true; value: ArtifactTypes[N] }
  | {
      ok: false;
      /** JSON pointer (RFC 6901) of the first value that breaks the contract; `` is the whole value. */
      pointer: string;
      /** What is wrong there, e.g. `must be number`. */
      problem: string;
    };

type Validators = { [N in ArtifactName]?: ValidateFunction<ArtifactTypes[N]> };

let ajv: Ajv2020 | undefined;
const validators: Validators = {};

function validatorFor<N extends ArtifactName>(name: N): ValidateFunction<ArtifactTypes[N]> {
  const known = validators[name];
  if (known) return known;
  // First error only: a saved file or an odd cloud is reported by the one place that broke the contract.
  // The schemas themselves are checked against the meta-schema by test/artifacts/contracts.test.ts, not on
  // every run (that check doubles the compile time of a run's first artifacts).
  ajv ??= new Ajv2020({ strict: true, allowUnionTypes: true, validateSchema: false });
  const compiled = ajv.compile<ArtifactTypes[N]>(ARTIFACT_CONTRACTS[name].schema);
  Object.assign(validators, { [name]: compiled });
  return compiled;
}

/** The value typed by its contract, or where and why it breaks it. */
export function checkArtifact<N extends ArtifactName>(name: N, value: unknown): ArtifactCheck<N> {
  const validate = validatorFor(name);
  if (validate(value)) return { ok: true, value };
  const first = validate.errors?.[0];
  return {
    ok: false,
    pointer: first?.instancePath ?? '',
    problem: first ? describeAjvError(first.message, first.params) : 'does not match the schema',
  };
}

function describeAjvError(message: string | undefined, params: Record<string, unknown>): string {
  const base = message ?? 'does not match the schema';
  if (typeof params['allowedValues'] === 'object')
    return `${base}: ${JSON.stringify(params['allowedValues'])}`;
  return base;
}

/** `/3/vcpus` for messages; the whole value reads as `(the whole value)`. */
export function formatPointer(pointer: string): string {
  return pointer === '' ? '(the whole value)' : pointer;
}
