// Public API of the scs-0100 flavor-naming library: parse, check, describe, shorten, convert, tables.
export * from './model.js';
export {
  FLAVOR_NAMING_DATA_ID,
  FLAVOR_NAMING_DATA_FILE,
  FLAVOR_NAMING_SCHEMA_FILE,
  type FlavorNamingTables,
  asFlavorNamingTables,
  loadFlavorNamingTables,
  defaultFlavorNamingTables,
  resolveTables,
} from './tables.js';
export {
  parseFlavorName,
  checkFlavorName,
  isScsName,
  type ParseOptions,
  type CheckOptions,
  type NameVerdict,
} from './parser.js';
export { formatFlavorName } from './format.js';
export { shortenFlavor } from './shorten.js';
export { describeFlavor } from './describe.js';
export {
  convertFlavorName,
  shortenFlavorName,
  parseAny,
  type Conversion,
  type ConvertOptions,
} from './convert.js';
export { DEVIATION, PARSER_DEVIATIONS, SEMANTICS_DEVIATIONS } from './deviations.js';
export { describeFlavorName } from './describe-name.js';
