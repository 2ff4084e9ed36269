// Registers the targets that ship with scs-cert.
import { kubernetesTarget } from './kubernetes.js';
import { openstackTarget } from './openstack.js';
import { registerTarget } from './registry.js';

registerTarget(openstackTarget);
registerTarget(kubernetesTarget);
