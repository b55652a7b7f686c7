/**
 * What GET /metrics serves: the text exposition of one daemon's registry. The HTTP server takes
 * this function as its `metrics` option, so it needs to know nothing about prom-client.
 */
import type { Registry } from 'prom-client';

export interface MetricsPage {
  contentType: string;
  body: string;
}

export function metricsEndpoint(registry: Registry): () => Promise<MetricsPage> {
  return async () => ({ contentType: registry.contentType, body: await registry.metrics() });
}
