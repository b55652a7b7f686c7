/** Parses --types: kind names (network), plurals (networks) or file stems (detached_volumes, workloads). */
import { KIND_ORDER, SNAPSHOT_FILES, type ResourceKind } from '../desired/model.js';
import { UsageError } from '../errors.js';

const aliases = new Map<string, ResourceKind>();
for (const kind of KIND_ORDER) {
  aliases.set(kind, kind);
  aliases.set(`${kind}s`, kind);
  aliases.set(SNAPSHOT_FILES[kind].replace(/\.yml$/, ''), kind);
}
aliases.set('servers', 'server');
aliases.set('volumes', 'volume');

export function parseKinds(list: string): ResourceKind[] {
  const out = new Set<ResourceKind>();
  for (const raw of list.split(',').map((s) => s.trim().replace(/-/g, '_')).filter(Boolean)) {
    const kind = aliases.get(raw);
    if (!kind) throw new UsageError(`--types: unknown type '${raw}'`, `use any of ${KIND_ORDER.map((k) => SNAPSHOT_FILES[k].replace(/\.yml$/, '')).join(', ')}`);
    out.add(kind);
  }
  return [...out];
}
