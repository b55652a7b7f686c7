// The history panel: every event of one item, with its time and the commit that caused it.
import { cardHtml } from './card.js';
import { $, clock, esc, shortCommit } from './format.js';

/** A link to the commit when the daemon follows an http(s) remote (GitHub, Gitea and GitLab all answer /commit/SHA). */
function commitCell(board, commit) {
  const code = `<code title="${esc(commit ?? '')}">${esc(shortCommit(commit))}</code>`;
  const repo = board.status?.daemon?.repo;
  if (!commit || !/^[0-9a-f]{40}$/.test(commit) || typeof repo !== 'string' || !/^https?:\/\//.test(repo)) return code;
  return `<a href="${esc(`${repo.replace(/\.git$/, '').replace(/\/$/, '')}/commit/${commit}`)}" target="_blank" rel="noopener noreferrer">${code}</a>`;
}

function historyRow(board, e) {
  const data = JSON.stringify(e.data);
  return `<tr><td>${e.version}</td><td>${esc(clock(e.time))}</td><td>${esc(e.type)}</td><td>${commitCell(board, e.commit)}</td><td class="data">${esc(data.length > 300 ? `${data.slice(0, 300)}…` : data)}</td></tr>`;
}
export function appendHistory(board, e) {
  $('history-rows').insertAdjacentHTML('beforeend', historyRow(board, e));
  const card = board.cards.get(e.stream);
  if (card) $('history-card').innerHTML = cardHtml(card.item, true);
}

export async function openHistory(board, stream) {
  const [family, ...rest] = stream.split(':');
  const name = rest.join(':');
  const path = { workload: 'workloads', volume: 'volumes', node: 'nodes' }[family];
  if (!path) return;
  board.selected = stream;
  const res = await fetch(`/api/${path}/${encodeURIComponent(name)}`);
  if (!res.ok) return;
  const { item, history } = await res.json();
  $('history-title').textContent = `${family} ${name}: ${history.length} events`;
  $('history-card').innerHTML = item ? cardHtml(item, true) : '';
  $('history-rows').innerHTML = history.map((e) => historyRow(board, e)).join('');
  $('history').hidden = false;
}
