/**
 * detached_volumes.yml: volumes attached to no server (attached ones travel inside their
 * server in workloads.yml). Also builds the nested ServerVolume of a server.
 */
import { RESOURCE_TYPES } from '../../desired/model.js';
import type { Volume } from '../../executors/openstack/cinder.js';
import type { KindExporter, SnapshotResource } from '../types.js';
import { nameFilter, nameKey, nameOf } from './util.js';

export function volumeResource(v: Volume): SnapshotResource {
  return {
    type: RESOURCE_TYPES.volume,
    params: {
      availability_zone: v.availability_zone ?? null,
      description: v.description ?? null,
      name: nameOf(v),
      volume_image_metadata: v.volume_image_metadata ?? null,
      volume_type: v.volume_type ?? null,
    },
    _info: {
      attachments: v.attachments.map((a) => ({ device: a.device ?? null, server_id: a.server_id })).sort((a, b) => a.server_id.localeCompare(b.server_id)),
      id: v.id,
      is_bootable: v.bootable === true || v.bootable === 'true',
      size: v.size,
    },
    _migration_params: {},
  };
}

export const volumes: KindExporter = {
  kind: 'volume',
  needs: ['volumes'],
  build: ({ observed }) => observed.volumes.filter((v) => v.attachments.length === 0).map(volumeResource),
  filterName: nameFilter,
  sortKey: nameKey,
};
