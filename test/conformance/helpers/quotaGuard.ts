/**
 * Contract tests may change a project's quotas (to provoke "quota exceeded") and a real cloud
 * keeps that change for every later test. The guard snapshots the Nova, Cinder and Neutron quotas
 * of the src and dst projects and puts back whatever a test file changed, naming the file.
 */
import { openSession, readCloudsYaml, type Session } from '../../shape/helpers/session.js';

type Quotas = Record<string, number>;
interface Kind { service: string; path: (project: string) => string; key: string; admin: boolean }

const kinds: Kind[] = [
  { service: 'compute', path: (p) => `/os-quota-sets/${p}`, key: 'quota_set', admin: true },
  { service: 'volumev3', path: (p) => `/os-quota-sets/${p}`, key: 'quota_set', admin: true },
  { service: 'network', path: (p) => `/v2.0/quotas/${p}`, key: 'quota', admin: true },
];

const numbers = (o: Record<string, unknown>): Quotas =>
  Object.fromEntries(Object.entries(o).filter(([k, v]) => typeof v === 'number' && k !== 'id')) as Quotas;

export interface QuotaGuard { restore(after: string): Promise<string[]> }

export async function guardQuotas(env: Record<string, string>): Promise<QuotaGuard> {
  const clouds = await readCloudsYaml(env.STACKSHIFT_CONFORMANCE_CLOUDS!);
  const admin: Session = await openSession(clouds[env.STACKSHIFT_CONFORMANCE_ADMIN!]!);
  const projects = await Promise.all([env.STACKSHIFT_CONFORMANCE_SOURCE!, env.STACKSHIFT_CONFORMANCE_DESTINATION!]
    .map(async (name) => (await openSession(clouds[name]!)).projectId));
  const read = async (kind: Kind, project: string): Promise<Quotas | undefined> => {
    const r = await admin.call(kind.service, 'GET', kind.path(project));
    return r.status === 200 ? numbers((r.body as Record<string, Record<string, unknown>>)[kind.key] ?? {}) : undefined;
  };
  const saved = new Map<string, Quotas>();
  for (const kind of kinds) for (const p of projects) {
    const q = await read(kind, p);
    if (q) saved.set(`${kind.service}:${p}`, q);
  }
  return {
    async restore(after) {
      const fixed: string[] = [];
      for (const kind of kinds) for (const p of projects) {
        const before = saved.get(`${kind.service}:${p}`);
        const now = await read(kind, p);
        if (!before || !now) continue;
        const changed = Object.keys(before).filter((k) => now[k] !== undefined && now[k] !== before[k]);
        if (changed.length === 0) continue;
        const body = { [kind.key]: Object.fromEntries(changed.map((k) => [k, before[k]])) };
        await admin.call(kind.service, 'PUT', kind.path(p), { body });
        fixed.push(`${after} changed ${kind.service} quotas of project ${p} (${changed.map((k) => `${k} ${before[k]}→${now[k]}`).join(', ')}); restored`);
      }
      return fixed;
    },
  };
}
