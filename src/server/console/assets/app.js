// scim-harness console: one module, no dependencies.
// Every value from the server is untrusted: the DOM is built with textContent only (see el()).
// The token lives in sessionStorage (this tab) and travels as an Authorization header.

const TOKEN_KEY = 'scim-harness.console.token';
const TENANT_KEY = 'scim-harness.console.tenant';
const PAGE_SIZE = 20;
const CLIENTS = ['okta', 'entra', 'entra-validator', 'ping', 'rippling', 'onelogin', 'jumpcloud', 'unknown'];
const REASONS = { 200: 'OK', 201: 'Created', 204: 'No Content', 304: 'Not Modified', 400: 'Bad Request',
  401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found', 405: 'Method Not Allowed', 409: 'Conflict',
  412: 'Precondition Failed', 413: 'Payload Too Large', 429: 'Too Many Requests', 500: 'Internal Server Error',
  501: 'Not Implemented', 503: 'Service Unavailable' };

// `shown` counts mounted views, so a view that finished loading after the person moved on
// does not subscribe to live entries (see live()).
const state = { token: null, tenant: null, tenants: [], live: null, unmount: null, shown: 0 };
const bus = new EventTarget();

// ---- DOM helpers: text only ----
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'text') node.textContent = String(v);
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}
const $ = (sel) => document.querySelector(sel);
function table(caption, headers, rows, attrs) {
  return el('div', { class: 'scroll' }, el('table', attrs || {},
    caption ? el('caption', { text: caption }) : null,
    el('thead', {}, el('tr', {}, headers.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows)));
}
function facts(pairs) {
  return el('dl', { class: 'facts' }, pairs.flatMap(([k, v]) => [el('dt', { text: k }), el('dd', {}, v ?? '—')]));
}
function json(value) { return el('pre', { text: JSON.stringify(value, null, 2) }); }
function time(iso) { return iso ? String(iso).replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC') : '—'; }
function statusBadge(status) {
  const cls = status >= 500 ? 'err' : status >= 400 ? 'warn' : 'ok';
  const word = status >= 500 ? 'server error' : status >= 400 ? 'client error' : 'success';
  return el('span', { class: 'badge ' + cls, title: word, text: `${status} ${REASONS[status] || ''}`.trim() });
}
function say(text, kind) {
  const s = $('#status');
  s.className = kind || '';
  s.textContent = kind === 'error' ? 'Error: ' + text : text;
}

// ---- the two APIs ----
class ApiError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}
function headers(extra) {
  const h = Object.assign({}, extra);
  if (state.token) h.Authorization = 'Bearer ' + state.token;
  return h;
}
async function failure(res) {
  let message = `${res.status} ${REASONS[res.status] || res.statusText}`;
  try {
    const body = await res.json();
    message = body.error || body.detail || message;
  } catch (_) { /* not JSON */ }
  return new ApiError(res.status, message);
}
function adminUrl(path, query) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query || {})) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  if (state.tenant) q.set('tenant', state.tenant.name);
  const s = q.toString();
  return '/_admin' + path + (s ? '?' + s : '');
}
async function admin(path, { method = 'GET', query, body, raw } = {}) {
  const init = { method, headers: headers(body ? { 'Content-Type': 'application/json' } : {}) };
  if (body) init.body = JSON.stringify(body);
  const res = await fetch(adminUrl(path, query), init);
  if (!res.ok) throw await failure(res);
  if (raw) return res;
  return res.status === 204 ? null : res.json();
}
/** An admin call whose endpoint may not exist on this server: null on 404. */
async function optional(path, opts) {
  try { return await admin(path, opts); } catch (e) { if (e.status === 404) return null; throw e; }
}
function scimBase() { return state.tenant.root || state.tenant.path; }
async function scim(path, query) {
  const q = new URLSearchParams(query || {}).toString();
  const res = await fetch(scimBase() + path + (q ? '?' + q : ''), {
    // The header lets the journal tell the console's own reads from an IdP's requests.
    headers: headers({ Accept: 'application/scim+json', 'X-Scim-Harness-Console': '1' }),
  });
  if (!res.ok) {
    const e = await failure(res);
    if (e.status === 401) e.message = `the SCIM API of tenant ${state.tenant.name} refused the token (${e.message}); ` +
      'it needs that tenant\'s own token, not --admin-token';
    throw e;
  }
  return res.json();
}
function scimString(text) { return '"' + text.replace(/\\/g, '\\\\').replace(/"/g, '\\"') + '"'; }

// ---- live journal: Server-Sent Events read with fetch (EventSource cannot send a token) ----
function startLive() {
  stopLive();
  const ctl = new AbortController();
  state.live = ctl;
  const show = (text) => { $('#live').textContent = 'Live: ' + text; };
  const publish = (entry) => {
    if (typeof entry.id === 'number') lastId = Math.max(lastId ?? 0, entry.id);
    bus.dispatchEvent(new CustomEvent('entry', { detail: entry }));
  };
  let lastId = null;
  (async () => {
    let delay = 1000;
    while (!ctl.signal.aborted) {
      try {
        const res = await fetch(adminUrl('/requests/stream'), { headers: headers({ Accept: 'text/event-stream' }), signal: ctl.signal });
        if (!res.ok) throw await failure(res);
        show('connected');
        delay = 1000;
        if (lastId !== null) {
          // Back after a break: fetch what was missed (`since` is exclusive), oldest first.
          const missed = await admin('/requests', { query: { since: lastId, limit: 1000 } });
          missed.entries.slice().reverse().forEach(publish);
        }
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n?/g, '\n');
          let cut;
          while ((cut = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, cut);
            buf = buf.slice(cut + 2);
            let event = 'message';
            const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            }
            if ((event === 'entry' || event === 'message') && data.length) {
              let entry = null;
              try { entry = JSON.parse(data.join('\n')); } catch (_) { /* not an entry */ }
              if (entry) publish(entry);
            }
          }
        }
        show('reconnecting (stream ended)');
      } catch (e) {
        if (ctl.signal.aborted) return;
        show(e.status === 404 ? 'unavailable (no journal on this server)' : 'reconnecting (' + e.message + ')');
        delay = e.status === 404 ? 30000 : Math.min(delay * 2, 15000);
      }
      await new Promise((r) => setTimeout(r, delay));
    }
  })();
}
function stopLive() { if (state.live) state.live.abort(); state.live = null; }
/** Call fn on each live entry that changed data (never the console's own reads, so no loop), or on
 * `every` entry (for views that make no SCIM call), while a view is shown. */
function onChange(fn, every) {
  let timer = null;
  const listener = (ev) => {
    const e = ev.detail;
    if (!every && (e.method === 'GET' || e.status >= 400)) return;
    clearTimeout(timer);
    timer = setTimeout(fn, 250);
  };
  bus.addEventListener('entry', listener);
  return () => { clearTimeout(timer); bus.removeEventListener('entry', listener); };
}

// ---- sign-in and tenants ----
function signinView(message) {
  $('#nav').hidden = true;
  $('#session').hidden = true;
  const input = el('input', { id: 'token', name: 'token', type: 'password', autocomplete: 'off', spellcheck: 'false' });
  const form = el('form', { id: 'signin', onsubmit: (ev) => { ev.preventDefault(); signIn(input.value.trim()); } },
    el('label', { for: 'token' }, 'Token', input),
    el('button', { class: 'primary', type: 'submit', text: 'Sign in' }));
  mount(el('section', { class: 'signin' },
    el('h2', { text: 'Sign in' }),
    el('p', { text: 'The token of a tenant (serve\'s --token or --tenant NAME=TOKEN), or --admin-token. ' +
      'It stays in this tab\'s session storage and is sent only to this server. Leave it empty for a server started with --no-auth.' }),
    message ? el('p', { class: 'err', role: 'alert', text: message }) : null,
    form));
  input.focus();
}
async function signIn(token) {
  state.token = token;
  try {
    const list = await admin('/tenants');
    state.tenants = list.tenants || [];
  } catch (e) {
    sessionStorage.removeItem(TOKEN_KEY);
    state.token = null;
    signinView('Sign-in failed: ' + e.message);
    return;
  }
  sessionStorage.setItem(TOKEN_KEY, token);
  const wanted = sessionStorage.getItem(TENANT_KEY);
  state.tenant = state.tenants.find((t) => t.name === wanted) || state.tenants.find((t) => t.name === 'default') || state.tenants[0];
  $('#nav').hidden = false;
  $('#session').hidden = false;
  $('#tenant-name').textContent = 'Tenant: ' + state.tenant.name;
  startLive();
  if (!location.hash || location.hash === '#') location.hash = '#/users';
  else route();
}
function switchTenant(name) {
  const t = state.tenants.find((x) => x.name === name);
  if (!t) return;
  state.tenant = t;
  sessionStorage.setItem(TENANT_KEY, name);
  $('#tenant-name').textContent = 'Tenant: ' + name;
  say('Switched to tenant ' + name);
  startLive();
  route();
}
function signOut() {
  stopLive();
  sessionStorage.removeItem(TOKEN_KEY);
  sessionStorage.removeItem(TENANT_KEY);
  state.token = null;
  state.tenant = null;
  say('Signed out');
  history.replaceState(null, '', '#');
  signinView();
}

// ---- views and routing ----
function mount(node) {
  if (state.unmount) state.unmount();
  state.unmount = null;
  const view = $('#view');
  view.replaceChildren(node);
  state.shown += 1;
  return state.shown;
}
function route() {
  if (state.token === null) return signinView();
  const [path, qs] = location.hash.slice(1).split('?');
  const params = new URLSearchParams(qs || '');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.getAttribute('href') === '#/' + (parts[0] || '')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  const views = { users: parts[1] ? () => userDetail(parts[1]) : () => listView('Users', params),
    groups: parts[1] ? () => groupDetail(parts[1]) : () => listView('Groups', params),
    roles: rolesView, journal: parts[1] ? () => entryView(parts[1]) : () => journalView(params), controls: controlsView };
  const view = views[parts[0]] || views.users;
  view().catch((e) => { say(e.message, 'error'); });
}
function live(shown, fn, every) {
  if (shown !== state.shown) return;
  state.unmount = onChange(fn, every);
}

/** userId → effective role names, from /_admin/roles (null when the server has no role map). */
function rolesByUser(roles) {
  const map = new Map();
  if (!roles) return map;
  for (const r of roles.roles || []) for (const u of r.users || []) {
    if (!map.has(u.id)) map.set(u.id, []);
    map.get(u.id).push(r.role);
  }
  return map;
}
function rolesText(roles, byUser, id) {
  if (!roles) return '—';
  const held = byUser.get(id);
  if (held && held.length) return held.join(', ');
  return roles.default ? roles.default + ' (default)' : 'none';
}
function roleOfGroup(roles, name) {
  if (!roles) return '—';
  const r = (roles.roles || []).find((x) => (x.groups || []).includes(name));
  return r ? r.role : 'none';
}

// Users and Groups: a searchable, paged table.
async function listView(kind, params) {
  const q = params.get('q') || '';
  const page = Math.max(1, parseInt(params.get('page') || '1', 10) || 1);
  const search = el('input', { id: 'search', type: 'search', value: q, placeholder: kind === 'Users' ? 'userName, name or email' : 'displayName' });
  let debounce = null;
  const go = (value) => { location.hash = `#/${kind.toLowerCase()}` + (value ? '?q=' + encodeURIComponent(value) : ''); };
  search.addEventListener('input', () => { clearTimeout(debounce); debounce = setTimeout(() => go(search.value.trim()), 400); });
  const form = el('form', { class: 'bar', role: 'search', onsubmit: (ev) => { ev.preventDefault(); clearTimeout(debounce); go(search.value.trim()); } },
    el('label', { for: 'search' }, 'Search ' + kind.toLowerCase(), search), el('button', { type: 'submit', text: 'Search' }));
  const body = el('div', {}, el('p', { class: 'muted', text: 'Loading…' }));
  const shown = mount(el('section', {}, el('h2', { text: kind }), form, body));
  if (q) { search.focus(); search.setSelectionRange(q.length, q.length); }
  const load = async () => {
    const query = { startIndex: (page - 1) * PAGE_SIZE + 1, count: PAGE_SIZE, sortBy: kind === 'Users' ? 'userName' : 'displayName' };
    if (q) {
      const s = scimString(q);
      query.filter = kind === 'Users'
        ? `userName co ${s} or displayName co ${s} or name.formatted co ${s} or emails.value co ${s}`
        : `displayName co ${s}`;
    }
    const [list, roles] = await Promise.all([scim('/' + kind, query), optional('/roles')]);
    const byUser = rolesByUser(roles);
    const items = list.Resources || [];
    const rows = items.map((r) => kind === 'Users'
      ? el('tr', {},
        el('td', {}, el('a', { href: '#/users/' + encodeURIComponent(r.id), text: r.userName })),
        el('td', { text: (r.name && (r.name.formatted || [r.name.givenName, r.name.familyName].filter(Boolean).join(' '))) || r.displayName || '' }),
        el('td', {}, el('span', { class: 'badge ' + (r.active === false ? 'err' : 'ok'), text: r.active === false ? 'inactive' : 'active' })),
        el('td', { text: (r.groups || []).map((g) => g.display || g.value).join(', ') }),
        el('td', { text: rolesText(roles, byUser, r.id) }),
        el('td', { class: 'hide-narrow', text: time(r.meta && r.meta.lastModified) }))
      : el('tr', {},
        el('td', {}, el('a', { href: '#/groups/' + encodeURIComponent(r.id), text: r.displayName })),
        el('td', { text: (r.members || []).length }),
        el('td', { text: roleOfGroup(roles, r.displayName) }),
        el('td', { class: 'hide-narrow', text: time(r.meta && r.meta.lastModified) })));
    const total = list.totalResults ?? items.length;
    const first = total ? (page - 1) * PAGE_SIZE + 1 : 0;
    const last = (page - 1) * PAGE_SIZE + items.length;
    const link = (p) => `#/${kind.toLowerCase()}?` + new URLSearchParams(Object.assign(q ? { q } : {}, { page: p }));
    const pager = el('div', { class: 'pager' },
      el('button', { type: 'button', id: 'prev', disabled: page <= 1, onclick: () => { location.hash = link(page - 1); }, text: 'Previous' }),
      el('span', { id: 'range', text: `${kind} ${first}–${last} of ${total}` }),
      el('button', { type: 'button', id: 'next', disabled: last >= total, onclick: () => { location.hash = link(page + 1); }, text: 'Next' }));
    const headersRow = kind === 'Users' ? ['userName', 'Name', 'Active', 'Groups', 'Effective roles', 'Last modified']
      : ['displayName', 'Members', 'Mapped role', 'Last modified'];
    body.replaceChildren(
      items.length ? table(null, headersRow, rows, { id: kind.toLowerCase() + '-table' })
        : el('p', { id: 'empty', text: q ? `No ${kind.toLowerCase()} match “${q}”.` : `No ${kind.toLowerCase()} in tenant ${state.tenant.name}. Load the demo data or reset to the seed in Controls.` }),
      pager,
      ...(roles ? [] : [el('p', { class: 'muted', text: 'This server has no role map (/_admin/roles), so roles show as —.' })]));
    say(`${kind}: ${total} in tenant ${state.tenant.name}`);
  };
  await load();
  live(shown, load);
}

async function journalFor(resourcePath) {
  const paths = [state.tenant.root, state.tenant.path].filter(Boolean).map((b) => b + resourcePath);
  const lists = await Promise.all(paths.map((p) => optional('/requests', { query: { path: p, limit: 50 } })));
  if (lists.every((l) => l === null)) return null;
  return lists.flatMap((l) => (l ? l.entries : [])).sort((a, b) => b.id - a.id);
}
function entryRows(entries, withChanges) {
  return entries.map((e) => el('tr', {},
    el('td', {}, el('a', { href: '#/journal/' + e.id, text: time(e.time) })),
    el('td', { text: e.client_label || e.client || '' }),
    el('td', { text: e.operation || `${e.method} ${e.path}` }),
    el('td', {}, statusBadge(e.status)),
    withChanges ? el('td', {}, changesList(e.changes || [])) : null));
}
function journalSection(entries, withChanges) {
  if (entries === null) return el('p', { class: 'muted', text: 'This server keeps no journal (/_admin/requests).' });
  if (!entries.length) return el('p', { class: 'muted', text: 'No journal entries yet.' });
  return table(null, ['Time', 'Client', 'Operation', 'Status'].concat(withChanges ? ['Changes'] : []), entryRows(entries, withChanges), { id: 'resource-journal' });
}
function changesList(changes) {
  if (!changes.length) return el('span', { class: 'muted', text: 'no change' });
  return el('ul', { class: 'diff' }, changes.map((c) => el('li', {},
    `${c.resource} ${c.pointer}: `, el('del', { text: JSON.stringify(c.before) ?? 'absent' }), ' → ', el('ins', { text: JSON.stringify(c.after) ?? 'absent' }))));
}

async function userDetail(id) {
  const [user, roles, entries] = await Promise.all([
    scim('/Users/' + encodeURIComponent(id)), optional('/users/' + encodeURIComponent(id) + '/roles'), journalFor('/Users/' + id)]);
  const roleText = !roles ? '—' : (roles.roles || []).length === 0 ? 'none'
    : roles.roles.map((r) => {
      const via = (roles.via || []).filter((v) => v.role === r).map((v) => v.group);
      return via.length ? `${r} (via ${via.join(', ')})` : `${r} (default role)`;
    }).join('; ');
  mount(el('section', {},
    el('p', {}, el('a', { href: '#/users', text: '← Users' })),
    el('h2', { id: 'detail-title', text: user.userName }),
    el('div', { class: 'detail' },
      el('div', {}, facts([['id', user.id], ['Display name', user.displayName], ['Active', user.active === false ? 'inactive' : 'active'],
        ['Version', user.meta && user.meta.version], ['Created', time(user.meta && user.meta.created)],
        ['Last modified', time(user.meta && user.meta.lastModified)], ['Groups', (user.groups || []).map((g) => g.display || g.value).join(', ') || 'none'],
        ['Effective roles', roleText]]),
      el('h3', { text: 'Journal entries' }), journalSection(entries, true)),
      el('div', {}, el('h3', { text: 'Resource (JSON)' }), json(user)))));
  say(`User ${user.userName}`);
}

async function groupDetail(id) {
  const [group, roles, entries] = await Promise.all([scim('/Groups/' + encodeURIComponent(id)), optional('/roles'), journalFor('/Groups/' + id)]);
  const members = (group.members || []).map((m) => el('tr', {},
    el('td', {}, m.type === 'Group' ? el('span', { text: m.display || m.value }) : el('a', { href: '#/users/' + encodeURIComponent(m.value), text: m.display || m.value })),
    el('td', { text: m.type || 'User' }), el('td', { text: m.value })));
  mount(el('section', {},
    el('p', {}, el('a', { href: '#/groups', text: '← Groups' })),
    el('h2', { id: 'detail-title', text: group.displayName }),
    el('div', { class: 'detail' },
      el('div', {}, facts([['id', group.id], ['Mapped role', roleOfGroup(roles, group.displayName)], ['Version', group.meta && group.meta.version],
        ['Last modified', time(group.meta && group.meta.lastModified)], ['Members', (group.members || []).length]]),
      members.length ? table('Members', ['Member', 'Type', 'id'], members) : el('p', { text: 'No members.' }),
      el('h3', { text: 'Membership changes' }), journalSection(entries, true)),
      el('div', {}, el('h3', { text: 'Resource (JSON)' }), json(group)))));
  say(`Group ${group.displayName}`);
}

async function rolesView() {
  const body = el('div', {});
  const shown = mount(el('section', {}, el('h2', { text: 'Roles' }), body));
  const load = async () => {
    const roles = await optional('/roles');
    if (!roles) { body.replaceChildren(el('p', { text: 'This server has no role map (/_admin/roles).' })); return; }
    const rows = (roles.roles || []).map((r) => el('tr', {},
      el('td', { text: r.priority ?? '—' }), el('td', { text: r.role }), el('td', { text: (r.groups || []).join(', ') || '—' }),
      el('td', { text: (r.users || []).length }),
      el('td', {}, (r.users || []).flatMap((u, i) => [i ? ', ' : '', el('a', { href: '#/users/' + encodeURIComponent(u.id), text: u.userName })]))));
    body.replaceChildren(
      facts([['Mode', roles.mode], ['Default role', roles.default || 'none']]),
      rows.length ? table('Role map', ['Priority', 'Role', 'Groups', 'Holders', 'Who'], rows, { id: 'roles-table' }) : el('p', { text: 'No roles configured.' }));
    say(`Roles: ${(roles.roles || []).length} in tenant ${state.tenant.name} (live)`);
  };
  await load();
  live(shown, load);
}

// Journal: filters, live tail, expandable rows, exports.
function matches(e, f) {
  if (f.client && e.client !== f.client) return false;
  if (f.path && !String(e.path).startsWith(f.path)) return false;
  if (f.method && e.method !== f.method.toUpperCase()) return false;
  if (f.q && !String(e.operation || '').toLowerCase().includes(f.q.toLowerCase())) return false;
  if (f.status) {
    const s = String(e.status);
    if (/^[1-5]xx$/i.test(f.status) ? s[0] !== f.status[0] : s !== f.status) return false;
  }
  return true;
}
function journalRow(e, fresh) {
  const toggle = el('button', { type: 'button', class: 'expand', 'aria-expanded': 'false', 'data-id': e.id, text: 'Details' });
  const row = el('tr', { class: fresh ? 'new' : null, 'data-id': e.id },
    el('td', { class: 'hide-narrow', text: time(e.time) }),
    el('td', { class: 'client', text: e.client_label || e.client }),
    el('td', {}, el('div', { class: 'operation', text: e.operation || '' }), el('div', { class: 'muted', text: `${e.method} ${e.path}${e.query ? '?' + e.query : ''}` })),
    el('td', { class: 'status' }, statusBadge(e.status)),
    el('td', { class: 'hide-narrow', text: e.duration_ms != null ? `${Number(e.duration_ms).toFixed(1)} ms` : '' }),
    el('td', { text: (e.tolerances || []).join(', ') || '—' }),
    el('td', { class: 'fault', text: e.fault || '—' }),
    el('td', {}, toggle));
  let open = null;
  toggle.addEventListener('click', async () => {
    if (open) { open.remove(); open = null; toggle.setAttribute('aria-expanded', 'false'); return; }
    toggle.setAttribute('aria-expanded', 'true');
    open = el('tr', { class: 'expanded' }, el('td', { colspan: 8, text: 'Loading…' }));
    row.after(open);
    try {
      const full = await admin('/requests/' + e.id);
      open.firstChild.replaceChildren(entryDetail(full));
    } catch (err) { open.firstChild.textContent = 'Error: ' + err.message; }
  });
  return row;
}
function body(text) {
  if (text === undefined || text === null || text === '') return el('p', { class: 'muted', text: 'no body' });
  try { return json(JSON.parse(text)); } catch (_) { return el('pre', { text }); }
}
function headerTable(list) {
  return table(null, ['Header', 'Value'], (list || []).map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { text: v }))));
}
function entryDetail(e) {
  return el('div', { class: 'detail entry' },
    el('div', {}, facts([['Entry', e.id], ['Time', time(e.time)], ['Tenant', e.tenant], ['Client', e.client_label || e.client],
      ['Operation', e.operation], ['Status', statusBadge(e.status)], ['Duration', e.duration_ms != null ? e.duration_ms + ' ms' : '—'],
      ['Tolerances', (e.tolerances || []).join(', ') || 'none'], ['Fault', e.fault || 'none'], ['Notes', (e.notes || []).join('; ') || 'none']]),
    el('h3', { text: 'Changes (before → after)' }), changesList(e.changes || [])),
    el('div', {}, el('h3', { text: `Request: ${e.method} ${e.path}${e.query ? '?' + e.query : ''}` }),
      headerTable(e.request && e.request.headers), body(e.request && e.request.body)),
    el('div', {}, el('h3', { text: `Response: ${e.status}` }), headerTable(e.response && e.response.headers), body(e.response && e.response.body)));
}
async function entryView(id) {
  const e = await admin('/requests/' + encodeURIComponent(id));
  mount(el('section', {}, el('p', {}, el('a', { href: '#/journal', text: '← Journal' })),
    el('h2', { id: 'detail-title', text: e.operation || `${e.method} ${e.path}` }), entryDetail(e)));
  say(`Journal entry ${e.id}`);
}
async function download(path, query, name) {
  const res = await admin(path, { query, raw: true });
  const url = URL.createObjectURL(await res.blob());
  const a = el('a', { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  say('Exported ' + name);
}
async function journalView(params) {
  const f = { client: params.get('client') || '', status: params.get('status') || '', path: params.get('path') || '',
    method: params.get('method') || '', q: params.get('q') || '' };
  const own = params.get('own') === '1';
  const input = (name, label, placeholder) => el('label', { for: 'f-' + name }, label, el('input', { id: 'f-' + name, name, value: f[name], placeholder }));
  const client = el('select', { id: 'f-client', name: 'client' }, el('option', { value: '', text: 'any' }),
    CLIENTS.map((c) => el('option', { value: c, selected: c === f.client, text: c })));
  const ownBox = el('input', { id: 'f-own', type: 'checkbox', checked: own });
  const form = el('form', { class: 'bar', id: 'journal-filters', onsubmit: (ev) => {
    ev.preventDefault();
    const q = new URLSearchParams();
    for (const x of form.querySelectorAll('input[name], select[name]')) if (x.value.trim()) q.set(x.name, x.value.trim());
    if (ownBox.checked) q.set('own', '1');
    location.hash = '#/journal?' + q;
  } },
  el('label', { for: 'f-client' }, 'Client', client), input('status', 'Status', '4xx or 404'), input('method', 'Method', 'PATCH'),
  input('path', 'Path prefix', '/scim/v2/Users'), input('q', 'Operation text', 'deactivate'),
  el('label', { for: 'f-own' }, 'Console\'s own reads', ownBox),
  el('button', { type: 'submit', text: 'Filter' }),
  el('button', { type: 'button', text: 'Clear filters', onclick: () => { location.hash = '#/journal'; } }));
  const tbody = el('tbody', { id: 'journal-rows' });
  const count = el('p', { id: 'journal-count', class: 'muted' });
  let total = 0;
  const query = Object.assign({}, f, { limit: 200 });
  const tools = el('div', { class: 'bar' },
    el('button', { type: 'button', id: 'export-har', text: 'Export HAR', onclick: () => download('/requests/har', query, `journal-${state.tenant.name}.har`).catch((e) => say(e.message, 'error')) }),
    el('button', { type: 'button', id: 'export-feature', text: 'Export feature', onclick: () => download('/requests/feature', query, `journal-${state.tenant.name}.feature`).catch((e) => say(e.message, 'error')) }),
    el('button', { type: 'button', id: 'clear-journal', class: 'danger', text: 'Clear journal', onclick: async () => {
      try { await admin('/requests', { method: 'DELETE' }); tbody.replaceChildren(); total = 0; count.textContent = '0 entries'; say('Journal cleared'); } catch (e) { say(e.message, 'error'); }
    } }));
  mount(el('section', {}, el('h2', { text: 'Journal' }), form, tools, count,
    el('div', { class: 'scroll' }, el('table', { id: 'journal-table' },
      el('thead', {}, el('tr', {}, ['Time', 'Client', 'Operation', 'Status', 'Duration', 'Tolerances', 'Fault', ''].map((h) => el('th', { scope: 'col', text: h })))),
      tbody))));
  const isOwn = (e) => e.client === 'console';
  // Subscribe before listing, so an entry that arrives meanwhile is not lost (rows dedupe by id).
  let list = null;
  const early = [];
  const add = (e) => {
    if (!matches(e, f) || (!own && isOwn(e)) || tbody.querySelector(`tr[data-id="${Number(e.id)}"]`)) return;
    tbody.prepend(journalRow(e, true));
    total += 1;
    showCount();
  };
  const listener = (ev) => { if (list) add(ev.detail); else early.push(ev.detail); };
  bus.addEventListener('entry', listener);
  state.unmount = () => bus.removeEventListener('entry', listener);
  const showCount = () => { count.textContent = `${total} ${total === 1 ? 'entry' : 'entries'}${list.total > list.entries.length ? ` (newest ${list.entries.length} of ${list.total} loaded)` : ''} · new entries appear live`; };
  list = await optional('/requests', { query });
  if (list === null) { count.textContent = 'This server keeps no journal (/_admin/requests).'; return; }
  const visible = list.entries.filter((e) => own || !isOwn(e));
  tbody.replaceChildren(...visible.map((e) => journalRow(e, false)));
  total = visible.length;
  showCount();
  say(`Journal of tenant ${state.tenant.name}`);
  early.filter((e) => !list.entries.some((x) => x.id === e.id)).forEach(add);
}

// Controls: data, fault rules, tenant.
function describe(obj) { return obj ? Object.entries(obj).map(([k, v]) => `${k}=${Array.isArray(v) ? v.join('–') : v}`).join(' ') : '—'; }
async function controlsView() {
  const result = el('p', { id: 'control-result', role: 'status' });
  const act = (label, fn) => async () => {
    try { result.textContent = label + '…'; const r = await fn(); result.textContent = `${label}: done` + (r && r.users !== undefined ? ` (${r.users} users, ${r.groups} groups)` : ''); say(result.textContent); } catch (e) { result.textContent = `${label}: failed: ${e.message}`; say(e.message, 'error'); }
  };
  const demoCount = el('input', { id: 'demo-users', type: 'number', min: 1, max: 10000, value: 50 });
  const tenantSelect = el('select', {}, state.tenants.map((t) => el('option', { value: t.name, selected: t.name === state.tenant.name, text: `${t.name} (${t.users} users, ${t.groups} groups)` })));
  const faultRows = el('tbody', { id: 'fault-rows' });
  const faultNote = el('p', { class: 'muted' });
  const loadFaults = async () => {
    const list = await optional('/faults');
    if (!list) { faultNote.textContent = 'This server has no fault rules (/_admin/faults).'; return; }
    faultNote.textContent = list.faults.length ? '' : 'No fault rules: every request is answered normally.';
    faultRows.replaceChildren(...list.faults.map((r) => el('tr', { 'data-id': r.id },
      el('td', { text: r.id }), el('td', { text: describe(r.match) }), el('td', { text: describe(r.action) }), el('td', { text: describe(r.fire) }),
      el('td', { class: 'fired', text: r.fired ?? 0 }),
      el('td', {}, el('button', { type: 'button', class: 'danger', 'aria-label': 'Remove fault rule ' + r.id, text: 'Remove',
        onclick: act('Remove fault ' + r.id, async () => { await admin('/faults/' + encodeURIComponent(r.id), { method: 'DELETE' }); await loadFaults(); }) })))));
  };
  const field = (id, label, node) => { node.id = id; return el('label', { for: id }, label, node); };
  const fm = el('select', {}, ['', 'GET', 'POST', 'PUT', 'PATCH', 'DELETE'].map((m) => el('option', { value: m, text: m || 'any' })));
  const fpath = el('input', { placeholder: '^/scim/v2/Users' });
  const fclient = el('select', {}, ['', ...CLIENTS].map((c) => el('option', { value: c, text: c || 'any' })));
  const fkind = el('select', {}, [['status', 'HTTP status'], ['retry', '429 + Retry-After'], ['latency', 'Latency (ms)'], ['hang', 'Hang (s)'],
    ['reset', 'Reset connection'], ['uniqueness', 'SCIM uniqueness'], ['stale-version', 'SCIM stale version'], ['invalid-filter', 'SCIM invalid filter']]
    .map(([v, t]) => el('option', { value: v, text: t })));
  const fvalue = el('input', { value: '503', placeholder: '503 · 2 · 200 or 200-800 · 5' });
  const ffire = el('select', {}, [['always', 'always'], ['probability', 'with probability'], ['first', 'first N'], ['next', 'next N'], ['every', 'every Nth']]
    .map(([v, t]) => el('option', { value: v, text: t })));
  const fn = el('input', { placeholder: '0.5 or 3' });
  const addFault = act('Add fault rule', async () => {
    const match = {};
    if (fm.value) match.method = fm.value;
    if (fpath.value.trim()) match.path = fpath.value.trim();
    if (fclient.value) match.client = fclient.value;
    const v = fvalue.value.trim();
    const num = (x) => { const n = Number(x); if (!Number.isFinite(n)) throw new Error(`“${x}” is not a number`); return n; };
    const action = { status: () => ({ status: num(v) }), retry: () => ({ status: 429, retry_after: num(v || '1') }),
      latency: () => (v.includes('-') ? { latency_ms: v.split('-').map(num) } : { latency_ms: num(v) }), hang: () => ({ hang_s: num(v) }),
      reset: () => ({ reset: true }) }[fkind.value];
    const fire = ffire.value === 'always' ? { always: true } : { [ffire.value]: num(fn.value.trim()) };
    await admin('/faults', { method: 'POST', body: { match, action: action ? action() : { scim: fkind.value }, fire } });
    await loadFaults();
  });
  const shown = mount(el('section', {}, el('h2', { text: 'Controls' }),
    el('section', {}, el('h3', { text: 'Tenant' }), el('div', { class: 'bar' }, field('tenant-select', 'Tenant', tenantSelect),
      el('button', { type: 'button', id: 'switch-tenant', text: 'Switch', onclick: () => switchTenant(tenantSelect.value) }))),
    el('section', {}, el('h3', { text: 'Data' }), el('div', { class: 'bar' },
      el('button', { type: 'button', id: 'reset-seed', text: 'Reset to seed', onclick: act('Reset to seed', () => admin('/reset', { method: 'POST' })) }),
      el('button', { type: 'button', id: 'reset-empty', class: 'danger', text: 'Reset to empty', onclick: act('Reset to empty', () => admin('/reset', { method: 'POST', query: { empty: 'true' } })) }),
      el('label', { for: 'demo-users' }, 'Demo users', demoCount),
      el('button', { type: 'button', id: 'load-demo', text: 'Load demo data', onclick: act('Load demo data', () => admin('/demo', { method: 'POST', query: { users: demoCount.value } })) })),
    result),
    el('section', {}, el('h3', { text: 'Fault rules' }),
      el('form', { class: 'bar', id: 'fault-form', onsubmit: (ev) => { ev.preventDefault(); addFault(); } },
        field('fault-method', 'Method', fm), field('fault-path', 'Path (regex)', fpath), field('fault-client', 'Client', fclient),
        field('fault-action', 'Action', fkind), field('fault-value', 'Value', fvalue), field('fault-fire', 'Fire', ffire), field('fault-n', 'N / p', fn),
        el('button', { type: 'submit', class: 'primary', text: 'Add rule' })),
      el('div', { class: 'scroll' }, el('table', { id: 'faults-table' },
        el('thead', {}, el('tr', {}, ['id', 'Match', 'Action', 'Fire', 'Fired', ''].map((h) => el('th', { scope: 'col', text: h })))), faultRows)),
      faultNote,
      el('button', { type: 'button', id: 'remove-faults', class: 'danger', text: 'Remove all fault rules',
        onclick: act('Remove all fault rules', async () => { await admin('/faults', { method: 'DELETE' }); await loadFaults(); }) }))));
  say('Controls of tenant ' + state.tenant.name);
  await loadFaults();
  // A faulted request is a 4xx/5xx: fired counts move on every entry.
  live(shown, loadFaults, true);
}

// ---- start ----
$('#signout').addEventListener('click', signOut);
window.addEventListener('hashchange', route);
document.addEventListener('keydown', (ev) => {
  // "/" jumps to the view's search or filter field, as in many consoles.
  if (ev.key === '/' && !['INPUT', 'SELECT', 'TEXTAREA'].includes(document.activeElement.tagName)) {
    const f = $('#search') || $('#f-q');
    if (f) { ev.preventDefault(); f.focus(); }
  }
});
const saved = sessionStorage.getItem(TOKEN_KEY);
if (saved !== null) signIn(saved); else signinView();
