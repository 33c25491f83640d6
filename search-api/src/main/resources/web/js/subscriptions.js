// Subscription management. Create/delete/resume are state-changing calls: they carry the API key in a header set
// by this script (no cookies), so another site cannot forge them (see api.js).
import { api, apiKey, initKeyBar, showError } from './api.js';
import { el, replace, badges, fmtTime, postLink } from './dom.js';
import { filterFields, readFilters, filtersAsQuery } from './filters.js';

const form = document.getElementById('sub-form');
const list = document.getElementById('subs');
const liveBox = document.getElementById('live');
const alerts = document.getElementById('alerts');

filterFields(document.getElementById('filters'), { types: ['removal', 'alteration', 'restoration'] });

let stream = null;
const MAX_ALERTS = 200;

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const body = { query: filtersAsQuery(readFilters(form)) };
  const name = form.elements.namedItem('name').value.trim();
  if (name) body.name = name;
  const url = form.elements.namedItem('webhookUrl').value.trim();
  const secret = form.elements.namedItem('webhookSecret').value;
  if (url) body.delivery = { webhook: { url, secret } };
  try {
    const created = await api('/api/v1/subscriptions', { method: 'POST', body });
    showError(null);
    form.reset();
    replace(document.getElementById('created'), 'Created subscription ', el('code', { id: 'created-id' }, String(created.id)));
    await load();
  } catch (e) {
    showError(e);
  }
});

async function load() {
  try {
    const r = await api('/api/v1/subscriptions');
    showError(null);
    const items = Array.isArray(r) ? r : (r && (r.items || r.subscriptions)) || [];
    render(items);
  } catch (e) {
    showError(e);
  }
}

function render(items) {
  if (!items.length) {
    replace(list, el('p', { class: 'meta' }, 'No subscriptions yet.'));
    return;
  }
  replace(list, el('table', { class: 'subs', id: 'subs-table' },
    el('thead', {}, el('tr', {}, ['Name', 'Query', 'Delivery', 'State', 'Last success', 'Last error', 'Backlog', '']
      .map((h) => el('th', {}, h)))),
    el('tbody', {}, items.map(row))));
}

function row(s) {
  const id = String(s.id);
  const st = s.state && typeof s.state === 'object' ? s.state : s;   // delivery state: {status, lastSuccess, lastError, backlog}
  const status = String(st.status || 'active');
  const del = el('button', { type: 'button', class: 'danger' }, 'Delete');
  del.addEventListener('click', () => remove(id));
  const watch = el('button', { type: 'button', class: 'watch' }, 'Watch live');
  watch.addEventListener('click', () => watchLive(id, s.name || id));
  const actions = [watch, ' ', del];
  if (status === 'paused') {
    const resume = el('button', { type: 'button' }, 'Resume');
    resume.addEventListener('click', () => action(id, 'resume'));
    actions.unshift(resume, ' ');
  }
  const webhook = s.delivery && s.delivery.webhook ? s.delivery.webhook.url : null;
  return el('tr', { 'data-id': id, class: 'sub' },
    el('td', {}, s.name || id),
    el('td', {}, el('code', {}, JSON.stringify(s.query || {}))),
    el('td', {}, webhook ? 'webhook ' + webhook : 'stream / feed',
      // feed readers cannot send headers either: the feed URL carries the key, for the user to copy into a reader
      ' · ', el('a', { href: `/api/v1/subscriptions/${encodeURIComponent(id)}/feed.atom?key=${encodeURIComponent(apiKey() || '')}`,
        class: 'feed', rel: 'noreferrer' }, 'Atom feed')),
    el('td', {}, el('span', { class: 'badge ' + (status === 'paused' ? 'paused' : 'active'), 'data-state': status }, status)),
    el('td', {}, fmtTime(st.lastSuccess)),
    el('td', { class: 'err' }, st.lastError ? [String(st.lastError), st.lastErrorAt ? ' (' + fmtTime(st.lastErrorAt) + ')' : ''] : ''),
    el('td', { class: 'num' }, st.backlog === undefined ? '' : String(st.backlog)),
    el('td', {}, actions));
}

async function remove(id) {
  try {
    await api('/api/v1/subscriptions/' + encodeURIComponent(id), { method: 'DELETE' });
    if (stream && stream.id === id) stopLive();
    await load();
  } catch (e) {
    showError(e);
  }
}

async function action(id, what) {
  try {
    await api(`/api/v1/subscriptions/${encodeURIComponent(id)}/${what}`, { method: 'POST' });
    await load();
  } catch (e) {
    showError(e);
  }
}

/**
 * Live alerts over Server-Sent Events. EventSource cannot send headers, so the key goes in the query string of this
 * one read-only URL (Referrer-Policy: no-referrer keeps it from leaking).
 */
function watchLive(id, name) {
  stopLive();
  const es = new EventSource(`/api/v1/subscriptions/${encodeURIComponent(id)}/stream?key=${encodeURIComponent(apiKey() || '')}`);
  stream = { id, es };
  liveBox.hidden = false;
  replace(document.getElementById('live-name'), String(name));
  const status = document.getElementById('live-status');
  es.addEventListener('open', () => replace(status, 'connected'));
  es.addEventListener('error', () => replace(status, es.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting…'));
  const onAlert = (m) => addAlert(m.data);
  es.addEventListener('message', onAlert);
  es.addEventListener('alert', onAlert);
}

function stopLive() {
  if (stream) stream.es.close();
  stream = null;
  liveBox.hidden = true;
}

function addAlert(data) {
  let a;
  try {
    a = JSON.parse(data);
  } catch {
    a = { text: String(data) };
  }
  const ev = a.event || a;
  const keyNode = ev.key ? postLink(String(ev.key), String(ev.key)) : null;
  alerts.prepend(el('li', { class: 'alert-item' },
    el('time', {}, fmtTime(ev.detectedAt || a.matchedAt)), ' ', keyNode, ' ', badges(ev),
    el('p', { class: 'snippet' }, String(ev.text || '').slice(0, 300))));
  while (alerts.children.length > MAX_ALERTS) alerts.lastElementChild.remove();
}

document.getElementById('stop-live').addEventListener('click', stopLive);
initKeyBar(load);
