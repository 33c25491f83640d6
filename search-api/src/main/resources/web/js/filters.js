// The search filters, shared by the search, stats and subscription pages. Names are the API's query parameters.
import { el, PLATFORMS, REASONS } from './dom.js';

export const FILTER_NAMES = ['q', 'platform', 'author', 'status', 'type', 'reason', 'minProbability', 'from', 'to'];
const MULTI = new Set(['status', 'type']);

/**
 * Appends the filter inputs to container. statuses: the post status checkboxes to offer (posts, stats); types: the
 * event type checkboxes instead (subscriptions match events, whose filter is "type", not "status").
 */
export function filterFields(container, { statuses = ['removed', 'altered', 'restored'], types = null } = {}) {
  const field = (label, input) => el('label', { class: 'field' }, el('span', {}, label), input);
  container.append(
    field('Text', el('input', { type: 'search', name: 'q', id: 'f-q', placeholder: 'words, "a phrase", -exclude', maxlength: '500' })),
    field('Platform', el('select', { name: 'platform', id: 'f-platform' },
      el('option', { value: '' }, 'any'), PLATFORMS.map((p) => el('option', { value: p }, p)))),
    field('Author', el('input', { type: 'text', name: 'author', id: 'f-author', maxlength: '200' })),
    field('Reason', el('select', { name: 'reason', id: 'f-reason' },
      el('option', { value: '' }, 'any'), REASONS.map((r) => el('option', { value: r }, r)))),
    field('Min. probability', el('input', { type: 'number', name: 'minProbability', id: 'f-minProbability', min: '0', max: '1', step: '0.05' })),
    field('From', el('input', { type: 'date', name: 'from', id: 'f-from' })),
    field('To', el('input', { type: 'date', name: 'to', id: 'f-to' })),
    types ? el('fieldset', { class: 'statuses' }, el('legend', {}, 'Event'),
      types.map((t) => el('label', { class: 'check' },
        el('input', { type: 'checkbox', name: 'type', value: t, id: 'f-type-' + t }), ' ' + t)))
      : el('fieldset', { class: 'statuses' }, el('legend', {}, 'Status'),
        statuses.map((s) => el('label', { class: 'check' },
          el('input', { type: 'checkbox', name: 'status', value: s, id: 'f-status-' + s }), ' ' + s))),
  );
}

/** The filters in form as URLSearchParams (empty values left out; several statuses repeat the parameter). */
export function readFilters(form) {
  const p = new URLSearchParams();
  const data = new FormData(form);
  for (const name of FILTER_NAMES) {
    for (const v of data.getAll(name)) {
      const s = String(v).trim();
      if (s !== '') p.append(name, s);
    }
  }
  return p;
}

/** Fills form from params (e.g. the page URL), ignoring names it does not know. */
export function writeFilters(form, params) {
  for (const name of FILTER_NAMES) {
    const values = params.getAll(name);
    if (MULTI.has(name)) {
      const set = new Set(values.flatMap((v) => v.split(',')));
      for (const box of form.querySelectorAll(`input[name="${name}"]`)) box.checked = set.has(box.value);
    } else {
      const input = form.elements.namedItem(name);
      if (input && 'value' in input) input.value = values[0] ?? '';
    }
  }
}

/** The filters as the JSON query of a subscription: a string per name, an array when repeated. */
export function filtersAsQuery(params) {
  const q = {};
  for (const name of new Set(params.keys())) {
    const v = params.getAll(name);
    q[name] = v.length === 1 ? v[0] : v;
  }
  return q;
}
