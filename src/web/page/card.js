// One card of the board as HTML: name, phase, progress bar, bytes, rate, ETA, downtime and why.
import { bytes, clock, duration, esc } from './format.js';

export function cardHtml(item, selected = false) {
  const total = item.bytesTotal ?? 0;
  const done = item.state === 'done' && item.phase === 'Migrated' ? total : item.bytesDone ?? 0;
  const bits = [];
  if (total > 0) bits.push(`${bytes(done)} / ${bytes(total)}`);
  if (item.rateBytesPerSec) bits.push(`${bytes(item.rateBytesPerSec)}/s`);
  if (item.etaSeconds !== undefined) bits.push(`ETA ${duration(item.etaSeconds)}`);
  if (item.downtimeMs !== undefined) bits.push(`downtime ${duration(item.downtimeMs / 1000)}`);
  let why = '';
  if (item.state === 'blocked' || item.state === 'failed') why = `${item.state}: ${item.reason ?? ''}${item.fix ? ` — ${item.fix}` : ''}`;
  else if (item.state === 'running') why = item.activity ?? '';
  else if (item.state === 'waiting') why = `${item.reason ?? 'waiting'}${item.until ? ` (until ${clock(item.until)})` : ''}`;
  else if (item.state === 'done') why = item.reason ?? 'done';
  return `<article class="card s-${esc(item.state)}${selected ? ' selected' : ''}" data-stream="${esc(item.stream)}" data-state="${esc(item.state)}" tabindex="0">`
    + `<header><span class="name" title="${esc(item.id)}">${esc(item.id)}</span><span class="phase">${esc(item.phase)}</span></header>`
    + (total > 0 || item.family === 'workload' ? `<progress max="${total || 1}" value="${Math.min(done, total || 0)}"></progress>` : '')
    + (bits.length ? `<p class="bytes">${esc(bits.join(' · '))}</p>` : '')
    + (why ? `<p class="why">${esc(why)}</p>` : '')
    + '</article>';
}
