// Library entry point: the public API of scs-cert for programs that embed it.
export { TOOL_NAME, TOOL_VERSION } from './version.js';
export type * from './results/types.js';
export type * from './probes/types.js';
export type * from './gatherers/types.js';
export type * from './artifacts/iaas.js';
export type * from './artifacts/kaas.js';
export * from './artifacts/names.js';
