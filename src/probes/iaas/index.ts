// Every IaaS probe, registered for the compiler and the runner.
import type { Probe } from '../types.js';
import { scs0100Probes } from './scs-0100-index.js';

export const iaasProbes: Probe[] = [...scs0100Probes];
