/** keypairs.yml: the user's keypairs (public halves only; Nova never has the private one). */
import { RESOURCE_TYPES } from '../../desired/model.js';
import { AUTH } from '../refs.js';
import type { KindExporter } from '../types.js';
import { nameFilter, nameKey } from './util.js';

export const keypairs: KindExporter = {
  kind: 'keypair',
  needs: ['keypairs'],
  build: ({ observed }) =>
    observed.keypairs.map((k) => ({
      type: RESOURCE_TYPES.keypair,
      params: { name: k.name, public_key: k.public_key, type: k.type ?? 'ssh', user_ref: { domain_name: AUTH, name: AUTH, project_name: null } },
      _info: { created_at: k.created_at ?? null, fingerprint: k.fingerprint, id: k.name, is_deleted: false, user_id: k.user_id ?? null },
    })),
  filterName: nameFilter,
  sortKey: nameKey,
};
