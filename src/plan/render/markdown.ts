/**
 * The plan as a pull-request comment: summary counts first, destructive changes flagged and
 * listed before the rest, each change in a table row, field details folded in <details>.
 */
import type { Change } from '../../resources/types.js';
import type { Plan } from '../model.js';
import { fieldLines, summaryLine, symbol, verb } from './describe.js';
import { bytesText, groupItems, markOf, nextText, partLines } from './items.js';
import type { ItemPlan } from '../../workflows/itemPlan.js';

/** GitHub refuses comments over 65,536 characters: long plans list the first rows and say so. */
export const MAX_ROWS = 250;
const MAX_FIELD_LINES = 200;

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function row(c: Change): string {
  const flag = c.conflict ? '⛔' : c.destructive ? '⚠️' : c.needsConfirmation ? '❓' : '';
  return `| ${flag} \`${symbol(c)}\` | ${c.kind} | \`${cell(c.key)}\` | ${verb(c)} | ${cell(c.reason)} |`;
}

export function renderMarkdown(plan: Plan): string {
  const out = [`### stackshift plan for \`${shortCommit(plan.commit)}\``, ''];
  const items = [...itemTables(plan.items ?? []), ...noteList(plan)];
  if (plan.changes.length === 0 && items.length === 0) return `${out.join('\n')}No changes: the destination already matches this commit.\n`;
  if (plan.changes.length === 0) return `${out.join('\n')}No infrastructure changes: the destination's resources already match this commit.\n${items.join('\n')}\n`;
  const s = plan.summary;
  out.push(`**${summaryLine(s)}**`, '');
  const destructive = plan.changes.filter((c) => c.destructive || c.needsConfirmation || c.conflict);
  if (destructive.length > 0) out.push(`> [!WARNING]\n> ${destructive.length} change(s) delete something, need confirmation, or are blocked; review them first.`, '');
  out.push('| | kind | name | action | why |', '|---|---|---|---|---|');
  const ordered = [...destructive, ...plan.changes.filter((c) => !destructive.includes(c))];
  for (const c of ordered.slice(0, MAX_ROWS)) out.push(row(c));
  if (ordered.length > MAX_ROWS) out.push('', `…and ${ordered.length - MAX_ROWS} more changes (destructive ones are listed first); \`stackshift plan --format json\` has them all.`);
  const detailed = plan.changes.filter((c) => c.fields.length > 0);
  if (detailed.length > 0) {
    const lines = detailed.flatMap((c) => [`${c.kind}/${c.key}`, ...fieldLines(c).map((l) => `  ${l}`)]);
    out.push('', '<details><summary>Field changes</summary>', '', '```', ...lines.slice(0, MAX_FIELD_LINES));
    if (lines.length > MAX_FIELD_LINES) out.push(`… ${lines.length - MAX_FIELD_LINES} more lines`);
    out.push('```', '</details>');
  }
  out.push(...items);
  out.push('', `<sub>${plan.steps.length} steps · observed ${plan.observedFingerprint.slice(0, 19)}…</sub>`);
  return `${out.join('\n')}\n`;
}

/** What the destination cannot take as the source has it. */
function noteList(plan: Plan): string[] {
  const notes = plan.notes ?? [];
  if (notes.length === 0) return [];
  return ['', '#### Not kept from the source', '', ...notes.map((n) => `- \`${n.kind}/${cell(n.key)}\`${n.file ? ` (${n.file}${n.line ? `:${n.line}` : ''})` : ''}: ${cell(n.note)}`)];
}

/** Workloads and nodes: a table per family and wave. */
function itemTables(items: readonly ItemPlan[]): string[] {
  const out: string[] = [];
  for (const group of groupItems(items)) {
    out.push('', `#### ${group.title}`, '', '| | name | phase | bytes | next |', '|---|---|---|---|---|');
    for (const item of group.items.slice(0, MAX_ROWS)) {
      out.push(`| ${markOf(item)} | \`${cell(item.id)}\`${item.desired ? '' : ' (no longer selected)'} | ${item.phase} | ${bytesText(item)} | ${cell(nextText(item))} |`);
      for (const part of item.parts ?? []) out.push(`| | ↳ ${cell(part.name)} | | ${bytesText(part)} | ${cell(part.note ?? '')} |`);
    }
    if (group.items.length > MAX_ROWS) out.push('', `…and ${group.items.length - MAX_ROWS} more.`);
  }
  return out;
}

/** A Git commit is shown by its first 12 hex digits; a directory planned without Git by its path. */
export function shortCommit(commit: string): string {
  return /^[0-9a-f]{12,}$/i.test(commit) ? commit.slice(0, 12) : commit;
}
