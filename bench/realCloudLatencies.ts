/**
 * Per-route latencies of the real test cloud (../shared/openstack: DevStack-like, Zed Neutron with
 * one API worker), to give the simulator the real cloud's waits in bench/tenant148.bench.ts.
 *
 * Where the figures come from: on 2026-12-05, a real `stackshift apply` of issue 15's tenant into
 * the empty `dst` project and a second, no-op apply,
 *   STACKSHIFT_DEBUG=1 node --import tsx scripts/bench-tenant-148.ts --runs 1 --tsx
 * against ../shared/openstack (logs: state-0-apply.log and state-0-noop.log, every API call with
 * its status and latency). Each figure is the mean over both logs of the successful calls per
 * service + method + route (n = how many calls), rounded to 5 ms. There was no trace of the
 * export; it pays the same list GETs (its GET /servers/detail and Keystone project and domain
 * lookups are not in the apply's trace, so they are not delayed). That real apply found
 * cmp-net-01, its two subnets and cmp-router-01 with one interface already in `dst` (140 steps,
 * against 146 into an empty simulated destination), so it has no PUT /routers/{id} (gateway,
 * static routes): those are not delayed here. Zed's Neutron refuses `tags` in a POST (a 400, then
 * a PUT .../tags); the simulator accepts them, so its apply skips most of the tag PUTs below.
 *
 * Honest about what this does not model: the simulator's latency is a wait per request, and
 * concurrent requests wait side by side. The real Neutron has ONE API worker, so its requests
 * queue: the first GETs of an apply, sent together, took 455, 579, 638, 753, 944, 986, 990 ms,
 * while the same GET /ports alone took 55 ms. The means below were measured under apply's own
 * concurrency, so they include that queueing as an average, but the simulated cloud does not
 * serialize: at another concurrency the real time would move and the simulated one would not,
 * and the simulated apply overlaps 2.4 s add_router_interface calls the real worker may queue.
 */
import type { SimCloud } from '../src/simulator/core/cloud.js';

export interface RouteLatency {
  service: 'keystone' | 'neutron' | 'nova' | 'glance';
  method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Matched against the request path (the simulator serves Nova with and without a project id). */
  path: RegExp;
  ms: number;
  /** Calls the mean is over. */
  n: number;
}

const id = '[^/]+';
const neutron = (method: RouteLatency['method'], path: string, ms: number, n: number): RouteLatency =>
  ({ service: 'neutron', method, path: new RegExp(`^/v2\\.0${path}$`), ms, n });

export const REAL_CLOUD_LATENCIES: RouteLatency[] = [
  { service: 'keystone', method: 'POST', path: /^\/v3\/auth\/tokens$/, ms: 505, n: 6 },
  neutron('PUT', `/routers/${id}/add_router_interface`, 2365, 6),
  neutron('POST', '/subnets', 535, 13),
  neutron('POST', '/networks', 245, 9),
  neutron('POST', '/security-groups', 235, 15),
  // Bulk: one request per group with all its rules (stackshift sends them so).
  neutron('POST', '/security-group-rules', 245, 15),
  neutron('POST', '/ports', 1135, 1),
  neutron('POST', '/routers', 40, 2),
  neutron('PUT', `/networks/${id}/tags`, 95, 9),
  neutron('PUT', `/subnets/${id}/tags`, 100, 13),
  neutron('PUT', `/ports/${id}/tags`, 50, 1),
  neutron('PUT', `/routers/${id}/tags`, 40, 2),
  neutron('PUT', `/security-groups/${id}/tags`, 40, 15),
  neutron('GET', '/networks', 815, 4),
  neutron('GET', '/subnets', 545, 4),
  neutron('GET', '/ports', 490, 5),
  neutron('GET', '/routers', 1020, 2),
  neutron('GET', '/security-groups', 805, 2),
  neutron('GET', '/security-group-rules', 1025, 2),
  { service: 'glance', method: 'GET', path: /^\/v2\/images$/, ms: 460, n: 7 },
  { service: 'glance', method: 'GET', path: new RegExp(`^/v2/images/${id}$`), ms: 10, n: 3 },
  { service: 'glance', method: 'GET', path: new RegExp(`^/v2/images/${id}/file$`), ms: 20, n: 3 },
  { service: 'glance', method: 'POST', path: /^\/v2\/images$/, ms: 50, n: 3 },
  { service: 'glance', method: 'PUT', path: new RegExp(`^/v2/images/${id}/file$`), ms: 60, n: 3 },
  { service: 'nova', method: 'GET', path: /\/flavors\/detail$/, ms: 610, n: 2 },
  { service: 'nova', method: 'GET', path: /\/os-keypairs$/, ms: 855, n: 2 },
  { service: 'nova', method: 'GET', path: /\/os-keypairs\/[^/]+$/, ms: 10, n: 2 },
  { service: 'nova', method: 'POST', path: /\/os-keypairs$/, ms: 20, n: 2 },
  { service: 'nova', method: 'GET', path: /^\/v2\.1\/?$/, ms: 15, n: 4 },
];

/** Makes every matching request to this simulated cloud wait as long as the real cloud's did. */
export function injectRealCloudLatencies(cloud: SimCloud): void {
  for (const r of REAL_CLOUD_LATENCIES) cloud.faults.inject({ service: r.service, method: r.method, route: r.path, latencyMs: r.ms });
}
