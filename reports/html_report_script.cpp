#include "html_report_assets.h"

namespace usersync {

// The page's only script. It builds every element from data with textContent (never innerHTML),
// so a value can only ever be shown, not run. It renders one page of rows at a time and builds the
// search text on the first search, so a report of 100,000 users opens in a few seconds.
std::string_view html_report_script() {
  return R"js(
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const meta = JSON.parse($('report-meta').textContent);
  const users = JSON.parse($('users').textContent);
  const PAGE = 100;
  const CHANGED = '!unchanged';
  // A fixed locale: the page reads the same in every browser.
  const fmt = (n) => n.toLocaleString('en-US');

  /** An element with attributes and children; strings become text nodes. */
  function el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v);
    }
    for (const k of kids) if (k !== null && k !== undefined && k !== false) e.append(k);
    return e;
  }
  const badge = (action) => el('span', {class: 'badge a-' + action}, action);
  const chip = (text) => el('span', {class: 'chip'}, text);
  const shown = (v) => v === null || v === undefined ? el('span', {class: 'none'}, '—') : String(v);
  const person = (u) => {
    const s = u.after || u.before || {};
    return s.display_name || s.email || '';
  };

  // --- filters -------------------------------------------------------------------------------
  const search = $('search'), actionSel = $('action-filter'), reasonSel = $('reason-filter');
  const tbody = document.querySelector('#user-table tbody');
  const actionCount = new Map(), reasonCount = new Map();
  for (const u of users) {
    actionCount.set(u.action, (actionCount.get(u.action) || 0) + 1);
    for (const r of new Set(u.reasons || [])) reasonCount.set(r, (reasonCount.get(r) || 0) + 1);
  }
  const changedCount = users.length - (actionCount.get('unchanged') || 0);
  actionSel.append(el('option', {value: CHANGED}, `changed: all but unchanged (${fmt(changedCount)})`),
                   el('option', {value: ''}, `all actions (${fmt(users.length)})`));
  const known = meta.actions.filter((a) => actionCount.has(a));
  const other = [...actionCount.keys()].filter((a) => !meta.actions.includes(a)).sort();
  for (const a of known.concat(other)) actionSel.append(el('option', {value: a}, `${a} (${fmt(actionCount.get(a))})`));
  for (const r of [...reasonCount.keys()].sort())
    reasonSel.append(el('option', {value: r}, `${r} (${fmt(reasonCount.get(r))})`));
  // Unchanged users are usually most of a run: the table opens on the ones that change.
  actionSel.value = changedCount > 0 ? CHANGED : '';

  let hay = null;
  /** Per user, the lower-cased text a search looks in: username, every attribute value, source ids. */
  function haystack() {
    if (hay) return hay;
    hay = new Array(users.length);
    for (let i = 0; i < users.length; i++) {
      const u = users[i], parts = [u.username];
      for (const s of [u.before, u.after, u.sources])
        if (s) for (const k in s) if (typeof s[k] === 'string') parts.push(s[k]);
      hay[i] = parts.join('\n').toLowerCase();
    }
    return hay;
  }

  let view = [], page = 0;
  function applyFilters() {
    const q = search.value.trim().toLowerCase(), a = actionSel.value, r = reasonSel.value;
    const h = q ? haystack() : null;
    view = [];
    let elsewhere = 0;
    for (let i = 0; i < users.length; i++) {
      const u = users[i];
      if (h && !h[i].includes(q)) continue;
      if (r && !(u.reasons || []).includes(r)) continue;
      if (a === '' || (a === CHANGED ? u.action !== 'unchanged' : u.action === a)) view.push(i);
      else ++elsewhere;
    }
    page = 0;
    render(elsewhere);
    // For whoever measures the page (the browser test prints it): when the last filter was done.
    performance.mark('users-filtered');
  }

  // --- the table -------------------------------------------------------------------------------
  /** A short line of what changes: renames, attributes, groups, the first error. */
  function whatChanges(u) {
    const out = [];
    const sep = () => { if (out.length) out.push(' · '); };
    if (u.errors && u.errors.length) out.push(el('span', {class: 'err'}, u.errors[0]));
    const changes = u.changes || [];
    if (!u.before && u.after) {
      sep();
      out.push(`new account, ${changes.length} attribute${changes.length === 1 ? '' : 's'}`);
    } else {
      const rename = changes.find((c) => c.attribute === 'username');
      if (rename) { sep(); out.push(`renamed from ${rename.from}`); }
      const names = changes.map((c) => c.attribute).filter((n) => n !== 'username' && n !== 'active');
      if (names.length) {
        sep();
        out.push(names.slice(0, 4).join(', ') + (names.length > 4 ? ` +${names.length - 4} more` : ''));
      }
      const active = changes.find((c) => c.attribute === 'active');
      if (active && !names.length && !rename) { sep(); out.push(`active: ${active.from} → ${active.to}`); }
    }
    const g = u.groups || {};
    const moves = [...(g.added || []).map((n) => ['add', '+' + n]), ...(g.removed || []).map((n) => ['rem', '−' + n])];
    if (moves.length) {
      sep();
      moves.slice(0, 4).forEach(([cls, text], k) => { if (k) out.push(' '); out.push(el('span', {class: cls}, text)); });
      if (moves.length > 4) out.push(` +${moves.length - 4} more groups`);
    }
    if (!out.length) out.push(el('span', {class: 'none'}, '—'));
    return out;
  }

  function row(i) {
    const u = users[i], who = person(u);
    return el('tr', {'data-index': i, 'data-username': u.username},
      el('td', null, el('button', {type: 'button', class: 'user-link'}, u.username), who ? el('div', {class: 'sub'}, who) : null),
      el('td', {'data-action': u.action}, badge(u.action)),
      el('td', null, ...(u.reasons || []).map(chip)),
      el('td', {class: 'what'}, ...whatChanges(u)));
  }

  const count = $('count'), elsewhereBox = $('elsewhere'), pageInfo = $('page-info');
  function render(elsewhere) {
    const pages = Math.max(1, Math.ceil(view.length / PAGE));
    page = Math.min(Math.max(page, 0), pages - 1);
    const start = page * PAGE, end = Math.min(view.length, start + PAGE);
    const rows = document.createDocumentFragment();
    for (let k = start; k < end; k++) rows.append(row(view[k]));
    tbody.replaceChildren(rows);
    count.textContent = view.length
      ? `Showing ${fmt(start + 1)}–${fmt(end)} of ${fmt(view.length)} user${view.length === 1 ? '' : 's'}`
      : 'No user matches these filters.';
    count.dataset.total = view.length;
    if (elsewhere !== undefined) {
      elsewhereBox.replaceChildren();
      if (elsewhere > 0 && actionSel.value !== '') {
        const all = el('button', {type: 'button'}, 'show all actions');
        all.addEventListener('click', () => { actionSel.value = ''; applyFilters(); });
        elsewhereBox.append(`${fmt(elsewhere)} more with other actions`, all);
      }
    }
    pageInfo.textContent = `Page ${fmt(page + 1)} of ${fmt(pages)}`;
    $('page-first').disabled = $('page-prev').disabled = page === 0;
    $('page-next').disabled = $('page-last').disabled = page >= pages - 1;
  }
  const go = (p) => { page = p; render(); document.getElementById('users-panel').scrollIntoView({block: 'start'}); };
  $('page-first').addEventListener('click', () => go(0));
  $('page-prev').addEventListener('click', () => go(page - 1));
  $('page-next').addEventListener('click', () => go(page + 1));
  $('page-last').addEventListener('click', () => go(Infinity));

  let timer = 0;
  // Large reports wait for a pause in typing; small ones filter on every key.
  const delay = users.length > 20000 ? 200 : 0;
  search.addEventListener('input', () => { clearTimeout(timer); timer = setTimeout(applyFilters, delay); });
  actionSel.addEventListener('change', applyFilters);
  reasonSel.addEventListener('change', applyFilters);
  tbody.addEventListener('click', (e) => {
    const tr = e.target.closest('tr[data-index]');
    if (tr) openUser(Number(tr.dataset.index));
  });

  // --- the detail view -------------------------------------------------------------------------
  const dialog = $('detail'), body = $('detail-body');
  let current = -1, outcomesByUser = null;

  function compareTable(u) {
    const b = u.before, a = u.after;
    const keys = new Set();
    for (const s of [b, a]) if (s) for (const k of Object.keys(s)) if (k !== 'username' && k !== 'active') keys.add(k);
    const order = ['username', ...[...keys].sort(), 'active'];
    const corrected = new Map((u.changes || []).filter((c) => c.correction).map((c) => [c.attribute, c.correction]));
    const rows = order.map((k) => {
      const bv = b ? b[k] : undefined, av = a ? a[k] : undefined;
      const changed = !!(b && a) && String(bv ?? '') !== String(av ?? '');
      const head = el('th', {scope: 'row'}, k);
      if (changed) head.append(el('span', {class: 'mark'}, 'changed'));
      if (corrected.has(k)) head.append(el('span', {class: 'mark corr'}, `correction #${corrected.get(k)}`));
      return el('tr', {'data-attr': k, class: changed ? 'changed' : null},
        head, el('td', {class: 'before'}, b ? shown(bv) : ''), el('td', {class: 'after'}, a ? shown(av) : ''));
    });
    return el('table', {class: 'grid compare'},
      el('colgroup', null, el('col', {class: 'attr'}), el('col'), el('col')),
      el('thead', null, el('tr', null, el('th', {scope: 'col'}, 'Attribute'),
        el('th', {scope: 'col'}, b ? 'Before' : 'Before (no account)'),
        el('th', {scope: 'col'}, a ? 'After' : 'After (no account)'))),
      el('tbody', null, ...rows));
  }

  function groupsPart(u) {
    const g = u.groups || {}, fixes = g.corrections || {};
    const list = (names, cls, sign) => names.length
      ? names.map((n) => el('span', {class: 'chip'}, sign ? el('span', {class: cls}, sign) : null, el('span', {class: 'g'}, n),
                            fixes[n] ? ` (correction #${fixes[n]})` : ''))
      : [el('span', {class: 'none'}, 'none')];
    return el('dl', {class: 'kv', id: 'detail-groups'},
      el('dt', null, 'Added'), el('dd', {'data-groups': 'added'}, ...list(g.added || [], 'add', '+')),
      el('dt', null, 'Removed'), el('dd', {'data-groups': 'removed'}, ...list(g.removed || [], 'rem', '−')),
      el('dt', null, 'Member of'), el('dd', {'data-groups': 'member_of'}, ...list(g.member_of || [], '', '')));
  }

  function kvList(obj) {
    const keys = Object.keys(obj || {});
    if (!keys.length) return el('span', {class: 'none'}, 'nothing compared');
    return el('dl', {class: 'kv'}, ...keys.flatMap((k) => [el('dt', null, k), el('dd', null, shown(obj[k]))]));
  }

  function grid(head, rows) {
    return el('div', {class: 'table-scroll'}, el('table', {class: 'grid'},
      el('thead', null, el('tr', null, ...head.map((h) => el('th', {scope: 'col'}, h)))),
      el('tbody', null, ...rows.map((r) => el('tr', null, ...r.map((v) => el('td', null, shown(v))))))));
  }

  function detail(u) {
    const f = document.createDocumentFragment();
    f.append(el('h2', {id: 'detail-title'}, u.username, ' ', badge(u.action)));
    const who = person(u);
    if (who) f.append(el('p', {class: 'sub'}, who));
    const sources = Object.entries(u.sources || {});
    f.append(el('dl', {class: 'kv'},
      el('dt', null, 'Reasons'), el('dd', null, ...((u.reasons || []).length ? u.reasons.map(chip) : [el('span', {class: 'none'}, 'none')])),
      el('dt', null, 'Sources'), el('dd', null, sources.length ? sources.map(([s, id]) => `${s}: ${id}`).join(', ') : el('span', {class: 'none'}, 'in no source'))));
    if (u.errors && u.errors.length) {
      f.append(el('h3', null, 'Errors'), el('ul', {class: 'errors'}, ...u.errors.map((e) => el('li', null, e))));
    }
    f.append(el('h3', null, 'Before and after'), compareTable(u));
    f.append(el('h3', null, 'Groups'), groupsPart(u));
    if (u.policies && u.policies.length) {
      f.append(el('h3', null, 'Policy decisions'), ...u.policies.map((p) =>
        el('div', {class: 'policy'}, el('strong', null, p.policy), ': ', chip(p.reason), kvList(p.compared))));
    }
    if (u.corrections && u.corrections.length) {
      f.append(el('h3', null, 'Manual corrections'), grid(['#', 'Kind', 'Attribute', 'State', 'Value', 'Baseline', 'Source now'],
        u.corrections.map((c) => [c.id, c.kind, c.attribute, c.state, c.value, c.baseline, c.source_now])));
    }
    if (!outcomesByUser) {
      outcomesByUser = new Map();
      for (const [name, kind, target, outcome] of meta.outcomes || []) {
        if (!outcomesByUser.has(name)) outcomesByUser.set(name, []);
        outcomesByUser.get(name).push([kind, target, outcome]);
      }
    }
    const outcomes = outcomesByUser.get(u.username);
    if (outcomes) f.append(el('h3', null, 'Changes not carried out'), grid(['Change', 'Attribute or group', 'Outcome'], outcomes));
    f.append(el('details', null, el('summary', null, 'The users.jsonl line'), el('pre', {class: 'raw'}, JSON.stringify(u, null, 2))));
    return f;
  }

  function setHash(hash) {
    // Lets a link name a user (report.html#user=jdoe); some browsers refuse this on file: pages.
    try { history.replaceState(null, '', hash || location.pathname + location.search); } catch (e) { /* keep the page */ }
  }

  function openUser(i) {
    if (i < 0 || i >= users.length) return;
    current = i;
    body.replaceChildren(detail(users[i]));
    const pos = view.indexOf(i);
    $('detail-pos').textContent = pos >= 0 ? `User ${fmt(pos + 1)} of ${fmt(view.length)} listed` : '';
    $('detail-prev').disabled = pos <= 0;
    $('detail-next').disabled = pos < 0 || pos >= view.length - 1;
    if (!dialog.open) dialog.showModal();
    dialog.scrollTop = 0;
    setHash('#user=' + encodeURIComponent(users[i].username));
  }
  const step = (d) => { const pos = view.indexOf(current); if (pos >= 0 && pos + d >= 0 && pos + d < view.length) openUser(view[pos + d]); };
  $('detail-prev').addEventListener('click', () => step(-1));
  $('detail-next').addEventListener('click', () => step(1));
  $('detail-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => setHash(''));
  // A click on the backdrop closes the dialog; clicks inside it land on its children.
  dialog.addEventListener('click', (e) => { if (e.target === dialog) dialog.close(); });

  applyFilters();
  performance.mark('users-table-rendered');
  document.getElementById('users-panel').dataset.ready = 'true';
  // The search text of a large report takes a moment to build: do it before the first search.
  (window.requestIdleCallback || setTimeout)(() => haystack());
  if (location.hash.startsWith('#user=')) {
    const name = decodeURIComponent(location.hash.slice(6));
    openUser(users.findIndex((u) => u.username === name));
  }
})();
)js";
}

}  // namespace usersync
