/**
 * A real cloud keeps whatever a contract test forgets to delete, and the next file then runs out
 * of quota (10 volumes, 10 instances). The guard notes which resources exist before a contract
 * file runs and deletes the ones that file left behind afterwards, naming them in a warning.
 * Names starting with `conf-` belong to test/conformance's own live tests (which run at the same
 * time) and are never touched.
 */
import { quietly } from '../../shape/helpers/probe.js';
import { openSession, readCloudsYaml, type Session } from '../../shape/helpers/session.js';

interface Kind { label: string; service: string; list: string; key: string; del: (id: string) => string; admin?: boolean; keyOf?: (x: any) => string }

const kinds: Kind[] = [
  { label: 'server', service: 'compute', list: '/servers', key: 'servers', del: (id) => `/servers/${id}` },
  { label: 'snapshot', service: 'volumev3', list: '/snapshots', key: 'snapshots', del: (id) => `/snapshots/${id}` },
  { label: 'volume', service: 'volumev3', list: '/volumes', key: 'volumes', del: (id) => `/volumes/${id}` },
  { label: 'floating ip', service: 'network', list: '/v2.0/floatingips', key: 'floatingips', del: (id) => `/v2.0/floatingips/${id}` },
  { label: 'router', service: 'network', list: '/v2.0/routers', key: 'routers', del: (id) => `/v2.0/routers/${id}` },
  { label: 'port', service: 'network', list: '/v2.0/ports', key: 'ports', del: (id) => `/v2.0/ports/${id}` },
  { label: 'network', service: 'network', list: '/v2.0/networks', key: 'networks', del: (id) => `/v2.0/networks/${id}` },
  { label: 'security group', service: 'network', list: '/v2.0/security-groups', key: 'security_groups', del: (id) => `/v2.0/security-groups/${id}` },
  { label: 'image', service: 'image', list: '/v2/images', key: 'images', del: (id) => `/v2/images/${id}` },
  { label: 'keypair', service: 'compute', list: '/os-keypairs', key: 'keypairs', del: (id) => `/os-keypairs/${encodeURIComponent(id)}`, keyOf: (k) => k.keypair.name },
  { label: 'flavor', service: 'compute', list: '/flavors?is_public=None', key: 'flavors', del: (id) => `/flavors/${id}`, admin: true },
  { label: 'node', service: 'baremetal', list: '/v1/nodes', key: 'nodes', del: (id) => `/v1/nodes/${id}`, admin: true, keyOf: (n) => n.uuid },
];

type Snapshot = Map<string, Set<string>>;
const nameOf = (x: any): string => String(x?.name ?? x?.keypair?.name ?? '');

export interface LeftoverGuard { sweep(after: string): Promise<string[]> }

/** `startEmpty`: treat everything present now as left over too (a one-off clean-up of the test projects). */
export async function guardLeftovers(env: Record<string, string>, options: { startEmpty?: boolean } = {}): Promise<LeftoverGuard> {
  const clouds = await readCloudsYaml(env.STACKSHIFT_CONFORMANCE_CLOUDS!);
  const admin = await openSession(clouds[env.STACKSHIFT_CONFORMANCE_ADMIN!]!);
  const members = await Promise.all([env.STACKSHIFT_CONFORMANCE_SOURCE!, env.STACKSHIFT_CONFORMANCE_DESTINATION!].map((n) => openSession(clouds[n]!)));
  const headers = (k: Kind) => (k.service === 'baremetal' ? { headers: { 'x-openstack-ironic-api-version': '1.78' } } : {});
  const owners = (k: Kind): Session[] => (k.admin ? [admin] : members);
  const listed = async (s: Session, k: Kind): Promise<any[]> => {
    const r = await s.call(k.service, 'GET', k.list, headers(k));
    const items = r.status === 200 ? ((r.body as Record<string, any[]>)[k.key] ?? []) : [];
    // Only what the project owns: shared things (the external network, public images) stay.
    return items.filter((x) => k.admin || !x.project_id && !x.owner && !x.tenant_id || [x.project_id, x.owner, x.tenant_id].includes(s.projectId));
  };
  const take = async (): Promise<Snapshot> => {
    const snap: Snapshot = new Map();
    for (const k of kinds) for (const s of owners(k)) {
      const ids = new Set((await listed(s, k)).map((x) => (k.keyOf ? k.keyOf(x) : x.id)));
      snap.set(`${k.label}@${s.projectId}`, ids);
    }
    return snap;
  };
  let before: Snapshot = options.startEmpty ? new Map() : await take();
  return {
    async sweep(after) {
      const removed: string[] = [];
      for (const k of kinds) for (const s of owners(k)) {
        const known = before.get(`${k.label}@${s.projectId}`) ?? new Set<string>();
        for (const x of await listed(s, k)) {
          const id = k.keyOf ? k.keyOf(x) : x.id;
          if (known.has(id) || nameOf(x).startsWith('conf-')) continue;
          if (k.label === 'port' && String(x.device_owner ?? '').startsWith('network:router')) continue;
          if (k.label === 'router') {
            for (const p of await listed(s, kinds.find((c) => c.label === 'port')!)) {
              if (p.device_id === id) await quietly(s.call('network', 'PUT', `/v2.0/routers/${id}/remove_router_interface`, { body: { port_id: p.id } }));
            }
          }
          if (k.label === 'network' && x['router:external']) continue;
          if (k.label === 'security group' && x.name === 'default') continue;
          const gone = await s.call(k.service, 'DELETE', k.del(id), headers(k)).catch(() => undefined);
          if (k.label === 'volume' && gone?.status === 400) {
            // Stuck in attaching/reserved: what wipe.sh does, as admin — reset, then delete.
            await quietly(admin.call('volumev3', 'POST', `/volumes/${id}/action`, { body: { 'os-reset_status': { status: 'available', attach_status: 'detached' } } }));
            await quietly(s.call(k.service, 'DELETE', k.del(id)));
          }
          removed.push(`${k.label} ${nameOf(x) || id}`);
          if (k.label === 'server') await waitGone(s, `/servers/${id}`);
          if (k.label === 'snapshot' || k.label === 'volume') await waitGone(s, `/${k.key}/${id}`, 'volumev3');
        }
      }
      before = await take();
      return removed.length === 0 ? [] : [`${after} left ${removed.length} resource(s) on the real cloud; deleted: ${removed.join(', ')}`];
    },
  };
}

async function waitGone(s: Session, path: string, service = 'compute', timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await s.call(service, 'GET', path)).status === 404) return;
    await new Promise((r) => setTimeout(r, 1000));
  }
}
