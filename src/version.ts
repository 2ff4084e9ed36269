// moved to src/core/version.ts; kept until all callers are moved
export * from './core/version.js';
