// The API client. Auth is the API key in the X-API-Key header, kept in sessionStorage (gone when the tab closes).
// There are no cookies and no other ambient credentials, so a foreign page cannot make this browser send an
// authenticated request: state-changing calls (create/delete subscriptions) are CSRF-safe without tokens.
import { el, replace } from './dom.js';

const STORE = 'afterimage.apiKey';

export function apiKey() {
  return sessionStorage.getItem(STORE);
}

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Calls the API; resolves to the parsed JSON (null for 204); rejects with ApiError. */
export async function api(path, { method = 'GET', body, params } = {}) {
  const key = apiKey();
  const headers = { Accept: 'application/json' };
  if (key) headers['X-API-Key'] = key;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const url = params && [...params.keys()].length ? path + '?' + params.toString() : path;
  let res;
  try {
    res = await fetch(url, {
      method, headers, body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'omit', cache: 'no-store', redirect: 'error',
    });
  } catch (e) {
    throw new ApiError(0, 'network', 'cannot reach the server: ' + e.message);
  }
  if (res.status === 204) return null;
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = json && json.error ? json.error : { code: 'http_' + res.status, message: text.slice(0, 300) };
    if (res.status === 401) forgetKey();
    throw new ApiError(res.status, err.code, err.message || err.code);
  }
  return json;
}

/**
 * Downloads a binary API response (an export) as a file. The key must travel in a header, so this is a fetch into
 * a Blob and a temporary object URL rather than a plain link; the whole file is held in the tab's memory.
 */
export async function download(path, params, filename) {
  const key = apiKey();
  const res = await fetch(path + '?' + params.toString(), {
    headers: key ? { 'X-API-Key': key } : {}, credentials: 'omit', cache: 'no-store', redirect: 'error',
  });
  if (!res.ok) {
    let err = { code: 'http_' + res.status, message: '' };
    try {
      err = (await res.json()).error || err;
    } catch {
      // not JSON: keep the status
    }
    throw new ApiError(res.status, err.code, err.message || err.code);
  }
  const url = URL.createObjectURL(await res.blob());
  const a = document.createElement('a');
  a.setAttribute('href', url);
  a.setAttribute('download', filename);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

function forgetKey() {
  sessionStorage.removeItem(STORE);
  renderKeyBar();
}

let onKeyCallback = () => {};

/**
 * Renders the key bar (#keybar) and calls onKey() now if a key is stored, and again whenever one is entered.
 */
export function initKeyBar(onKey) {
  onKeyCallback = onKey;
  renderKeyBar();
  if (apiKey()) onKey();
}

function renderKeyBar() {
  const bar = document.getElementById('keybar');
  if (!bar) return;
  if (apiKey()) {
    const forget = el('button', { type: 'button', id: 'forget-key' }, 'Forget key');
    forget.addEventListener('click', () => {
      forgetKey();
      showError(null);
    });
    replace(bar, el('span', { class: 'key-set' }, 'API key set'), forget);
    return;
  }
  const input = el('input', { type: 'password', id: 'api-key', name: 'key', autocomplete: 'off', placeholder: 'API key', required: true });
  const form = el('form', { id: 'key-form' }, el('label', { for: 'api-key' }, 'API key '), input,
    el('button', { type: 'submit', id: 'use-key' }, 'Use key'));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const k = input.value.trim();
    if (!k) return;
    sessionStorage.setItem(STORE, k);
    renderKeyBar();
    showError(null);
    onKeyCallback();
  });
  replace(bar, form);
}

/** Shows an error (an ApiError, an Error or a string) in #error; null clears it. */
export function showError(e) {
  const box = document.getElementById('error');
  if (!box) return;
  if (e === null) {
    replace(box);
    box.hidden = true;
    return;
  }
  const msg = e instanceof ApiError ? `${e.status || ''} ${e.code}: ${e.message}` : String(e && e.message ? e.message : e);
  replace(box, msg);
  box.hidden = false;
}
