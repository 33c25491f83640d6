import { api, initKeyBar, showError } from './api.js';
import { el, svg, replace, badges, fmtTime, fmtDuration, fmtProb, postPath, reasonClass } from './dom.js';

const key = new URLSearchParams(location.search).get('key') || '';
const head = document.getElementById('post-head');
const removal = document.getElementById('removal');
const timeline = document.getElementById('timeline');
const diffs = document.getElementById('diffs');

async function load() {
  if (!key) {
    showError('no post key in the address (post.html?key=platform:id)');
    return;
  }
  try {
    const post = await api(postPath(key));
    showError(null);
    render(post);
  } catch (e) {
    showError(e);
  }
}

function render(p) {
  document.title = 'Afterimage · ' + p.key;
  replace(head,
    el('h1', { id: 'post-key' }, p.key),
    el('p', { class: 'badges' }, badges(p)),
    el('p', { class: 'meta' },
      p.author ? 'by ' + p.author + ' · ' : '',
      p.publishedAt ? 'published ' + fmtTime(p.publishedAt) + ' · ' : '',
      `${p.versions.length} version(s) · ${p.captureTimes ? p.captureTimes.count : 0} capture(s) · `,
      el('a', { href: p.url, rel: 'noopener noreferrer nofollow', target: '_blank', class: 'original' }, 'original')),
    el('blockquote', { class: 'post-text', id: 'post-text' }, p.text || ''));
  renderRemoval(p.removal, p);
  renderTimeline(p);
  renderDiffs(p);
}

function renderRemoval(rm, p) {
  if (!rm) {
    removal.hidden = true;
    return;
  }
  removal.hidden = false;
  const ev = rm.evidence || {};
  replace(removal,
    el('h2', {}, 'Removal'),
    el('p', {},
      el('span', { class: 'badge reason ' + reasonClass(rm.reason), id: 'removal-reason' }, rm.reason),
      ' probability of censorship ',
      el('strong', { id: 'removal-probability' }, fmtProb(rm.probability)), ' ',
      el('meter', { min: '0', max: '1', value: String(rm.probability ?? 0) })),
    el('p', { class: 'meta' }, 'removed ', fmtTime(rm.removedAt),
      p.timeToRemovalSeconds !== undefined ? ' · ' + fmtDuration(p.timeToRemovalSeconds) + ' after publication' : ''),
    el('dl', { class: 'evidence' },
      ev.message ? [el('dt', {}, 'Platform message'), el('dd', {}, ev.message)] : null,
      ev.signal ? [el('dt', {}, 'Signal'), el('dd', {}, ev.signal)] : null,
      ev.httpStatus ? [el('dt', {}, 'HTTP status'), el('dd', {}, String(ev.httpStatus))] : null,
      ev.warcRecordId ? [el('dt', {}, 'WARC record'), el('dd', {}, ev.warcRecordId)] : null),
    evidenceTable(rm.items || []));
}

/** Evidence items with their weights (log-odds), each with a bar: right of the axis raises the probability. */
function evidenceTable(items) {
  if (!items.length) return null;
  const max = Math.max(1, ...items.map((i) => Math.abs(Number(i.weight) || 0)));
  return el('table', { class: 'evidence-items', id: 'evidence-items' },
    el('thead', {}, el('tr', {}, el('th', {}, 'Evidence'), el('th', {}, 'Detail'), el('th', {}, 'Weight'), el('th', {}, ''))),
    el('tbody', {}, items.map((i) => {
      const w = Number(i.weight) || 0;
      const len = Math.round((Math.abs(w) / max) * 60);
      return el('tr', {},
        el('td', {}, i.factor),
        el('td', {}, i.detail || ''),
        el('td', { class: 'num' }, w.toFixed(2)),
        el('td', {}, svg('svg', { width: '130', height: '12', class: 'weight', viewBox: '0 0 130 12' },
          svg('line', { x1: '65', x2: '65', y1: '0', y2: '12', class: 'axis' }),
          svg('rect', { x: String(w >= 0 ? 65 : 65 - len), y: '2', width: String(len), height: '8', class: w >= 0 ? 'pos' : 'neg' }))));
    })));
}

function renderTimeline(p) {
  const entries = [];
  for (const v of p.versions || []) {
    entries.push({ at: v.firstSeen, kind: 'version', node: [el('strong', {}, `Version ${v.n} first seen`),
      el('blockquote', { class: 'version-text' }, v.text)] });
  }
  for (const e of p.events || []) {
    entries.push({ at: e.detectedAt, kind: 'event', node: [el('strong', {}, eventTitle(e)), ' ', badges(e),
      e.type === 'removal' && e.evidence && e.evidence.message ? el('p', { class: 'meta' }, e.evidence.message) : null] });
  }
  for (const c of p.captureList || []) {
    entries.push({ at: c.fetchedAt, kind: 'capture', node: [`Capture ${c.n}: ${c.outcome}`,
      c.reason ? ' (' + c.reason + ')' : '', c.httpStatus ? ' HTTP ' + c.httpStatus : ''] });
  }
  entries.sort((a, b) => String(a.at).localeCompare(String(b.at)));
  replace(timeline, el('h2', {}, 'Timeline'), el('ol', { class: 'timeline' }, entries.map((t) =>
    el('li', { class: 'tl-' + t.kind }, el('time', {}, fmtTime(t.at)), el('div', {}, t.node)))));
}

function eventTitle(e) {
  switch (e.type) {
    case 'removal': return 'Removed';
    case 'alteration': return 'Altered';
    case 'restoration': return 'Restored';
    default: return 'Event';
  }
}

/** The word diff between consecutive versions: deletions struck through, insertions highlighted. */
function renderDiffs(p) {
  if (!p.diffs || !p.diffs.length) {
    replace(diffs);
    diffs.hidden = true;
    return;
  }
  diffs.hidden = false;
  replace(diffs, el('h2', {}, 'Changes'), p.diffs.map((d) =>
    el('div', { class: 'diff-block' },
      el('h3', {}, `Version ${d.from} → version ${d.to}`),
      el('p', { class: 'diff' }, d.segments.map((s) => {
        if (s.op === 'insert') return el('ins', {}, s.text);
        if (s.op === 'delete') return el('del', {}, s.text);
        return el('span', {}, s.text);
      })))));
}

initKeyBar(load);
