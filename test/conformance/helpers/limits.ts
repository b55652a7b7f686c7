/**
 * What the loopback test cloud (../shared/openstack: Zed, fake virt driver, fake-hardware Ironic,
 * no agents) cannot do, so contract tests that need it cannot pass there. A failing contract test
 * whose name matches one of these is reported as "not applicable" with the reason, never hidden;
 * the README's conformance section lists the same items. Anything else that fails is a failure.
 */
export interface CloudLimit {
  /** Matches the test's name. */
  test: RegExp;
  /** When set, the failure's message must match too, so a real bug in such a test still fails. */
  error?: RegExp;
  reason: string;
}

export const testCloudLimits: CloudLimit[] = [
  { test: /two clouds are independent|different (ids, )?endpoints/i,
    reason: 'src and dst are two projects of ONE test cloud: they share Keystone and every endpoint' },
  { test: /live[- ]migrat|cold[- ]migrat|evacuat|consolidat/i,
    reason: 'one nova-compute host (fake driver): migration and evacuation end in NoValidHost' },
  // `target.sim!.cloud(...)` is how a contract test reaches the simulator's knobs; against a real
  // cloud target.sim is undefined, and that exact failure is what identifies such a test.
  { test: /./,
    error: /reading '(cloud|entries|faults|progression|clock|reset)'/,
    reason: 'needs the simulator\'s fault injection, clock or state progressions, which a real cloud does not have' },
  { test: /multiattach|retype/i,
    reason: 'one Cinder backend (NFS driver on a local directory): no multiattach, no retype between backends' },
  { test: /hypervisor.*ironic|ironic.*hypervisor|deploy.*compute node|scale[- ]out/i,
    reason: 'Ironic is not wired into Nova: nodes never become Nova hypervisors' },
  { test: /redfish|\bipmi\b|\bbmc\b|power on through ironic/i,
    reason: 'Ironic uses fake-hardware: no BMC, Redfish or IPMI endpoint to talk to' },
];

export function limitFor(testName: string, error = ''): CloudLimit | undefined {
  return testCloudLimits.find((l) => l.test.test(testName) && (!l.error || l.error.test(error)));
}
