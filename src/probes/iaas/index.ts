// Every IaaS probe, registered for the compiler and the runner.
import type { Probe } from '../types.js';

export const iaasProbes: Probe[] = [];
