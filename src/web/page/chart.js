// The estate's transfer rate over time, drawn as inline SVG from the rate samples.
import { bytes, esc } from './format.js';

/** The transfer rate over time as an SVG polyline; the newest sample is extended to now. */
export function renderChart(svg, label, series) {
  const points = series.slice();
  const last = points[points.length - 1];
  label.textContent = `${bytes(last ? last[1] : 0)}/s`;
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
