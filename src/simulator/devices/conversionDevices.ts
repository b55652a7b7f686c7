/**
 * Conversion-host block devices. In a real guest, an attached Cinder volume appears as
 * /dev/disk/by-id/virtio-<first 20 characters of the volume id> (the virtio serial is truncated
 * to 20 bytes). Here, when a volume is attached to a server the scenario marks as a conversion
 * host, that path appears under a configurable root as a symlink to the volume's sparse backing
 * file, so a real SSH session can `dd` from and to it; detach removes it.
 */
import { mkdirSync, readlinkSync, rmSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { devicePathOn, virtioDeviceName } from '../../transfer/devices.js';

/** The by-id name a guest sees for a volume (the rule stackshift's copy steps use too). */
export { virtioDeviceName };

/** The directory a simulated conversion host of this cloud sees its attached volumes in (its devicesDir). */
export function conversionDevicesDir(cloud: { deviceRoot: string }): string {
  return join(cloud.deviceRoot, 'dev', 'disk', 'by-id');
}

export function devicePath(deviceRoot: string, volumeId: string): string {
  return devicePathOn(join(deviceRoot, 'dev', 'disk', 'by-id'), volumeId);
}

/**
 * Makes the device appear; replaces a stale link left by an earlier run. Returns its path.
 * Synchronous because it runs inside a state-progression callback, at the instant the
 * attachment becomes in-use (a guest sees the disk exactly then).
 */
export function exposeDevice(deviceRoot: string, volumeId: string, backingFile: string): string {
  const path = devicePath(deviceRoot, volumeId);
  mkdirSync(join(deviceRoot, 'dev', 'disk', 'by-id'), { recursive: true });
  let existing: string | undefined;
  try {
    existing = readlinkSync(path);
  } catch {
    existing = undefined;
  }
  if (existing === backingFile) return path;
  if (existing !== undefined) rmSync(path, { force: true });
  symlinkSync(backingFile, path);
  return path;
}

/** Removes the device (no error when it is already gone). */
export function removeDevice(deviceRoot: string, volumeId: string): void {
  rmSync(devicePath(deviceRoot, volumeId), { force: true });
}
