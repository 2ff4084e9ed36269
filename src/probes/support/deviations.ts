// moved to src/results/deviations.ts; kept until all callers are moved
export { decideWithDeviations } from '../../results/deviations.js';
