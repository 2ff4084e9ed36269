// The scs-0100 flavor-naming probes, for the lead to merge into the IaaS probe index.
import type { Probe } from '../types.js';
import syntax from './scs-0100-syntax-check.js';
import semantics from './scs-0100-semantics-check.js';

export const scs0100Probes: Probe[] = [syntax, semantics];
