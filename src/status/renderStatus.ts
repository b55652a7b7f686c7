/**
 * The status model for a person: the commits (desired and applied), the estate's condition,
 * counts per table, then every workload and node with its condition and what it waits for, and
 * the resources that are not Ready. Blocked items come first, because they need someone.
 */
import type { BoardItem } from '../web/boardItem.js';
import type { ObjectStatus } from './conditions.js';
import { overallCondition, type StatusModel } from './project.js';
import { nextWindow, waveLines } from './renderWaves.js';

const MARK: Record<string, string> = { Stalled: '!', Reconciling: '…', Ready: '✓' };
const short = (commit: string | null) => (commit ? (/^[0-9a-f]{40}$/.test(commit) ? commit.slice(0, 7) : commit) : '-');

function rows(objects: Record<string, ObjectStatus>): Array<[string, ObjectStatus]> {
  const rank = (s: ObjectStatus) => (s.condition === 'Stalled' ? 0 : s.condition === 'Reconciling' ? 1 : 2);
  return Object.entries(objects).filter(([, s]) => !s.deleted).sort(([a, x], [b, y]) => rank(x) - rank(y) || a.localeCompare(b));
}

function counts(objects: Record<string, ObjectStatus>): string {
  const by = new Map<string, number>();
  for (const [, s] of rows(objects)) by.set(s.condition, (by.get(s.condition) ?? 0) + 1);
  return [...by].map(([c, n]) => `${n} ${c}`).join(', ') || 'none';
}

function itemLines(title: string, objects: Record<string, ObjectStatus>): string[] {
  const list = rows(objects);
  if (list.length === 0) return [];
  const width = Math.max(...list.map(([k]) => k.length));
  return ['', `${title} (${counts(objects)}):`, ...list.map(([key, s]) => `  ${MARK[s.condition] ?? ' '} ${key.padEnd(width)}  ${s.condition.padEnd(11)} ${s.lastEvent}${s.message ? `: ${s.message}` : ''}`)];
}

/** `items`: the board's cards (per wave, with bytes, rates and downtimes); without them, conditions only. */
export function renderStatus(model: StatusModel, options: { stateDir: string; maxResources?: number; items?: BoardItem[] }): string {
  if (model.position < 0) return `condition: nothing applied yet: the event log in ${options.stateDir} is empty (run stackshift apply or daemon with this --state)`;
  const c = model.commits;
  const lines = [
    `condition: ${overallCondition(model)}   (event log ${options.stateDir}, ${model.position + 1} events)`,
    `desired commit ${short(c.lastObserved)}, applied ${short(c.lastApplied)}${c.lastAppliedAt ? ` at ${c.lastAppliedAt}` : ''}${c.pending > 0 ? `; ${c.pending} change(s) wait for a confirmation (see stackshift plan)` : ''}`,
  ];
  if (c.lastRejected) lines.push(`rejected: ${short(c.lastRejected.commit)} with ${c.lastRejected.problems} problem(s) at ${c.lastRejected.at} (stackshift validate says which)`);
  if (c.lastDrift) lines.push(`last drift corrected for ${short(c.lastDrift.commit)} at ${c.lastDrift.at}`);
  if (options.items) lines.push(...waveLines(options.items));
  else lines.push(...itemLines('workloads', model.workloads), ...itemLines('detached volumes', model.volumes), ...itemLines('reclaim nodes', model.nodes));
  const resources = rows(model.resources);
  lines.push('', `resources: ${counts(model.resources)}`);
  const notReady = resources.filter(([, s]) => s.condition !== 'Ready');
  for (const [key, s] of notReady.slice(0, options.maxResources ?? 20)) lines.push(`  ${MARK[s.condition]} ${key}  ${s.condition} ${s.lastEvent}${s.message ? `: ${s.message}` : ''}`);
  if (notReady.length > (options.maxResources ?? 20)) lines.push(`  …and ${notReady.length - (options.maxResources ?? 20)} more (stackshift status --format json lists them all)`);
  return lines.join('\n');
}

/** The same as JSON: stable field names for scripts. */
export function statusJson(model: StatusModel, items?: BoardItem[]): Record<string, unknown> {
  const board = items ? { items, nextWindowOpens: nextWindow(items.filter((i) => i.family === 'workload')) ?? null } : {};
  return { condition: model.position < 0 ? 'Empty' : overallCondition(model), position: model.position, commits: model.commits, workloads: model.workloads, volumes: model.volumes, nodes: model.nodes, resources: model.resources, ...board };
}
