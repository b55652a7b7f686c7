/**
 * Where a conversion host sees an attached volume: a Linux guest names a virtio disk by its
 * serial, the first 20 characters of the Cinder volume id, under /dev/disk/by-id (or the pair's
 * devicesDir).
 */
export function virtioDeviceName(volumeId: string): string {
  return `virtio-${volumeId.slice(0, 20)}`;
}

export function devicePathOn(devicesDir: string, volumeId: string): string {
  return `${devicesDir.replace(/\/+$/, '')}/${virtioDeviceName(volumeId)}`;
}
