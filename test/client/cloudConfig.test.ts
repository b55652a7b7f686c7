import assert from 'node:assert/strict';
import { mkdtemp, mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadCloudConfig } from '../../src/executors/openstack/cloudConfig.js';
import { StackshiftError } from '../../src/errors.js';
import { tempDir } from '../fixtures/tempDir.js';

async function layout(): Promise<{ cwd: string; home: string; sys: string }> {
  const root = await tempDir('ss-cloudcfg-');
  const cwd = join(root, 'cwd');
  const home = join(root, 'home');
  const sys = join(root, 'etc');
  await Promise.all([mkdir(cwd), mkdir(join(home, '.config', 'openstack'), { recursive: true }), mkdir(sys)]);
  return { cwd, home, sys };
}

const entry = (user: string) => `clouds:
  src:
    auth:
      auth_url: http://127.0.0.1:5000/v3
      username: ${user}
      password: pw-${user}
      project_name: demo
      user_domain_name: Default
      project_domain_name: Default
    region_name: RegionOne
`;

async function expectError(p: Promise<unknown>, pattern: RegExp): Promise<StackshiftError> {
  const err = await p.then(() => assert.fail('expected an error'), (e: unknown) => e);
  assert.ok(err instanceof StackshiftError, String(err));
  assert.equal(err.code, 'E_CLOUD_CONFIG');
  assert.match(err.message, pattern);
  assert.ok(!err.message.includes('\n'), 'one line');
  return err;
}

describe('loadCloudConfig', () => {
  it('takes the first clouds.yaml in the search order', async () => {
    const { cwd, home, sys } = await layout();
    await writeFile(join(home, '.config/openstack/clouds.yaml'), entry('home'));
    await writeFile(join(sys, 'clouds.yaml'), entry('system'));
    const env = { HOME: home };
    let cloud = await loadCloudConfig('src', { env, cwd, systemDir: sys });
    assert.equal(cloud.auth.username, 'home');
    await writeFile(join(cwd, 'clouds.yaml'), entry('cwd'));
    cloud = await loadCloudConfig('src', { env, cwd, systemDir: sys });
    assert.equal(cloud.auth.username, 'cwd');
    const explicit = join(sys, 'other.yaml');
    await writeFile(explicit, entry('explicit'));
    cloud = await loadCloudConfig(undefined, { env: { ...env, OS_CLIENT_CONFIG_FILE: explicit, OS_CLOUD: 'src' }, cwd, systemDir: sys });
    assert.equal(cloud.auth.username, 'explicit');
    assert.equal(cloud.source, explicit);
    assert.equal(cloud.regionName, 'RegionOne');
    assert.equal(cloud.authType, 'password');
    assert.equal(cloud.interface, 'public');
  });

  it('merges secure.yaml over clouds.yaml', async () => {
    const { cwd, home, sys } = await layout();
    await writeFile(join(cwd, 'clouds.yaml'), 'clouds:\n  src:\n    auth: {auth_url: "http://k/v3", username: u, user_domain_name: Default, project_id: p1}\n');
    await writeFile(join(home, '.config/openstack/secure.yaml'), 'clouds:\n  src:\n    auth: {password: s3cret}\n');
    const cloud = await loadCloudConfig('src', { env: { HOME: home }, cwd, systemDir: sys });
    assert.equal(cloud.auth.password, 's3cret');
    assert.equal(cloud.auth.username, 'u');
  });

  it('builds the envvars cloud from OS_* variables', async () => {
    const { cwd, home, sys } = await layout();
    const cloud = await loadCloudConfig(undefined, {
      env: {
        HOME: home, OS_AUTH_URL: 'http://k:5000/v3', OS_APPLICATION_CREDENTIAL_ID: 'ac1', OS_APPLICATION_CREDENTIAL_SECRET: 'acs',
        OS_AUTH_TYPE: 'v3applicationcredential', OS_REGION_NAME: 'R2', OS_INTERFACE: 'internalURL', OS_INSECURE: 'true',
      },
      cwd, systemDir: sys,
    });
    assert.equal(cloud.name, 'envvars');
    assert.equal(cloud.authType, 'v3applicationcredential');
    assert.equal(cloud.auth.applicationCredentialId, 'ac1');
    assert.equal(cloud.interface, 'internal');
    assert.equal(cloud.regionName, 'R2');
    assert.equal(cloud.tls.verify, false);
    assert.match(cloud.warnings[0]!, /verify is false/);
  });

  it('reads cacert/cert/key files and endpoint overrides', async () => {
    const { cwd, home, sys } = await layout();
    await writeFile(join(cwd, 'ca.pem'), 'CA-PEM');
    await writeFile(join(cwd, 'c.pem'), 'CERT');
    await writeFile(join(cwd, 'k.pem'), 'KEY');
    await writeFile(join(cwd, 'clouds.yaml'), `clouds:
  t:
    auth_type: token
    auth: {auth_url: "https://k/v3", token: tok, project_id: p}
    cacert: ca.pem
    cert: c.pem
    key: k.pem
    block_storage_endpoint_override: "https://cinder/v3/%(project_id)s"
    compute_endpoint_override: "https://nova/v2.1"
    api_timeout: 5
`);
    const cloud = await loadCloudConfig('t', { env: { HOME: home }, cwd, systemDir: sys });
    assert.deepEqual(cloud.tls, { verify: true, ca: 'CA-PEM', cert: 'CERT', key: 'KEY' });
    assert.deepEqual(cloud.endpointOverrides, { volumev3: 'https://cinder/v3/%(project_id)s', compute: 'https://nova/v2.1' });
    assert.equal(cloud.authType, 'token');
    assert.equal(cloud.timeoutMs, 5000);
  });

  it('gives one-line errors naming the file and the fix', async () => {
    const { cwd, home, sys } = await layout();
    const opts = { env: { HOME: home }, cwd, systemDir: sys };
    await expectError(loadCloudConfig('src', opts), /no clouds.yaml was found/);
    await expectError(loadCloudConfig(undefined, opts), /no cloud named/);
    const file = join(cwd, 'clouds.yaml');
    await writeFile(file, 'clouds:\n  src:\n    auth: [unclosed\n');
    const bad = await expectError(loadCloudConfig('src', opts), /not valid YAML/);
    assert.ok(bad.message.startsWith(file));
    await writeFile(file, entry('u'));
    const unknown = await expectError(loadCloudConfig('nope', opts), /no cloud named 'nope'/);
    assert.match(unknown.hint!, /known clouds: src/);
    await writeFile(file, 'clouds:\n  a:\n    auth: {auth_url: "http://k/v3", username: u, user_domain_name: D}\n');
    const pw = await expectError(loadCloudConfig('a', opts), /auth.password is missing/);
    assert.ok(pw.message.includes(file));
    await writeFile(file, 'clouds:\n  a:\n    auth_type: oidc\n    auth: {auth_url: "http://k/v3"}\n');
    await expectError(loadCloudConfig('a', opts), /auth_type 'oidc' is not supported/);
    await writeFile(file, 'clouds:\n  a:\n    auth: {auth_url: "http://k/v3", token: t, project_id: p}\n    cacert: /nonexistent/ca.pem\n');
    await expectError(loadCloudConfig('a', opts), /cacert file \/nonexistent\/ca.pem cannot be read/);
    await writeFile(file, 'clouds:\n  a:\n    auth: {auth_url: "k", token: t}\n');
    await expectError(loadCloudConfig('a', opts), /is not an http\(s\) URL/);
  });
});
