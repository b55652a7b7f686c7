/**
 * Scrape cost of GET /metrics (`npm run bench -- metrics`) for an estate of 2,000 workloads,
 * 200 volumes, 300 nodes and 1,000 resources: the status model is folded from real events by the
 * projection, the runner snapshot has one item per workload and node, and the API histogram holds
 * 84 series (two clouds, seven services, six statuses), more than a migration's traffic gives. Scrapes are timed one after the other, as Prometheus does.
 */
import { loadavg } from 'node:os';
import { createDaemonMetrics } from '../src/metrics/daemonMetrics.js';
import { applyEvent, initialStatus } from '../src/status/project.js';
import type { StoredEvent } from '../src/events/store.js';
import type { RunnerSnapshot } from '../src/workflows/runner.js';
import type { ServiceType } from '../src/executors/openstack/types.js';

const WORKLOADS = Number(process.env.METRICS_BENCH_WORKLOADS ?? 2000);
const clock = { now: () => Date.now(), sleep: async () => undefined };
const metrics = createDaemonMetrics({ clock });

const model = initialStatus();
let position = 0;
const fold = (stream: string, type: string, data: Record<string, unknown> = {}) => {
  const event: StoredEvent = { id: `e${position}`, stream, type, version: 0, position: position++, time: new Date().toISOString(), commit: 'c'.repeat(40), data };
  applyEvent(model, event);
  metrics.event(event);
};
const phases = ['Preflight', 'Cutover', 'Prepare', 'Copy', 'Boot', 'Verify', 'Cleanup', 'Migrated'];
const items: RunnerSnapshot['items'] = [];
for (let i = 0; i < WORKLOADS; i++) {
  fold(`workload:vm-${i}`, i % 7 === 0 ? 'WorkloadBlocked' : i % 3 === 0 ? 'WorkloadDone' : 'WorkloadActivityStarted', { activity: 'copyDisks', reason: 'r', fix: 'f' });
  if (i % 3 === 1) fold(`workload:vm-${i}`, 'DiskCopyProgressed', { disk: 'vda', bytesSent: 1e9, rateBytesPerSec: 5e7 });
  items.push({ workflow: 'workload', id: `vm-${i}`, stream: `workload:vm-${i}`, desired: true, decision: { kind: 'done', reason: 'x' }, progress: { phase: phases[i % phases.length]!, remaining: [], started: true } });
}
for (let i = 0; i < 200; i++) fold(`volume:data-${i}`, 'VolumeDone', { reason: 'copied' });
for (let i = 0; i < 300; i++) {
  fold(`node:cmp-${i}`, 'NodeActivityCompleted', { activity: 'drain' });
  items.push({ workflow: 'node', id: `cmp-${i}`, stream: `node:cmp-${i}`, desired: true, decision: { kind: 'done', reason: 'x' }, progress: { phase: 'Quiesced', remaining: [], started: true } });
}
for (let i = 0; i < 1000; i++) fold(`resource:${['network', 'subnet', 'port', 'security_group', 'image'][i % 5]}/r-${i}`, 'ResourceCreated', { step: 's', id: `id-${i}` });
metrics.sources.status = () => model;
metrics.sources.workflows = () => ({ items, running: [] });
const services: ServiceType[] = ['identity', 'compute', 'network', 'image', 'volumev3', 'placement', 'baremetal'];
// A busy mix: every service of both clouds answering 200, 201, 202, 204, 404 and 503.
for (const cloud of ['old', 'new']) for (const service of services) for (const status of [200, 201, 202, 204, 404, 503]) {
  metrics.apiCall({ cloud, service, method: 'GET', status, seconds: 0.05 });
}

const times: number[] = [];
let bytes = 0;
for (let i = 0; i < 20; i++) await metrics.page(); // warm up
const cpu = process.cpuUsage();
for (let i = 0; i < 200; i++) {
  const t = performance.now();
  bytes = (await metrics.page()).body.length;
  times.push(performance.now() - t);
}
const used = process.cpuUsage(cpu);
times.sort((a, b) => a - b);
const q = (p: number) => times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(2);
console.log(`load average: ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`scrape with ${WORKLOADS} workloads, 200 volumes, 300 nodes, 1000 resources (${position} events folded): median ${q(0.5)} ms, p95 ${q(0.95)} ms, max ${q(1)} ms over 200 scrapes; ${(bytes / 1024).toFixed(1)} KiB of text; ${((used.user + used.system) / 1000 / 200).toFixed(2)} ms CPU per scrape`);
