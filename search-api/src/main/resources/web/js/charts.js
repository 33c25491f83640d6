// Small SVG charts drawn with DOM calls (no library). Sizes and positions are SVG attributes, colours come from
// CSS classes chosen from a fixed list (reasonClass): nothing from the data becomes markup or an inline style.
import { svg, el, reasonClass, fmtDuration } from './dom.js';

const W = 720;
const H = 260;
const M = { top: 12, right: 12, bottom: 48, left: 48 };

function niceMax(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

function yAxis(max, innerH) {
  const g = svg('g', { class: 'axis y' });
  for (let i = 0; i <= 4; i++) {
    const v = (max / 4) * i;
    const y = M.top + innerH - (innerH * i) / 4;
    g.append(svg('line', { x1: M.left, x2: W - M.right, y1: y, y2: y, class: 'grid' }),
      svg('text', { x: M.left - 6, y: y + 4, 'text-anchor': 'end' }, Number.isInteger(v) ? String(v) : v.toFixed(1)));
  }
  return g;
}

/**
 * Stacked bars: one bar per day, one segment per reason. days: [{day, byReason: {REASON: n}}].
 * Returns {chart, legend}.
 */
export function stackedBars(days, { id = 'chart-per-day', title = 'Removals per day by reason' } = {}) {
  const reasons = [...new Set(days.flatMap((d) => Object.keys(d.byReason || {})))].sort();
  const totals = days.map((d) => Object.values(d.byReason || {}).reduce((a, b) => a + Number(b), 0));
  const max = niceMax(Math.max(0, ...totals));
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const step = days.length ? innerW / days.length : innerW;
  const bw = Math.max(1, step * 0.8);
  const chart = svg('svg', { id, class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title },
    svg('title', {}, title), yAxis(max, innerH));
  const labelEvery = Math.max(1, Math.ceil(days.length / 12));
  // days without removals are not in the data (bars are categories, not a time axis): show the year when it varies
  const oneYear = days.length > 0 && days.every((d) => String(d.day).slice(0, 4) === String(days[0].day).slice(0, 4));
  days.forEach((d, i) => {
    const x = M.left + i * step + (step - bw) / 2;
    let y = M.top + innerH;
    const g = svg('g', { class: 'day' });
    for (const r of reasons) {
      const n = Number((d.byReason || {})[r] || 0);
      if (!n) continue;
      const h = (n / max) * innerH;
      y -= h;
      g.append(svg('rect', { x: x.toFixed(1), y: y.toFixed(1), width: bw.toFixed(1), height: Math.max(0.5, h).toFixed(1),
        class: 'bar ' + reasonClass(r) }, svg('title', {}, `${d.day} ${r}: ${n}`)));
    }
    chart.append(g);
    if (i % labelEvery === 0) {
      chart.append(svg('text', { x: (x + bw / 2).toFixed(1), y: H - M.bottom + 16, 'text-anchor': 'middle', class: 'xlabel' }, oneYear ? String(d.day).slice(5) : String(d.day)));
    }
  });
  if (days.length) {
    chart.append(svg('text', { x: M.left, y: H - 8, class: 'xlabel' }, 'from ' + days[0].day + ' to ' + days[days.length - 1].day));
  }
  const legend = el('ul', { class: 'legend' }, reasons.map((r) =>
    el('li', {}, svg('svg', { width: '12', height: '12', viewBox: '0 0 12 12' }, svg('rect', { width: '12', height: '12', class: reasonClass(r) })), ' ' + r)));
  return { chart, legend };
}

/** A histogram of removals by time to removal. buckets: [{from?, to?, count}] in seconds. */
export function histogram(buckets, { id = 'chart-ttr', title = 'Time from publication to removal' } = {}) {
  const max = niceMax(Math.max(0, ...buckets.map((b) => Number(b.count))));
  const innerW = W - M.left - M.right;
  const innerH = H - M.top - M.bottom;
  const step = buckets.length ? innerW / buckets.length : innerW;
  const chart = svg('svg', { id, class: 'chart', viewBox: `0 0 ${W} ${H}`, role: 'img', 'aria-label': title },
    svg('title', {}, title), yAxis(max, innerH));
  buckets.forEach((b, i) => {
    const h = (Number(b.count) / max) * innerH;
    const x = M.left + i * step + 2;
    const label = b.from === undefined ? '< ' + fmtDuration(b.to)
      : b.to === undefined ? '≥ ' + fmtDuration(b.from) : fmtDuration(b.from) + '–' + fmtDuration(b.to);
    chart.append(
      svg('rect', { x: x.toFixed(1), y: (M.top + innerH - h).toFixed(1), width: Math.max(1, step - 4).toFixed(1),
        height: h.toFixed(1), class: 'hist' }, svg('title', {}, `${label}: ${b.count}`)),
      svg('text', { x: (x + step / 2 - 2).toFixed(1), y: H - M.bottom + 16, 'text-anchor': 'middle', class: 'xlabel' }, label));
  });
  return chart;
}
