// Convenience: the prose description of a name given as text (any syntax version).
import { describeFlavor } from './describe.js';
import { type ConvertOptions, parseAny } from './convert.js';

/** Describe `input` in prose; throws FlavorNameError when it is not a valid name in any syntax version. */
export function describeFlavorName(input: string, options: ConvertOptions = {}): string {
  const { flavor, syntax, tables } = parseAny(input, options);
  return describeFlavor(flavor, syntax, tables);
}
