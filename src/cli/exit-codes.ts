// moved to src/core/exit-codes.ts; kept until all callers are moved
export * from '../core/exit-codes.js';
