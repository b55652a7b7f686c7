import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { createOpenStackClient } from '../../src/executors/openstack/client.js';
import { loadCloudConfig } from '../../src/executors/openstack/cloudConfig.js';
import { createDaemonMetrics } from '../../src/metrics/daemonMetrics.js';
import { fakeClock, startFakeCloud } from '../client/fakeCloud.js';
import { tempDir } from '../fixtures/tempDir.js';
import { sampleValue } from './promText.js';
import { scrape } from './scrape.js';

test('every HTTP attempt to a cloud is counted by service and status, with its latency, and no secret in a label', async () => {
  const fake = await startFakeCloud();
  const dir = await tempDir('ss-metrics-api-');
  fake.routes.push((_req, url) => (url.pathname === '/compute/v2.1/servers' ? { status: 200, body: { servers: [] } } : undefined));
  const clock = fakeClock();
  const metrics = createDaemonMetrics({ clock, processMetrics: false });
  try {
    await writeFile(join(dir, 'clouds.yaml'), fake.cloudsEntry());
    const cloud = await loadCloudConfig('fake', { env: { HOME: dir }, cwd: dir, systemDir: dir });
    const client = createOpenStackClient(cloud, { clock, random: () => 0.5, onCall: metrics.apiCall });
    await client.request({ service: 'compute', method: 'GET', path: '/servers' });
    // A 503 is retried: two attempts, both counted under their own status.
    fake.faults.push({ status: 503, body: {} });
    await client.request({ service: 'compute', method: 'GET', path: '/servers' });
    await assert.rejects(client.request({ service: 'network', method: 'GET', path: '/networks/missing' }));
    await client.close();

    const families = await scrape(metrics);
    const count = (labels: Record<string, string>) => sampleValue(families, 'stackshift_openstack_api_request_duration_seconds_count', { cloud: 'fake', ...labels });
    assert.equal(count({ service: 'identity', status: '201' }), 1, 'one authentication');
    assert.equal(count({ service: 'compute', status: '200' }), 2);
    assert.equal(count({ service: 'compute', status: '503' }), 1);
    assert.equal(count({ service: 'network', status: '404' }), 1);
    assert.ok(sampleValue(families, 'stackshift_openstack_api_request_duration_seconds_sum', { service: 'compute', status: '200' })! > 0, 'real latency, not the fake clock');
    const page = (await metrics.page()).body;
    for (const secret of [fake.password, ...fake.tokens]) assert.ok(!page.includes(secret), 'no secret in the scrape');
    assert.ok(!page.includes('/servers') && !page.includes('missing'), 'no path in a label');
  } finally {
    await fake.close();
  }
});

test('a call to a cloud that does not answer is counted with status "error"', async () => {
  const dir = await tempDir('ss-metrics-api-down-');
  const metrics = createDaemonMetrics({ clock: fakeClock(), processMetrics: false });
  await writeFile(join(dir, 'clouds.yaml'), 'clouds:\n  down:\n    auth: {auth_url: "http://127.0.0.1:9/identity", username: a, password: "pw-never-shown", project_name: p, user_domain_name: Default, project_domain_name: Default}\n');
  const cloud = await loadCloudConfig('down', { env: { HOME: dir }, cwd: dir, systemDir: dir });
  const client = createOpenStackClient(cloud, { clock: fakeClock(), random: () => 0.5, retry: { retries: 1 }, onCall: metrics.apiCall });
  await assert.rejects(client.request({ service: 'compute', method: 'GET', path: '/servers' }));
  await client.close();
  const families = await scrape(metrics);
  assert.equal(sampleValue(families, 'stackshift_openstack_api_request_duration_seconds_count', { cloud: 'down', service: 'identity', status: 'error' }), 2, 'the first try and one retry');
});

test('an observer that throws never fails the call it was told about', async () => {
  const fake = await startFakeCloud();
  const dir = await tempDir('ss-metrics-api-throw-');
  fake.routes.push((_req, url) => (url.pathname === '/compute/v2.1/servers' ? { status: 200, body: { servers: [] } } : undefined));
  try {
    await writeFile(join(dir, 'clouds.yaml'), fake.cloudsEntry());
    const cloud = await loadCloudConfig('fake', { env: { HOME: dir }, cwd: dir, systemDir: dir });
    const client = createOpenStackClient(cloud, { clock: fakeClock(), onCall: () => { throw new Error('metrics broke'); } });
    assert.equal((await client.request({ service: 'compute', method: 'GET', path: '/servers' })).status, 200);
    await client.close();
  } finally {
    await fake.close();
  }
});
