import { api, download, initKeyBar, showError } from './api.js';
import { el, replace, badges, highlighted, fmtTime, postLink } from './dom.js';
import { filterFields, readFilters, writeFilters } from './filters.js';

const form = document.getElementById('search-form');
const results = document.getElementById('results');
const summary = document.getElementById('summary');
const prev = document.getElementById('prev');
const next = document.getElementById('next');

filterFields(document.getElementById('filters'));
writeFilters(form, new URLSearchParams(location.search));

// paging with the API's cursors: the cursor of each page we came through, so "previous" can go back
let cursors = [];
let current = null;
let nextCursor = null;

form.addEventListener('submit', (ev) => {
  ev.preventDefault();
  const params = readFilters(form);
  history.replaceState(null, '', params.toString() ? '?' + params.toString() : location.pathname);
  cursors = [];
  load(null);
});
next.addEventListener('click', () => {
  if (!nextCursor) return;
  cursors.push(current);
  load(nextCursor);
});
prev.addEventListener('click', () => {
  if (!cursors.length) return;
  load(cursors.pop());
});

// exports need a key with the exporter (or admin) role; the API answers 403 otherwise and the error is shown
for (const format of ['csv', 'jsonl']) {
  document.getElementById('export-' + format).addEventListener('click', async () => {
    const params = readFilters(form);
    params.set('format', format);
    try {
      await download('/api/v1/export', params, 'afterimage-posts.' + format);
      showError(null);
    } catch (e) {
      showError(e);
    }
  });
}

async function load(cursor) {
  const params = readFilters(form);
  params.set('size', '20');
  if (params.has('q')) params.set('sort', 'relevance');
  if (cursor) params.set('cursor', cursor);
  replace(summary, 'Searching…');
  try {
    const page = await api('/api/v1/posts', { params });
    showError(null);
    current = cursor;
    nextCursor = page.next;
    render(page);
  } catch (e) {
    replace(summary);
    replace(results);
    showError(e);
  }
}

function render(page) {
  const first = cursors.length * 20 + 1;
  replace(summary, page.total === 0 ? 'No posts match.'
    : `${page.total} posts · showing ${first}–${first + page.items.length - 1}`);
  replace(results, page.items.map(item));
  prev.disabled = cursors.length === 0;
  next.disabled = !nextCursor;
}

function item(p) {
  const hl = p.highlights && p.highlights.text && p.highlights.text.length ? p.highlights.text : null;
  const text = hl ? hl.map((f, i) => [i ? ' … ' : '', highlighted(f)]) : [(p.text || '').slice(0, 300)];
  return el('li', { class: 'result', 'data-key': p.key },
    el('div', { class: 'result-head' },
      postLink(p.key, p.key),
      el('span', { class: 'meta' }, [p.author ? ' · ' + p.author : '', p.publishedAt ? ' · ' + fmtTime(p.publishedAt) : '']),
      el('span', { class: 'badges' }, badges(p))),
    el('p', { class: 'snippet' }, text),
    p.removedAt ? el('p', { class: 'meta' }, 'removed ' + fmtTime(p.removedAt)) : null);
}

initKeyBar(() => load(null));
