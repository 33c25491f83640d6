import { api, initKeyBar, showError } from './api.js';
import { el, replace, fmtDuration, reasonClass } from './dom.js';
import { filterFields, readFilters, writeFilters } from './filters.js';
import { stackedBars, histogram } from './charts.js';

const form = document.getElementById('stats-form');
const out = document.getElementById('stats');

filterFields(document.getElementById('filters'), { statuses: ['removed', 'restored'] });
writeFilters(form, new URLSearchParams(location.search));

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const params = readFilters(form);
  history.replaceState(null, '', params.toString() ? '?' + params.toString() : location.pathname);
  load();
});

async function load() {
  try {
    const s = await api('/api/v1/stats', { params: readFilters(form) });
    showError(null);
    render(s);
  } catch (e) {
    showError(e);
  }
}

function render(s) {
  const perDay = stackedBars(s.perDay || []);
  const ttr = s.timeToRemovalSeconds || {};
  replace(out,
    el('p', { id: 'removal-count' }, `${s.removals} removals`),
    el('section', {}, el('h2', {}, 'Removals per day by reason'), perDay.chart, perDay.legend),
    el('section', {}, el('h2', {}, 'Time to removal'),
      histogram(s.timeToRemovalHistogram || []),
      el('p', { class: 'meta' }, ['p50', 'p90', 'p95', 'p99'].map((k) => `${k} ${fmtDuration(ttr[k])}  `))),
    el('section', { class: 'cols' },
      el('div', {}, el('h2', {}, 'By reason'), table(Object.entries(s.byReason || {}), (r) => el('span', { class: 'badge reason ' + reasonClass(r) }, r))),
      el('div', {}, el('h2', {}, 'By platform'), table(Object.entries(s.byPlatform || {}))),
      el('div', {}, el('h2', {}, 'Top authors'), table((s.topAuthors || []).map((a) => [a.author, a.count]))),
      el('div', {}, el('h2', {}, 'Top removed terms'), table((s.topTerms || []).map((t) => [t.term, t.count])))));
}

function table(rows, label = (k) => k) {
  return el('table', { class: 'counts' }, el('tbody', {}, rows.map(([k, n]) =>
    el('tr', {}, el('td', {}, label(k)), el('td', { class: 'num' }, String(n))))));
}

initKeyBar(load);
