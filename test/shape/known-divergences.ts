/**
 * Where the simulator's replies still differ from the recorded real cloud's, per probe section
 * (lines exactly as replies.test.ts prints them). The human-readable list with the real and the
 * simulated behaviour is /work/notes/divergences.md. Delete a line when its divergence is fixed.
 */
export const knownDivergences: Record<string, string[]> = {
  identity: [
    "unauthorized-compute: header missing x-compute-request-id",
  ],
  volume: [
    "microversion-too-high: header missing openstack-api-version",
    "microversion-too-high: header missing x-compute-request-id",
    "snapshot-delete: content-type: real text/html, sim -",
  ],
  compute: [
    "microversion-too-high: header missing openstack-api-version",
    "microversion-too-high: header missing x-compute-request-id",
    "microversion-too-high: header missing x-openstack-nova-api-version",
  ],
  baremetal: [
    "microversion-too-high: header missing x-openstack-ironic-api-maximum-version",
    "microversion-too-high: header missing x-openstack-ironic-api-minimum-version",
  ],
};
