/**
 * OpenStack API calls by cloud, service and status, with their latency (until the response
 * headers: a streamed body is not included). Fed by the client's `onCall` hook, one observation
 * per HTTP attempt, so retries show as the calls they are. Every label is bounded: the clouds
 * stackshift.yaml names, seven service types and the status codes they answer; never a path or a
 * resource id. The method is left out on purpose: each series of a histogram costs a dozen
 * lines, and the status mostly says the method anyway (201/202 create, 204 delete).
 */
import { Histogram, type Registry } from 'prom-client';
import type { ApiCall } from '../executors/openstack/clientTypes.js';

const LATENCY_BUCKETS = [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60];

export function apiCallMetrics(registry: Registry): (call: ApiCall) => void {
  const calls = new Histogram({
    name: 'stackshift_openstack_api_request_duration_seconds',
    help: 'OpenStack API calls (each HTTP attempt) by cloud, service and status; status is "error" when no response came',
    labelNames: ['cloud', 'service', 'status'] as const,
    buckets: LATENCY_BUCKETS,
    registers: [registry],
  });
  return (call) => calls.observe({ cloud: call.cloud, service: call.service, status: String(call.status) }, call.seconds);
}
