// DOM helpers. Archived text is hostile HTML: everything from the API goes into the page as text nodes or as
// attributes set through the DOM, never through an HTML-parsing sink (WebUiTest scans the sources for them).

/**
 * Creates an element. attrs: {class, href, title, type, name, value, ...} set with setAttribute (href only when it
 * is an http(s) or same-origin relative URL); children: strings become text nodes, nodes are appended, null skipped.
 */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Same as el() for SVG elements (charts). */
export function svg(tag, attrs = {}, ...children) {
  const e = document.createElementNS(SVG_NS, tag);
  setAttrs(e, attrs);
  append(e, children);
  return e;
}

function setAttrs(e, attrs) {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'href') {
      const h = safeHref(String(v));
      if (h !== null) e.setAttribute('href', h);
      continue;
    }
    if (k.startsWith('on') || k === 'style' || k === 'src' || k === 'srcdoc') {
      throw new Error('refusing attribute ' + k);   // no handlers or inline styles, ever
    }
    e.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(e, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Empties a node and appends the given children. */
export function replace(node, ...children) {
  node.replaceChildren();
  append(node, children);
}

/** The URL if it is http(s) or a relative path on this site; otherwise null (no javascript:, data: ...). */
export function safeHref(url) {
  if (url.startsWith('/') && !url.startsWith('//')) return url;
  if (/^[a-z]+\.html(\?|$)/.test(url)) return url;
  try {
    const u = new URL(url);
    return u.protocol === 'https:' || u.protocol === 'http:' ? u.href : null;
  } catch {
    return null;
  }
}

const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Decodes the entities of Elasticsearch's HTML highlight encoder (&amp; &lt; &gt; &quot; &#x27; &#x2F; &#39;). */
export function decodeEntities(s) {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (m, g) => {
    if (g[0] === '#') {
      const n = g[1] === 'x' ? parseInt(g.slice(2), 16) : parseInt(g.slice(1), 10);
      return Number.isFinite(n) && n > 0 && n <= 0x10ffff ? String.fromCodePoint(n) : m;
    }
    return ENTITIES[g] ?? m;
  });
}

/**
 * A highlight fragment from the API (text HTML-escaped by Elasticsearch, hits wrapped in <em>...</em>) as DOM nodes:
 * the only markup honoured is the <em> pair; everything else is decoded into text nodes.
 */
export function highlighted(fragment) {
  const out = document.createDocumentFragment();
  const parts = String(fragment).split(/(<em>|<\/em>)/);
  let inHit = false;
  for (const p of parts) {
    if (p === '<em>') { inHit = true; continue; }
    if (p === '</em>') { inHit = false; continue; }
    if (p === '') continue;
    const text = decodeEntities(p);
    out.append(inHit ? el('mark', {}, text) : document.createTextNode(text));
  }
  return out;
}

/** An ISO instant (or epoch seconds/millis) as "2024-06-04 08:00 UTC"; '' for none. */
export function fmtTime(t) {
  if (t === null || t === undefined || t === '') return '';
  let d;
  if (typeof t === 'number') d = new Date(t < 1e11 ? t * 1000 : t);
  else d = new Date(t);
  if (Number.isNaN(d.getTime())) return String(t);
  return d.toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

/** Seconds as a short human duration: "45 s", "12 min", "3.5 h", "2.1 d". */
export function fmtDuration(s) {
  if (s === null || s === undefined || !Number.isFinite(Number(s))) return '–';
  s = Number(s);
  if (s < 60) return Math.round(s) + ' s';
  if (s < 3600) return Math.round(s / 60) + ' min';
  if (s < 86400) return (s / 3600).toFixed(1) + ' h';
  return (s / 86400).toFixed(1) + ' d';
}

export function fmtProb(p) {
  return p === null || p === undefined ? '' : Number(p).toFixed(2);
}

/** The reasons the UI knows; a class name is only ever built from one of these (never from raw data). */
export const REASONS = ['CENSORED', 'REMOVED_BY_MODERATOR', 'DELETED_BY_AUTHOR', 'ACCOUNT_SUSPENDED',
  'ACCOUNT_GONE', 'GEO_BLOCKED', 'PRIVATE', 'NOT_FOUND'];
export const STATUSES = ['live', 'removed', 'altered', 'restored'];
export const PLATFORMS = ['telegram', 'mastodon', 'reddit', 'twitter', 'wechat', 'weibo', 'html', 'rss'];

export function reasonClass(r) {
  return REASONS.includes(r) ? 'r-' + r : 'r-other';
}

export function statusClass(s) {
  return STATUSES.includes(s) ? 'status-' + s : 'status-other';
}

/** The badges of a post or event: status, reason, probability. */
export function badges(item) {
  const out = [];
  if (item.status) out.push(el('span', { class: 'badge ' + statusClass(item.status), 'data-badge': 'status' }, item.status));
  if (item.type) out.push(el('span', { class: 'badge type', 'data-badge': 'type' }, item.type));
  if (item.reason) out.push(el('span', { class: 'badge reason ' + reasonClass(item.reason), 'data-badge': 'reason' }, item.reason));
  if (item.probability !== undefined && item.probability !== null) {
    out.push(el('span', { class: 'badge prob', 'data-badge': 'probability', title: 'censorship probability' },
      'p ' + fmtProb(item.probability)));
  }
  return out;
}

/** "weibo:alt/1" -> the API path of that post (each id segment URL-encoded, slashes kept). */
export function postPath(key) {
  const i = key.indexOf(':');
  if (i <= 0) throw new Error('not a post key: ' + key);
  const platform = key.slice(0, i);
  const id = key.slice(i + 1).split('/').map(encodeURIComponent).join('/');
  return '/api/v1/posts/' + encodeURIComponent(platform) + '/' + id;
}

export function postLink(key, ...children) {
  return el('a', { href: 'post.html?key=' + encodeURIComponent(key), class: 'post-link' }, ...children);
}
