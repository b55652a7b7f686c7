/**
 * One line that says what an event changed, for `stackshift history`. The types people look for
 * most get their own wording (a copy's progress, a failure's message, a block's reason); any
 * other event shows its scalar fields, so a new event type is readable without a change here.
 */
import type { StoredEvent } from '../events/store.js';
import { humanBytes } from '../cli/humanBytes.js';

const WIDTH = 100;

export function summariseEvent(event: StoredEvent): string {
  const d = event.data;
  const text = specific(event.type, d) ?? generic(d);
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > WIDTH ? `${flat.slice(0, WIDTH - 1)}…` : flat;
}

function specific(type: string, d: Record<string, unknown>): string | undefined {
  const error = (d.error ?? {}) as Record<string, unknown>;
  if (typeof error.message === 'string') return [str(d.activity) ?? str(d.step) ?? str(d.stage), error.message].filter(Boolean).join(': ');
  if (typeof d.reason === 'string' && /(Waiting|Blocked|Done|Stopped)$/.test(type)) return d.reason;
  switch (type) {
    case 'StepStarted':
      return `${str(d.action) ?? 'step'} ${str(d.kind) ?? ''}/${str(d.key) ?? ''}${d.targetId ? ` (${str(d.targetId)})` : ''}`;
    case 'ResourceCreated':
      return `created ${str(d.id) ?? ''}${d.found ? ' (found, made by an earlier attempt)' : ''}`;
    case 'ResourceUpdated':
      return `updated ${str(d.id) ?? ''}`;
    case 'ResourceDeleted':
      return `deleted ${str(d.id) ?? ''}`;
    case 'DiskCopyProgressed':
      return `${str(d.disk) ?? 'disk'}: ${humanBytes(num(d.verifiedOffset))} of ${humanBytes(num(d.bytesTotal))} verified at ${humanBytes(num(d.rateBytesPerSec))}/s`;
    case 'DiskCopied':
      return `${str(d.disk) ?? 'disk'}: copied (${humanBytes(num(d.bytesSent))} sent, ${humanBytes(num(d.bytesSkipped))} skipped) in ${seconds(num(d.durationMs))}`;
    case 'WorkloadMigrated':
      return `migrated to ${str(d.serverId) ?? '?'}, downtime ${seconds(num(d.downtimeMs))}`;
    case 'CommitApplied':
      return `${num(d.completed)} applied, ${num(d.failed)} failed, ${num(d.skipped)} blocked, ${num(d.pending)} pending`;
    case 'PlanComputed': {
      const counts = Object.entries((d.summary ?? {}) as Record<string, unknown>).filter(([, v]) => typeof v === 'number' && v > 0).map(([k, v]) => `${String(v)} ${k}`);
      return `${num(d.steps)} step(s)${counts.length ? `: ${counts.join(', ')}` : ''}`;
    }
    case 'DesiredStateRejected':
      return `${Array.isArray(d.problems) ? d.problems.length : 0} problem(s) in the desired state`;
    default:
      if (type.endsWith('ActivityStarted') || type.endsWith('ActivityCompleted')) return str(d.activity);
      return undefined;
  }
}

function generic(d: Record<string, unknown>): string {
  return Object.entries(d)
    .filter(([, v]) => v === null || ['string', 'number', 'boolean'].includes(typeof v))
    .map(([k, v]) => `${k}=${String(v)}`)
    .join(' ');
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number => (typeof v === 'number' && Number.isFinite(v) ? v : 0);


function seconds(ms: number): string {
  return ms >= 60_000 ? `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s` : `${(ms / 1000).toFixed(1)} s`;
}
