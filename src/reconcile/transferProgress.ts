/**
 * Progress of the disk copies an `apply` runs (workloads and detached volumes), read from the
 * copies' own facts as they are appended (DiskCopyProgressed, DiskCopied): in a terminal one bar
 * per disk (done of total, rate, ETA, drawn with cli-progress); elsewhere a line per disk at most
 * every LINE_EVERY_MS and one when it is copied, so a CI log shows a long copy moving.
 */
import cliProgress from 'cli-progress';
import type { EventStore, StoredEvent } from '../events/store.js';
import type { Output } from '../ports.js';

const LINE_EVERY_MS = 10_000;
const mib = (bytes: number) => `${(bytes / 1024 ** 2).toFixed(0)} MiB`;
const eta = (seconds: number | undefined) => (seconds === undefined ? '-' : seconds < 120 ? `${seconds} s` : `${Math.round(seconds / 60)} min`);

interface DiskProgress {
  verifiedOffset: number;
  bytesTotal: number;
  rateBytesPerSec: number;
  etaSeconds?: number;
}

export interface TransferProgress {
  stop(): Promise<void>;
}

/** Follows the store from `fromPosition` until stop(). */
export function followTransfers(store: EventStore, fromPosition: number, output: Output, now: () => number): TransferProgress {
  const controller = new AbortController();
  const show = output.interactive ? bars() : linesOn(output, now);
  const sub = store.subscribe((event) => show(event), { fromPosition, signal: controller.signal });
  return {
    async stop() {
      if (controller.signal.aborted) return;
      controller.abort();
      await sub.done.catch(() => undefined);
      show(undefined);
    },
  };
}

const label = (event: StoredEvent) => `${event.stream.slice(event.stream.indexOf(':') + 1)} ${String(event.data.disk)}`;

function progressOf(event: StoredEvent): DiskProgress {
  const d = event.data;
  return { verifiedOffset: Number(d.verifiedOffset), bytesTotal: Number(d.bytesTotal), rateBytesPerSec: Number(d.rateBytesPerSec), ...(typeof d.etaSeconds === 'number' ? { etaSeconds: d.etaSeconds } : {}) };
}

/** A bar per disk; `undefined` ends them all. */
function bars(): (event: StoredEvent | undefined) => void {
  let multi: cliProgress.MultiBar | undefined;
  const bars = new Map<string, cliProgress.SingleBar>();
  return (event) => {
    if (!event) return void multi?.stop();
    if (event.type !== 'DiskCopyProgressed' && event.type !== 'DiskCopied') return;
    multi ??= new cliProgress.MultiBar({ format: '{disk} [{bar}] {percentage}% | {rate}/s | ETA {eta}', stream: process.stderr, hideCursor: true, clearOnComplete: false }, cliProgress.Presets.shades_classic);
    const key = label(event);
    if (event.type === 'DiskCopyProgressed') {
      const p = progressOf(event);
      let bar = bars.get(key);
      if (!bar) bars.set(key, (bar = multi.create(p.bytesTotal, 0, { disk: key, rate: mib(0), eta: '-' })));
      bar.update(p.verifiedOffset, { rate: mib(p.rateBytesPerSec), eta: eta(p.etaSeconds) });
    } else {
      const bar = bars.get(key);
      bar?.update(bar.getTotal(), { eta: 'copied' });
    }
  };
}

/** A line per disk now and then, and when it is copied. */
function linesOn(output: Output, now: () => number): (event: StoredEvent | undefined) => void {
  const lastLine = new Map<string, number>();
  return (event) => {
    if (!event) return;
    const key = label(event);
    if (event.type === 'DiskCopyProgressed') {
      if (now() - (lastLine.get(key) ?? 0) < LINE_EVERY_MS) return;
      lastLine.set(key, now());
      const p = progressOf(event);
      const percent = p.bytesTotal > 0 ? Math.floor((p.verifiedOffset / p.bytesTotal) * 100) : 0;
      const line = `${key}: ${percent}% of ${mib(p.bytesTotal)} copied, ${mib(p.rateBytesPerSec)}/s, ETA ${eta(p.etaSeconds)}`;
      if (output.log) output.log(line, { level: 'info', item: event.stream, disk: String(event.data.disk), verifiedOffset: p.verifiedOffset, bytesTotal: p.bytesTotal, rateBytesPerSec: p.rateBytesPerSec });
      else output.err(line);
    } else if (event.type === 'DiskCopied') {
      const d = event.data;
      const line = `${key}: copied and verified in ${(Number(d.durationMs) / 1000).toFixed(1)}s (${mib(Number(d.bytesSent))} sent${typeof d.bytesUnchanged === 'number' ? `, ${mib(d.bytesUnchanged)} unchanged` : ''})`;
      if (output.log) output.log(line, { level: 'info', item: event.stream, disk: String(d.disk), bytesSent: Number(d.bytesSent), durationMs: Number(d.durationMs) });
      else output.err(line);
    }
  };
}
