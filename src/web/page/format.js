// Formatting shared by the board's modules: escaping, sizes, durations, commits, urgency.

export const $ = (id) => document.getElementById(id);
export const esc = (s) => String(s ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
export function bytes(n) {
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return `${n >= 100 || i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}
export function duration(s) {
  s = Math.round(s);
  if (s < 90) return `${s} s`;
  if (s < 5400) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
export const shortCommit = (c) => (c && /^[0-9a-f]{40}$/.test(c) ? c.slice(0, 7) : c || '-');
export const clock = (iso) => (iso ? new Date(iso).toLocaleString() : '');
export const URGENT = { blocked: 0, failed: 1, running: 2, waiting: 3, idle: 4, done: 5 };

/** Blocked and failed first (they need someone), then what moves, waits, is done; then by name. */
export const byUrgency = (a, b) => URGENT[a.state] - URGENT[b.state] || a.id.localeCompare(b.id);
