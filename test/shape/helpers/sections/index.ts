/** The probe sections, in the order the recorder runs them; each cleans up after itself. */
import type { Probe } from '../probe.js';
import { baremetal } from './baremetal.js';
import { compute } from './compute.js';
import { identity } from './identity.js';
import { image } from './image.js';
import { network } from './network.js';
import { placement } from './placement.js';
import { volume } from './volume.js';

export const sections: Record<string, (probe: Probe) => Promise<void>> = {
  identity, network, image, volume, compute, placement, baremetal,
};
