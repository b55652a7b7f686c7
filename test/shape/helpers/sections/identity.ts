/** Keystone: the token and its catalog, the version document, and 401s from every service. */
import type { Probe } from '../probe.js';
import { authBody, send } from '../session.js';

const services = ['compute', 'network', 'image', 'volumev3', 'placement', 'baremetal'];

export async function identity(p: Probe): Promise<void> {
  const member = p.session('member');
  p.record('token-issue', member.tokenReply, { expectHeaders: ['x-subject-token', 'x-openstack-request-id'] });
  await p.call('version-v3', 'member', 'identity', 'GET', '');
  await p.call('versions-root', 'member', 'identity', 'GET', '/', { fromRoot: true });
  await p.call('unknown-path', 'member', 'identity', 'GET', '/no/such/thing');
  await p.call('method-not-allowed', 'member', 'identity', 'PATCH', '/auth/tokens');
  const tokenUrl = member.endpoint('identity') + '/auth/tokens';
  const { projectId } = member;
  // A wrong password: the caller gets 401 with Keystone's error body and no token.
  const entry = { auth: { auth_url: '', username: 'nobody-' + projectId.slice(0, 6), password: 'x', project_name: 'nobody' } };
  p.record('token-bad-password', await send(tokenUrl, 'POST', { body: authBody(entry, 'wrong') }), { values: ['error.code', 'error.title'] });
  p.record('token-validate-bogus', await send(tokenUrl, 'GET', { token: member.token, headers: { 'x-subject-token': 'bogus' } }),
    { values: ['error.code'] });
  for (const service of services) {
    const who = service === 'placement' || service === 'baremetal' ? 'admin' : 'member';
    const path = { compute: '/servers', network: '/v2.0/networks', image: '/v2/images', volumev3: '/volumes',
      placement: '/resource_providers', baremetal: '/v1/nodes' }[service]!;
    await p.call(`unauthorized-${service}`, who, service, 'GET', path, { token: 'not-a-valid-token' });
  }
}
