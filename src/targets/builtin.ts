// Registers the targets that ship with scs-cert.
import { openstackTarget } from './openstack.js';
import { registerTarget } from './registry.js';

registerTarget(openstackTarget);
