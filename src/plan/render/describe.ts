/** Words shared by the renderers: one line per change, in the same vocabulary everywhere. */
import type { Change } from '../../resources/types.js';
import type { PlanSummary } from '../model.js';

export function symbol(change: Change): string {
  if (change.conflict) return '!';
  if (change.needsConfirmation) return '?';
  return { create: '+', update: '~', replace: '-/+', delete: '-' }[change.action];
}

export function verb(change: Change): string {
  if (change.conflict) return 'blocked';
  if (change.needsConfirmation) return `${change.action} (needs confirmation)`;
  return change.action;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value ?? null);
}

/** `field: from → to` for each changed field, marking the ones that force a replace. */
export function fieldLines(change: Change): string[] {
  return change.fields.map((f) => `${f.field}: ${show(f.from)} → ${show(f.to)}${f.inPlace ? '' : ' (forces replace)'}`);
}

export function summaryLine(s: PlanSummary): string {
  const parts = [`${s.create} to create`, `${s.update} to update`, `${s.replace} to replace`, `${s.delete} to delete`];
  if (s.needsConfirmation > 0) parts.push(`${s.needsConfirmation} needing confirmation`);
  if (s.conflicts > 0) parts.push(`${s.conflicts} blocked`);
  return parts.join(', ');
}
