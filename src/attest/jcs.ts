// moved to src/util/jcs.ts; kept until all callers are moved
export * from '../util/jcs.js';
