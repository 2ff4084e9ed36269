// moved to src/core/errors.ts; kept until all callers are moved
export * from '../core/errors.js';
