// Library entry point: the public API of scs-cert for programs that embed it.
export { TOOL_NAME, TOOL_VERSION } from './core/version.js';
export type * from './results/types.js';
export type * from './results/report.js';
export type * from './probes/types.js';
export type * from './gatherers/types.js';
export type * from './artifacts/iaas.js';
export type * from './artifacts/kaas.js';
export * from './artifacts/names.js';
export type { Logger, ProgressFn } from './core/logger.js';
export type { Ledger, LedgerEntry } from './core/ledger.js';
export type { JudgeMode } from './core/judge-mode.js';

// Standards as data: load, validate, resolve versions, compile.
export { loadScope, loadScopeFile, builtinScopes } from './standards/load-scope.js';
export { compileSuite, type CompileOptions } from './standards/compile.js';
export type { CompiledSuite, CompiledTestcase } from './standards/compiled-suite.js';
export { selectVersions, validities } from './standards/timeline.js';
export { StandardsError } from './standards/errors.js';

// Running and reporting.
export { builtinRegistry, createRegistry } from './probes/registry.js';
export { runPipeline, type PipelineOptions } from './runner/pipeline.js';
export { expiresAt } from './results/expiry.js';
export { render, FORMATS, type Format } from './reporters/index.js';
export { toScsReport, renderScsYaml } from './reporters/scs-yaml.js';
export { renderConsole } from './reporters/console.js';

// Clients and embedded counterparts.
export { connectOpenStack } from './clients/openstack/index.js';
export { startDemoCloud } from './democloud/index.js';
export { startDemoCluster } from './democluster/index.js';

// SCS flavor names, signatures and credentials.
export * as flavorNames from './flavor-name/index.js';
export * as attest from './attest/index.js';
export * as gaiax from './gaiax/index.js';
