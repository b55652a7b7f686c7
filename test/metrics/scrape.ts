/** Scrapes a daemon's metrics the way GET /metrics serves them, and parses them strictly. */
import assert from 'node:assert/strict';
import type { DaemonMetrics } from '../../src/metrics/daemonMetrics.js';
import { parsePrometheusText, type Family } from './promText.js';

export async function scrape(metrics: DaemonMetrics): Promise<Map<string, Family>> {
  const page = await metrics.page();
  assert.match(page.contentType, /^text\/plain; version=0\.0\.4/);
  return parsePrometheusText(page.body);
}
