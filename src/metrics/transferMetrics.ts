/**
 * Bytes moved between the clouds and the rate they move at, read from the facts the copies
 * record (DiskCopyProgressed, DiskCopied, ImageDataCopied), so the numbers are the log's own.
 *
 * A disk copy's `bytesSent` counts from the start of its attempt; a smaller value than the last
 * one seen means a new attempt (after a failure or a restart: no copy outlives its process), so
 * the counter grows by what each attempt sent and never counts a byte twice. A step starting,
 * failing or stopping on the item's stream ends the attempts of all its disks. The rate is the sum
 * of the rates the copies last reported, for copies that reported within STALE_AFTER_MS and have
 * not finished: a copy stopped without a last word drops out instead of inflating the rate.
 * Labels stay bounded: `via` is disk (conversion hosts) or image (Glance data).
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { StoredEvent } from '../events/store.js';
import type { Clock } from '../ports.js';

const STALE_AFTER_MS = 60_000;

interface CopyInFlight {
  bytesSent: number;
  rate: number;
  at: number;
}

export function transferMetrics(registry: Registry, clock: Clock): (event: StoredEvent) => void {
  const copies = new Map<string, CopyInFlight>();
  const bytes = new Counter({
    name: 'stackshift_transfer_bytes_total',
    help: 'Bytes copied from the source cloud to the destination, by how (disk: conversion hosts, image: Glance data)',
    labelNames: ['via'] as const,
    registers: [registry],
  });
  const live = () => [...copies.values()].filter((c) => clock.now() - c.at <= STALE_AFTER_MS);
  new Gauge({
    name: 'stackshift_transfer_rate_bytes_per_second',
    help: 'Sum of the rates the disk copies in progress last reported',
    registers: [registry],
    collect() {
      this.set(live().reduce((sum, c) => sum + c.rate, 0));
    },
  });
  new Gauge({
    name: 'stackshift_transfers_in_progress',
    help: 'Disk copies that reported progress within the last minute and have not finished',
    registers: [registry],
    collect() {
      this.set(live().length);
    },
  });

  const sent = (key: string, bytesSent: number): number => {
    const before = copies.get(key)?.bytesSent ?? 0;
    return bytesSent >= before ? bytesSent - before : bytesSent;
  };
  return (event) => {
    const d = event.data;
    if (/Activity(Started|Failed|Stopped)$/.test(event.type)) {
      for (const key of copies.keys()) if (key.startsWith(`${event.stream}\u0000`)) copies.delete(key);
      return;
    }
    if (event.type === 'ImageDataCopied' && typeof d.bytes === 'number') {
      bytes.inc({ via: 'image' }, d.bytes);
      return;
    }
    if (typeof d.disk !== 'string' || typeof d.bytesSent !== 'number') return;
    const key = `${event.stream}\u0000${d.disk}`;
    if (event.type === 'DiskCopyProgressed') {
      bytes.inc({ via: 'disk' }, sent(key, d.bytesSent));
      const rate = typeof d.rateBytesPerSec === 'number' ? d.rateBytesPerSec : 0;
      copies.set(key, { bytesSent: d.bytesSent, rate, at: Date.parse(event.time) });
    } else if (event.type === 'DiskCopied') {
      bytes.inc({ via: 'disk' }, sent(key, d.bytesSent));
      copies.delete(key);
    }
  };
}
