/** A small scenario for tests: two projects, a member and an admin, two hosts, a public network. */
import type { CloudScenario, Scenario } from '../../../src/simulator/scenario.js';
import { publicNetwork } from '../../../src/simulator/scenarioDefault.js';

export function testCloud(cidr: string, extra: Partial<CloudScenario> = {}, pw = ''): CloudScenario {
  return {
    projects: [{ name: 'admin' }, { name: 'demo' }, { name: 'other' }],
    users: [
      { name: 'admin', password: `admin-pw${pw}`, project: 'admin', roles: ['admin'] },
      { name: 'demo', password: `demo-pw${pw}`, project: 'demo', roles: ['member'] },
      { name: 'carol', password: `carol-pw${pw}`, project: 'other', roles: ['member'] },
    ],
    applicationCredentials: [{ user: 'demo', name: 'ci', secret: 'ci-secret' }],
    hosts: [
      { name: 'compute-0', vcpus: 8, memory_mb: 16384, disk_gb: 200 },
      { name: 'compute-1', vcpus: 8, memory_mb: 16384, disk_gb: 200 },
    ],
    resources: publicNetwork(cidr),
    imageBytes: 64 * 1024,
    ...extra,
  };
}

export function testScenario(extra: Partial<CloudScenario> = {}): Scenario {
  return { seed: 7, source: testCloud('172.24.4.0/24', extra), destination: testCloud('172.25.4.0/24', {}, '-dst') };
}
