// The migration board: loads /api/status once, then follows /api/stream (Server-Sent Events) and
// updates only the cards the events are about. Updates are gathered per animation frame, so a
// burst of progress events over 2,000 workloads costs one DOM write per changed card per frame.
// Plain JavaScript modules, no build step, nothing loaded from elsewhere.
import { cardHtml } from './card.js';
import { renderChart } from './chart.js';
import { $, byUrgency, esc, shortCommit, URGENT } from './format.js';
import { appendHistory, openHistory } from './history.js';

/** Everything the page knows: cards by stream, columns by key, the rate series. */
const board = { cards: new Map(), columns: new Map(), series: [], position: -1, selected: null, status: null };
/** Cards from the stream newer than the last /api/status (a reload must not draw them older). */
const newer = new Map();

function columnKey(item) {
  if (item.family === 'workload') return `wave:${item.wave ?? 'none'}`;
  return item.family;
}
function columnTitle(key) {
  if (key === 'wave:none') return 'Not in a wave';
  if (key.startsWith('wave:')) return `Wave ${key.slice(5)}`;
  return key === 'node' ? 'Reclaim nodes' : 'Detached volumes';
}



/** Draws every column from scratch: one innerHTML per column. */
function renderAll(status) {
  board.status = status;
  board.position = Math.max(board.position, status.boardPosition);
  board.series = status.rate.series.slice();
  for (const [stream, seen] of newer) if (seen.position <= status.boardPosition) newer.delete(stream);
  const fresh = (items) => items.map((i) => newer.get(i.stream)?.item ?? i);
  const groups = new Map();
  for (const wave of status.waves) groups.set(`wave:${wave.wave ?? 'none'}`, fresh(wave.workloads));
  if (status.volumes.length) groups.set('volume', fresh(status.volumes));
  if (status.nodes.length) groups.set('node', fresh(status.nodes));
  board.cards.clear();
  board.columns.clear();
  $('board').innerHTML = [...groups.keys()].map((key) => `<section class="column" data-column="${esc(key)}"><h2>${esc(columnTitle(key))} <small></small></h2><div class="cards"></div></section>`).join('');
  for (const section of $('board').querySelectorAll('.column')) {
    const key = section.dataset.column;
    const items = groups.get(key).slice().sort(byUrgency);
    const list = section.querySelector('.cards');
    list.innerHTML = items.map((i) => cardHtml(i, board.selected === i.stream)).join('');
    board.columns.set(key, { section, list });
    let i = 0;
    for (const el of list.children) board.cards.set(items[i].stream, { item: items[i++], el });
  }
  renderHeader();
  renderBlocked();
  drawChart();
}

function renderHeader() {
  const s = board.status;
  if (!s) return;
  const cond = $('condition');
  cond.textContent = s.condition;
  cond.className = `condition c-${s.condition}`;
  const c = s.commits ?? {};
  $('commits').textContent = `desired ${shortCommit(c.lastObserved)} · applied ${shortCommit(c.lastApplied)}`;
  const by = {};
  for (const { item } of board.cards.values()) by[item.state] = (by[item.state] ?? 0) + 1;
  $('counts').textContent = Object.entries(by).sort((a, b) => URGENT[a[0]] - URGENT[b[0]]).map(([k, n]) => `${n} ${k}`).join(' · ');
  for (const [, col] of board.columns) col.section.querySelector('h2 small').textContent = `${col.list.children.length}`;
}

function renderBlocked() {
  const urgent = [...board.cards.values()].map((c) => c.item).filter((i) => i.state === 'blocked' || i.state === 'failed').sort(byUrgency);
  $('blocked').innerHTML = urgent.slice(0, 20).map((i) => `<div class="item" data-stream="${esc(i.stream)}"><b>${esc(i.id)}</b> ${esc(i.state)}: ${esc(i.reason ?? '')}${i.fix ? ` — <em>${esc(i.fix)}</em>` : ''}</div>`).join('')
    + (urgent.length > 20 ? `<div>…and ${urgent.length - 20} more</div>` : '');
}


const drawChart = () => renderChart($('rate-chart'), $('rate-now'), board.series);

// Live updates, gathered per frame.
const pending = new Map();
let frame = 0;
let reloadTimer = 0;
function schedule() { if (!frame) frame = requestAnimationFrame(flush); }

function flush() {
  frame = 0;
  let reorder = false;
  for (const item of pending.values()) {
    const known = board.cards.get(item.stream);
    if (!known || columnKey(known.item) !== columnKey(item)) { reload(); continue; }
    const moved = URGENT[known.item.state] !== URGENT[item.state] && (item.state === 'blocked' || item.state === 'failed' || known.item.state === 'blocked' || known.item.state === 'failed');
    const tmp = document.createElement('template');
    tmp.innerHTML = cardHtml(item, board.selected === item.stream);
    const el = tmp.content.firstElementChild;
    known.el.replaceWith(el);
    board.cards.set(item.stream, { item, el });
    if (moved) reorder = true;
    // Something now needs a person (or no longer does): the estate's condition changed too.
    if (moved) reload();
  }
  pending.clear();
  if (reorder) sortColumns();
  renderHeader();
  renderBlocked();
  drawChart();
}

/** Blocked items first: re-sort a column's existing elements (no re-render). */
function sortColumns() {
  for (const [, col] of board.columns) {
    const cards = [...col.list.children].map((el) => board.cards.get(el.dataset.stream)).filter(Boolean);
    cards.sort((a, b) => byUrgency(a.item, b.item));
    col.list.append(...cards.map((c) => c.el));
  }
}

async function reload() {
  clearTimeout(reloadTimer);
  reloadTimer = setTimeout(async () => {
    const res = await fetch('/api/status');
    if (res.ok) renderAll(await res.json());
  }, 250);
}

const COMMIT_EVENTS = new Set(['CommitApplied', 'PlanComputed', 'CommitObserved', 'DesiredStateRejected', 'CommitApplyFailed']);

function onMessage(message) {
  const { event, item, rate } = JSON.parse(message.data);
  board.position = Math.max(board.position, event.position);
  if (item) {
    pending.set(item.stream, item);
    newer.set(item.stream, { position: event.position, item });
  }
  if (rate) {
    const last = board.series[board.series.length - 1];
    if (last && last[0] === rate[0]) last[1] = rate[1];
    else board.series.push(rate);
    if (board.series.length > 720) board.series.shift();
  }
  if (COMMIT_EVENTS.has(event.type)) reload();
  if (board.selected === event.stream) appendHistory(board, event);
  schedule();
}

function connect() {
  const source = new EventSource(`/api/stream?after=${board.position}`);
  source.onopen = () => { $('live').textContent = 'live'; $('live').className = 'live on'; };
  source.onerror = () => { $('live').textContent = 'reconnecting…'; $('live').className = 'live'; };
  source.onmessage = onMessage;
  source.addEventListener('reset', () => reload());
}


document.addEventListener('click', (e) => {
  const target = e.target.closest('[data-stream]');
  if (target && !target.closest('#history')) openHistory(board, target.dataset.stream);
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && e.target.dataset?.stream) openHistory(board, e.target.dataset.stream);
  if (e.key === 'Escape') $('history').hidden = true;
});
$('history-close').addEventListener('click', () => { $('history').hidden = true; board.selected = null; });
setInterval(drawChart, 5000);

(async () => {
  const res = await fetch('/api/status');
  renderAll(await res.json());
  connect();
})();
