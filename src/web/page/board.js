// The migration board: loads /api/status once, then follows /api/stream (Server-Sent Events) and
// updates only the cards the events are about. Updates are gathered per animation frame, so a
// burst of progress events over 2,000 workloads costs one DOM write per changed card per frame.
// Plain JavaScript, no build step, nothing loaded from elsewhere.
'use strict';

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
function bytes(n) {
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n >= 100 || i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}
function duration(s) {
  s = Math.round(s);
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
const shortCommit = (c) => (c && /^[0-9a-f]{40}$/.test(c) ? c.slice(0, 7) : c || '-');
const clock = (iso) => (iso ? new Date(iso).toLocaleString() : '');
const URGENT = { blocked: 0, failed: 1, running: 2, waiting: 3, idle: 4, done: 5 };

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

function cardHtml(item) {
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
  return `<article class="card s-${esc(item.state)}${board.selected === item.stream ? ' selected' : ''}" data-stream="${esc(item.stream)}" data-state="${esc(item.state)}" tabindex="0">`
    + `<header><span class="name" title="${esc(item.id)}">${esc(item.id)}</span><span class="phase">${esc(item.phase)}</span></header>`
    + (total > 0 || item.family === 'workload' ? `<progress max="${total || 1}" value="${Math.min(done, total || 0)}"></progress>` : '')
    + (bits.length ? `<p class="bytes">${esc(bits.join(' · '))}</p>` : '')
    + (why ? `<p class="why">${esc(why)}</p>` : '')
    + '</article>';
}

const byUrgency = (a, b) => URGENT[a.state] - URGENT[b.state] || a.id.localeCompare(b.id);

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
    list.innerHTML = items.map(cardHtml).join('');
    board.columns.set(key, { section, list });
    let i = 0;
    for (const el of list.children) board.cards.set(items[i].stream, { item: items[i++], el });
  }
  renderHeader();
  renderBlocked();
  renderChart();
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

/** The transfer rate over time as an SVG polyline; the newest sample is extended to now. */
function renderChart() {
  const svg = $('rate-chart');
  const points = board.series.slice();
  const last = points[points.length - 1];
  $('rate-now').textContent = `${bytes(last ? last[1] : 0)}/s`;
  if (points.length === 0) { svg.innerHTML = '<text x="8" y="60">no transfers yet</text>'; return; }
  const now = Math.max(Date.now(), last[0]);
  points.push([now, last[1]]);
  const t0 = points[0][0];
  const span = Math.max(1000, now - t0);
  const max = Math.max(1, ...points.map((p) => p[1]));
  const xy = [];
  let prev = null;
  for (const [t, r] of points) {
    const x = ((t - t0) / span) * 600;
    const y = 110 - (r / max) * 100;
    if (prev !== null) xy.push(`${x.toFixed(1)},${prev}`); // a step: the rate holds until the next sample
    xy.push(`${x.toFixed(1)},${y.toFixed(1)}`);
    prev = y.toFixed(1);
  }
  svg.innerHTML = `<polygon class="area" points="0,110 ${xy.join(' ')} 600,110"></polygon><polyline points="${xy.join(' ')}"></polyline>`
    + `<text x="4" y="10">${esc(bytes(max))}/s</text><text x="4" y="118">${esc(new Date(t0).toLocaleTimeString())}</text>`;
}

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
    tmp.innerHTML = cardHtml(item);
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
  renderChart();
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
  if (board.selected === event.stream) appendHistory(event);
  schedule();
}

function connect() {
  const source = new EventSource(`/api/stream?after=${board.position}`);
  source.onopen = () => { $('live').textContent = 'live'; $('live').className = 'live on'; };
  source.onerror = () => { $('live').textContent = 'reconnecting…'; $('live').className = 'live'; };
  source.onmessage = onMessage;
  source.addEventListener('reset', () => reload());
}

// The history panel: every event of one item, with its time and commit.
/** A link to the commit when the daemon follows an http(s) remote (GitHub, Gitea and GitLab all answer /commit/SHA). */
function commitCell(commit) {
  const code = `<code title="${esc(commit ?? '')}">${esc(shortCommit(commit))}</code>`;
  const repo = board.status?.daemon?.repo;
  if (!commit || !/^[0-9a-f]{40}$/.test(commit) || typeof repo !== 'string' || !/^https?:\/\//.test(repo)) return code;
  return `<a href="${esc(`${repo.replace(/\.git$/, '').replace(/\/$/, '')}/commit/${commit}`)}" target="_blank" rel="noopener noreferrer">${code}</a>`;
}

function historyRow(e) {
  const data = JSON.stringify(e.data);
  return `<tr><td>${e.version}</td><td>${esc(clock(e.time))}</td><td>${esc(e.type)}</td><td>${commitCell(e.commit)}</td><td class="data">${esc(data.length > 300 ? `${data.slice(0, 300)}…` : data)}</td></tr>`;
}
function appendHistory(e) {
  $('history-rows').insertAdjacentHTML('beforeend', historyRow(e));
  const card = board.cards.get(e.stream);
  if (card) $('history-card').innerHTML = cardHtml(card.item);
}

async function openHistory(stream) {
  const [family, ...rest] = stream.split(':');
  const name = rest.join(':');
  const path = { workload: 'workloads', volume: 'volumes', node: 'nodes' }[family];
  if (!path) return;
  board.selected = stream;
  const res = await fetch(`/api/${path}/${encodeURIComponent(name)}`);
  if (!res.ok) return;
  const { item, history } = await res.json();
  $('history-title').textContent = `${family} ${name}: ${history.length} events`;
  $('history-card').innerHTML = item ? cardHtml(item) : '';
  $('history-rows').innerHTML = history.map(historyRow).join('');
  $('history').hidden = false;
}

document.addEventListener('click', (e) => {
  const target = e.target.closest('[data-stream]');
  if (target && !target.closest('#history')) openHistory(target.dataset.stream);
});
document.addEventListener('keydown', (e) => {
  if (e.key === 'Enter' && e.target.dataset?.stream) openHistory(e.target.dataset.stream);
  if (e.key === 'Escape') $('history').hidden = true;
});
$('history-close').addEventListener('click', () => { $('history').hidden = true; board.selected = null; });
setInterval(renderChart, 5000);

(async () => {
  const res = await fetch('/api/status');
  renderAll(await res.json());
  connect();
})();
