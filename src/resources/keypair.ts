/**
 * Keypairs: Nova keypairs have neither tags nor a description, so ownership comes from the event
 * log (stackshift recorded ResourceCreated for it). A same-named keypair with the same public
 * key is the same key and is adopted (this also covers a crash between the create call and its
 * event). Keypairs cannot be updated: a different public key or type is a replace.
 */
import type { KeypairParams } from '../desired/model.js';
import { diffFields, str } from './common.js';
import type { ResourceKindDef, Spec } from './types.js';
import { createKeypair, deleteKeypair } from '../executors/infra/nova.js';
import { listAll } from '../executors/openstack/pagination.js';

/** Key material compared without trailing whitespace or comment differences in line endings. */
function publicKey(value: unknown): string {
  return typeof value === 'string' ? value.trim() : '';
}

export const keypair: ResourceKindDef = {
  kind: 'keypair',
  order: 7,
  collection: 'keypairs',
  observe: (ctx) => listAll<Record<string, unknown>>(ctx.client, { service: 'compute', path: '/os-keypairs', microversion: '2.2' }, { key: 'keypairs' }),
  ownership: 'event-log',
  executors: { create: createKeypair, delete: deleteKeypair },
  fromDesired(resource) {
    const p = resource.params as KeypairParams;
    // Compared trimmed, created exactly as exported: a trailing newline survives the migration.
    const spec: Spec = { name: p.name, public_key: publicKey(p.public_key), type: p.type ?? 'ssh', public_key_as_exported: p.public_key };
    return [{ kind: 'keypair', key: p.name, spec, refs: [], file: resource.file, line: resource.line }];
  },
  key: (spec) => String(spec.name),
  dependsOn: () => [],
  diff: (desired, observed) =>
    diffFields(desired, observed, [
      { field: 'public_key', inPlace: false },
      { field: 'type', inPlace: false },
    ]),
  fromObserved(raw, names) {
    const inner = (raw.keypair as Record<string, unknown> | undefined) ?? raw;
    const name = str(inner.name) ?? '';
    const spec: Spec = { name, public_key: publicKey(inner.public_key), type: str(inner.type) ?? 'ssh' };
    return [{ kind: 'keypair', key: name, id: name, spec, refs: [], managed: names.ownedByLog('keypair', name) }];
  },
  adopt: (desired, observed) => desired.public_key === observed.spec.public_key,
};
