/*
 * dkgw admin console: a single page on the admin port that reads and changes everything through /api (cookie
 * session, role checks on the server). Plain DOM building only: API data always goes in as text nodes or
 * attributes, never as HTML. Served with a strict Content-Security-Policy, so no inline script or style.
 */
'use strict';

(function () {
  const ROLES = ['viewer', 'operator', 'admin'];
  const state = { me: null, nextCursor: null, query: null, refreshTimer: null };

  // ---------- DOM helpers ----------

  const $ = (id) => document.getElementById(id);

  /** el('td', {className: 'x'}, 'text', child...): text children become text nodes, never HTML. */
  function el(tag, attrs, ...children) {
    const svg = tag.startsWith('svg:');
    const node = svg ? document.createElementNS('http://www.w3.org/2000/svg', tag.substring(4))
      : document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'className') node.setAttribute('class', value);
      else if (key === 'onclick') node.addEventListener('click', value);
      else if (key === 'text') node.textContent = value;
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
    return node;
  }

  function show(node, ...children) {
    clear(node);
    children.flat(Infinity).forEach((c) => c && node.appendChild(c));
  }

  function fmtTime(value) {
    if (value === null || value === undefined || value === '') return '';
    const d = new Date(value);
    return isNaN(d.getTime()) ? String(value) : d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
  }

  function fmt(value) {
    if (value === null || value === undefined) return '';
    if (typeof value === 'boolean') return value ? 'yes' : 'no';
    if (typeof value === 'object') return JSON.stringify(value);
    return String(value);
  }

  function statusCell(status) {
    return el('td', { className: 'status status-' + fmt(status) }, fmt(status));
  }

  /** A table of objects; columns: [{key, title, render?(row) -> Node|string}]. */
  function table(rows, columns, caption) {
    if (!rows || rows.length === 0) return el('p', { className: 'empty' }, caption ? 'No ' + caption.toLowerCase() + '.' : 'Nothing.');
    const head = el('tr', {}, columns.map((c) => el('th', { scope: 'col' }, c.title)));
    const body = rows.map((row) => el('tr', {}, columns.map((c) => {
      const v = c.render ? c.render(row) : fmt(row[c.key]);
      return v instanceof Node && v.nodeName === 'TD' ? v : el('td', { className: 'wrap' }, v);
    })));
    return el('table', {}, caption ? el('caption', {}, caption) : null, el('thead', {}, head), el('tbody', {}, body));
  }

  /** Columns for objects whose shape the page does not know in advance. */
  function columnsOf(rows) {
    const keys = [];
    (rows || []).forEach((r) => Object.keys(r || {}).forEach((k) => { if (!keys.includes(k)) keys.push(k); }));
    return keys.map((k) => ({ key: k, title: k, render: (r) => (/At$|^time$|^at$|notAfter|^end$|^start$/.test(k) ? fmtTime(r[k]) : fmt(r[k])) }));
  }

  function props(pairs) {
    return el('dl', { className: 'props' }, pairs.filter((p) => p[1] !== undefined).map(([k, v]) =>
      [el('dt', {}, k), el('dd', {}, v instanceof Node ? v : fmt(v))]));
  }

  function listOf(response, ...keys) {
    if (Array.isArray(response)) return response;
    for (const k of keys) if (response && Array.isArray(response[k])) return response[k];
    return [];
  }

  // ---------- messages to the user ----------

  function showError(err) {
    const box = $('error');
    box.textContent = describe(err);
    box.hidden = false;
    box.scrollIntoView({ block: 'nearest' });
  }

  function describe(err) {
    if (err instanceof ApiError) {
      const problems = (err.body && Array.isArray(err.body.problems)) ? err.body.problems : [];
      return 'HTTP ' + err.status + ': ' + err.message
        + problems.map((p) => '\n' + fmt(p.severity) + ': ' + fmt(p.message)).join('');
    }
    return 'The console could not reach the gateway: ' + (err && err.message ? err.message : String(err));
  }

  function notice(text) {
    const box = $('notice');
    box.textContent = text;
    box.hidden = false;
  }

  function clearMessages() {
    $('error').hidden = true;
    $('notice').hidden = true;
  }

  // ---------- the API ----------

  class ApiError extends Error {
    constructor(status, message, body) {
      super(message);
      this.status = status;
      this.body = body;
    }
  }

  async function api(method, path, body, contentType) {
    // the header on every request: the API needs it on changes, and on a 401 it then asks for no Basic password
    // (which would make the browser pop up its own dialog)
    const headers = { Accept: 'application/json', 'X-Dkgw-Csrf': '1' };
    let payload;
    if (body !== undefined && body !== null) {
      if (typeof body === 'string') {
        payload = body;
        headers['Content-Type'] = contentType || 'application/xml';
      } else {
        payload = JSON.stringify(body);
        headers['Content-Type'] = 'application/json';
      }
    }
    const response = await fetch(path, { method, headers, body: payload, credentials: 'same-origin', cache: 'no-store' });
    const type = response.headers.get('Content-Type') || '';
    let data = null;
    if (type.includes('json')) {
      try { data = await response.json(); } catch (e) { data = null; }
    } else {
      data = await response.text();
    }
    if (!response.ok) {
      const message = data && typeof data === 'object' && data.error ? data.error
        : (typeof data === 'string' && data.trim() ? data.trim().split('\n')[0] : response.statusText || 'request failed');
      if (response.status === 401) toLogin();
      throw new ApiError(response.status, message, data);
    }
    return data;
  }

  const enc = encodeURIComponent;

  // ---------- user and roles ----------

  function can(role) {
    return state.me !== null && ROLES.indexOf(state.me.role) >= ROLES.indexOf(role);
  }

  function renderUser() {
    const loggedIn = state.me !== null;
    $('nav').hidden = !loggedIn;
    $('who').hidden = !loggedIn;
    if (loggedIn) {
      $('who-name').textContent = state.me.username;
      $('who-role').textContent = state.me.role + (state.me.payloads ? ', payloads' : '');
    }
    document.querySelectorAll('[data-role]').forEach((node) => { node.hidden = !can(node.getAttribute('data-role')); });
  }

  /** No (more) session: to the log-in page, which comes back to this page afterwards. */
  function toLogin() {
    state.me = null;
    location.assign('/console/login.html' + location.hash);
  }

  /** Who is logged in; returns the error to show when the API could not tell. */
  async function loadMe() {
    try {
      state.me = await api('GET', '/api/me');
      renderUser();
      return null;
    } catch (e) {
      return e;
    }
  }

  async function logout() {
    try { await api('POST', '/api/logout'); } catch (e) { /* the session is gone either way */ }
    state.me = null;
    location.assign('/console/login.html');
  }

  // ---------- routing ----------

  const PAGES = ['overview', 'messages', 'message', 'cpas', 'links', 'audit'];

  function go(hash) {
    if (location.hash === hash) route(); else location.hash = hash;
  }

  function parseHash() {
    const raw = location.hash.replace(/^#\/?/, '');
    const q = raw.indexOf('?');
    const path = q < 0 ? raw : raw.substring(0, q);
    const params = new URLSearchParams(q < 0 ? '' : raw.substring(q + 1));
    const slash = path.indexOf('/');
    return { page: slash < 0 ? path : path.substring(0, slash), arg: slash < 0 ? null : decodeURIComponent(path.substring(slash + 1)), params };
  }

  async function route() {
    clearTimeout(state.refreshTimer);
    clearMessages();
    let { page, arg, params } = parseHash();
    if (!PAGES.includes(page)) page = 'overview';
    if (state.me === null) return;
    PAGES.forEach((p) => { $('page-' + p).hidden = p !== page; });
    document.querySelectorAll('#nav a').forEach((a) => a.classList.toggle('current', a.getAttribute('data-page') === page));
    try {
      if (page === 'overview') await overview();
      else if (page === 'messages') await messages(params);
      else if (page === 'message') await message(arg);
      else if (page === 'cpas') await cpas();
      else if (page === 'links') await links();
      else if (page === 'audit') await audit();
    } catch (e) {
      showError(e);
    }
  }

  // ---------- overview ----------

  const CHART_CLASS = { ACKNOWLEDGED: 'bar-ok', DELIVERED: 'bar-ok', PROCESSED: 'bar-ok', RECEIVED: 'bar-ok', FAILED: 'bar-failed', PENDING: 'bar-pending' };

  async function overview() {
    const hours = Math.max(1, parseInt($('overview-hours').value, 10) || 24);
    const data = await api('GET', '/api/overview?hours=' + hours);
    const failed = listOf(data, 'failed', 'latestFailed', 'failedMessages');
    const expiring = listOf(data, 'expiring', 'expiringItems');
    const traffic = listOf(data, 'traffic');
    show($('overview-body'),
      el('h2', {}, 'Expiring within 30 days'),
      expiring.length ? table(expiring, [
        { key: 'daysLeft', title: 'Days left', render: (x) => el('td', { className: Number(x.daysLeft) <= 7 ? 'bad' : 'warn' }, fmt(x.daysLeft)) },
        { key: 'expires', title: 'Expires', render: (x) => fmtTime(x.expires || x.notAfter) },
        { key: 'kind', title: 'What' },
        { key: 'cpaId', title: 'CPA' },
        { key: 'partyId', title: 'Party' },
        { key: 'usage', title: 'Usage' },
        { key: 'subject', title: 'Subject' }], 'Expiring items') : el('p', { className: 'empty' }, 'Nothing expires within 30 days.'),
      el('h2', {}, 'Latest failed messages'),
      failed.length ? messageTable(failed) : el('p', { className: 'empty' }, 'No failed messages.'),
      el('h2', {}, 'Traffic per link, last ' + hours + ' hours'),
      trafficView(traffic, listOf(data, 'links')));
  }

  /** Rows are {cpaId, hour, status, count}: a stacked bar chart per CPA and a table of totals per status. */
  function trafficView(rows, links) {
    if (!rows.length && !links.length) return el('p', { className: 'empty' }, 'No traffic in this period.');
    const byCpa = new Map();
    rows.forEach((r) => {
      const cpa = fmt(r.cpaId);
      if (!byCpa.has(cpa)) byCpa.set(cpa, []);
      byCpa.get(cpa).push(r);
    });
    const statuses = [...new Set(rows.map((r) => fmt(r.status)).concat(links.flatMap((l) => Object.keys(l))
      .filter((k) => /^[A-Z]+$/.test(k))))].sort();
    const totals = links.length ? links : [...byCpa.entries()].map(([cpa, list]) => {
      const row = { cpaId: cpa };
      statuses.forEach((s) => { row[s] = list.filter((r) => fmt(r.status) === s).reduce((a, r) => a + (Number(r.count) || 0), 0); });
      return row;
    });
    const parts = [table(totals, [{ key: 'cpaId', title: 'CPA' }, { key: 'total', title: 'Total', render: (r) => fmt(r.total !== undefined ? r.total : statuses.reduce((a, s) => a + (Number(r[s]) || 0), 0)) }]
      .concat(statuses.map((s) => ({ key: s, title: s, render: (r) => el('td', { className: 'status-' + s }, String(r[s] || 0)) }))), 'Traffic per link'),
      el('p', { className: 'legend' }, ['bar-ok', 'bar-failed', 'bar-pending', 'bar-other'].map((c, i) =>
        el('span', {}, el('span', { className: 'swatch ' + c }), ['delivered / acknowledged / received', 'failed', 'pending', 'other'][i])))];
    byCpa.forEach((list, cpa) => parts.push(el('h3', {}, cpa), chart(list, cpa)));
    return el('div', {}, parts);
  }

  function chart(rows, cpa) {
    const hours = [...new Set(rows.map((r) => fmt(r.hour)))].sort();
    const perHour = hours.map((h) => rows.filter((r) => fmt(r.hour) === h));
    const max = Math.max(1, ...perHour.map((list) => list.reduce((a, r) => a + (Number(r.count) || 0), 0)));
    const barWidth = 18;
    const height = 120;
    const width = Math.max(200, hours.length * (barWidth + 4) + 40);
    const svg = el('svg:svg', { className: 'chart', width, height: height + 30, role: 'img', 'aria-label': 'messages per hour for ' + cpa });
    perHour.forEach((list, i) => {
      let y = height;
      list.forEach((r) => {
        const h = Math.round((Number(r.count) || 0) / max * (height - 10));
        y -= h;
        svg.appendChild(el('svg:rect', { x: 30 + i * (barWidth + 4), y, width: barWidth, height: h, className: CHART_CLASS[fmt(r.status)] || 'bar-other' },
          el('svg:title', {}, fmtTime(hours[i]) + ' ' + fmt(r.status) + ': ' + fmt(r.count))));
      });
      if (i % 4 === 0) svg.appendChild(el('svg:text', { x: 30 + i * (barWidth + 4), y: height + 14 }, fmtTime(hours[i]).substring(11, 16)));
    });
    svg.appendChild(el('svg:text', { x: 2, y: 12 }, String(max)));
    svg.appendChild(el('svg:text', { x: 2, y: height }, '0'));
    return svg;
  }

  // ---------- messages ----------

  const QUERY_FIELDS = ['cpaId', 'party', 'service', 'action', 'status', 'direction', 'messageId', 'conversationId', 'from', 'to', 'limit'];

  function messageLink(id) {
    return el('a', { href: '#/message/' + enc(id) }, id);
  }

  function messageTable(rows) {
    return table(rows, [
      { key: 'messageId', title: 'Message id', render: (r) => messageLink(r.messageId) },
      { key: 'createdAt', title: 'Created', render: (r) => fmtTime(r.createdAt) },
      { key: 'direction', title: 'Dir.' },
      { key: 'status', title: 'Status', render: (r) => statusCell(r.status) },
      { key: 'cpaId', title: 'CPA' },
      { key: 'service', title: 'Service' },
      { key: 'action', title: 'Action' },
      { key: 'fromParty', title: 'From' },
      { key: 'toParty', title: 'To' },
      { key: 'conversationId', title: 'Conversation' },
      { key: 'statusDetail', title: 'Detail' }]);
  }

  /** A datetime-local value (read as UTC) to ISO-8601. */
  function isoUtc(value) {
    if (!value) return '';
    return (value.length === 16 ? value + ':00' : value) + 'Z';
  }

  function searchFromForm(event) {
    event.preventDefault();
    const params = new URLSearchParams();
    QUERY_FIELDS.forEach((f) => {
      const input = $('q-' + f);
      const v = input.value.trim();
      if (v) params.set(f, v);
    });
    const target = '#/messages?' + params.toString();
    go(target);
  }

  async function messages(params) {
    QUERY_FIELDS.forEach((f) => { $('q-' + f).value = params.get(f) || (f === 'limit' ? '50' : ''); });
    const query = new URLSearchParams();
    params.forEach((v, k) => { if (QUERY_FIELDS.includes(k) && v) query.set(k, (k === 'from' || k === 'to') ? isoUtc(v) : v); });
    state.query = query;
    state.nextCursor = null;
    show($('messages-body'), el('p', { className: 'empty' }, 'Searching...'));
    let data;
    try {
      data = await api('GET', '/api/messages?' + query.toString());
    } catch (e) {
      clear($('messages-body'));
      $('messages-more').hidden = true;
      throw e;
    }
    const rows = listOf(data, 'messages');
    state.nextCursor = data && data.next ? data.next : null;
    show($('messages-body'), el('p', {}, rows.length + (rows.length === 1 ? ' message' : ' messages') + (state.nextCursor ? ' (more are older)' : '')),
      rows.length ? messageTable(rows) : el('p', { className: 'empty' }, 'No message matches.'));
    $('messages-more').hidden = !state.nextCursor;
  }

  async function moreMessages() {
    if (!state.nextCursor) return;
    try {
      const query = new URLSearchParams(state.query);
      query.set('before', state.nextCursor);
      const data = await api('GET', '/api/messages?' + query.toString());
      const rows = listOf(data, 'messages');
      state.nextCursor = data && data.next ? data.next : null;
      const body = $('messages-body');
      const tbody = body.querySelector('tbody');
      if (tbody && rows.length) messageTable(rows).querySelectorAll('tbody tr').forEach((tr) => tbody.appendChild(tr));
      $('messages-more').hidden = !state.nextCursor;
    } catch (e) {
      showError(e);
    }
  }

  async function message(id) {
    const body = $('message-body');
    $('message-title').textContent = 'Message ' + (id || '');
    if (!id) { show(body, el('p', { className: 'empty' }, 'No message id in the address.')); return; }
    const data = await api('GET', '/api/messages/' + enc(id));
    const m = data.message || data;
    const attempts = listOf(data, 'attempts');
    const payloads = listOf(data, 'payloads');
    const path = '/api/messages/' + enc(id);
    const parts = [];
    const actions = el('p', {});
    const resendable = data.resendable !== undefined ? data.resendable : (fmt(m.status) === 'FAILED' && fmt(m.direction) !== 'IN');
    if (resendable && can('operator')) {
      actions.appendChild(el('button', { type: 'button', id: 'resend', className: 'primary', onclick: () => resend(id) }, 'Resend'));
      actions.appendChild(document.createTextNode(' '));
    }
    actions.appendChild(el('button', { type: 'button', id: 'message-refresh', onclick: () => route() }, 'Refresh'));
    parts.push(actions);
    parts.push(props([['Status', el('span', { id: 'message-status', className: 'status status-' + fmt(m.status) }, fmt(m.status))],
      ['Status detail', m.statusDetail], ['Message id', m.messageId], ['Conversation id', m.conversationId],
      ['Ref to message id', m.refToMessageId], ['Direction', m.direction], ['Kind', m.kind], ['CPA', m.cpaId],
      ['Service', m.service], ['Action', m.action], ['Profile', m.profile], ['From', m.fromParty], ['To', m.toParty],
      ['Created', fmtTime(m.createdAt)], ['Updated', fmtTime(m.updatedAt)]]));

    parts.push(el('h2', {}, 'Delivery attempts'));
    parts.push(table(attempts, [
      { key: 'attemptNo', title: '#' },
      { key: 'startedAt', title: 'Time', render: (a) => fmtTime(a.startedAt || a.time) },
      { key: 'httpStatus', title: 'HTTP', render: (a) => fmt(a.httpStatus) },
      { key: 'outcome', title: 'Outcome', render: (a) => statusCell(a.outcome) },
      { key: 'detail', title: 'Detail' },
      { key: 'durationMs', title: 'ms' },
      { key: 'endpoint', title: 'Endpoint' },
      { key: 'nodeId', title: 'Node' }], 'Delivery attempts'));

    parts.push(el('h2', {}, 'Acknowledgment or error'));
    const receipt = data.receipt && typeof data.receipt === 'object' ? data.receipt : null;
    if (receipt || data.hasReceipt) {
      parts.push(el('p', { id: 'receipt' }, 'Acknowledged: ',
        el('a', { href: receipt && receipt.link ? receipt.link : path + '/receipt', id: 'receipt-link', target: '_blank', rel: 'noopener' },
          receipt && receipt.signed ? 'signed receipt (XML)' : 'receipt (XML, unsigned channel)'),
        receipt && receipt.size !== undefined ? ' (' + fmt(receipt.size) + ' bytes)' : ''));
    }
    const error = data.messageError;
    if (error && typeof error === 'object') {
      parts.push(el('div', { id: 'message-error', className: 'error' }, el('strong', {}, 'MessageError from the peer'),
        props(Object.entries(error).map(([k, v]) => [k, /At$|time/i.test(k) ? fmtTime(v) : v]))));
    } else if (error) {
      parts.push(el('p', { id: 'message-error', className: 'error' }, 'MessageError from the peer: ' + fmt(error)));
    }
    if (!receipt && !data.hasReceipt && !error) {
      parts.push(el('p', { className: 'empty' }, 'No acknowledgment, receipt or error recorded.'));
    }
    const refused = listOf(data, 'refusedSignals');
    if (refused.length) {
      parts.push(el('h2', { id: 'refused-signals-title' }, 'Signals from the peer this node refused'));
      parts.push(el('div', { id: 'refused-signals' }, table(refused, [
        { key: 'at', title: 'Time', render: (r) => fmtTime(r.at) },
        { key: 'action', title: 'Signal' },
        { key: 'signalMessageId', title: 'Signal message id' },
        { key: 'errorCode', title: 'Error', render: (r) => statusCell(r.errorCode) },
        { key: 'description', title: 'Why' }], 'Refused signals')));
    }
    const signals = listOf(data, 'signals');
    if (signals.length) {
      parts.push(el('h2', {}, 'Signals about this message'));
      parts.push(table(signals, columnsOf(signals), 'Signals'));
    }

    parts.push(el('h2', {}, 'Payloads'));
    parts.push(table(payloads.map((p, i) => Object.assign({ index: p.index !== undefined ? p.index : i }, p)), [
      { key: 'index', title: '#' },
      { key: 'contentId', title: 'Content id' },
      { key: 'contentType', title: 'Type' },
      { key: 'size', title: 'Bytes', render: (p) => fmt(p.size !== undefined ? p.size : p.length) },
      { key: 'download', title: 'Download', render: (p) => (state.me && state.me.payloads
        ? el('a', { href: p.link || path + '/payloads/' + enc(p.index), download: '' }, 'download')
        : el('span', { className: 'empty' }, 'needs the payloads permission')) }], 'Payloads'));
    const files = listOf(data, 'files');
    if (files.length) {
      // Grote Berichten: the files this received message announced, and where each download stands
      parts.push(el('h2', { id: 'files-title' }, 'Files (Grote Berichten)'));
      parts.push(el('div', { id: 'files' }, table(files, [
        { key: 'index', title: '#' },
        { key: 'filename', title: 'File' },
        { key: 'contentType', title: 'Type' },
        { key: 'size', title: 'Bytes', render: (f) => fmt(f.size) },
        { key: 'status', title: 'Status', render: (f) => statusCell(f.status) },
        { key: 'bytesSoFar', title: 'Here so far', render: (f) => (f.bytesSoFar === null || f.bytesSoFar === undefined
          ? '' : fmt(f.bytesSoFar) + (f.size ? ' (' + Math.floor(f.bytesSoFar * 100 / f.size) + '%)' : '')) },
        { key: 'reason', title: 'Why', render: (f) => fmt(f.reason) },
        { key: 'checksum', title: 'Checksum' },
        { key: 'download', title: 'Download', render: (f) => (!f.link ? ''
          : state.me && state.me.payloads
            ? el('a', { href: f.link, download: '', className: 'file-download' }, 'download')
            : el('span', { className: 'empty' }, 'needs the payloads permission')) }], 'Files')));
    }
    const sentFiles = listOf(data, 'sentFiles');
    if (sentFiles.length) {
      // Grote Berichten: the files this sent message offered, and how far the receiver fetched them
      parts.push(el('h2', { id: 'sent-files-title' }, 'Offered files (Grote Berichten)'));
      parts.push(el('div', { id: 'sent-files' }, table(sentFiles, [
        { key: 'filename', title: 'File' },
        { key: 'contentType', title: 'Type' },
        { key: 'size', title: 'Bytes', render: (f) => fmt(f.size) },
        { key: 'bytesServed', title: 'Fetched so far', render: (f) => fmt(f.bytesServed)
          + (f.size ? ' (' + Math.floor(f.bytesServed * 100 / f.size) + '%)' : '') },
        { key: 'fetched', title: 'Fetched', render: (f) => (f.fetched ? 'yes' : 'no') },
        { key: 'expiresAt', title: 'Offered until', render: (f) => fmt(f.expiresAt) },
        { key: 'removedAt', title: 'Removed', render: (f) => (f.removedAt
          ? fmt(f.removedAt) + ' (' + fmt(f.removedReason) + ')' : '') },
        { key: 'checksum', title: 'Checksum' }], 'Offered files')));
    }
    show(body, parts);
    if (fmt(m.status) === 'PENDING' || files.some((f) => fmt(f.status) === 'DOWNLOADING')
        || sentFiles.some((f) => !f.removedAt && !f.fetched)) {
      // follow the status until it is final; re-render only this message, so a notice above it stays
      state.refreshTimer = setTimeout(() => {
        if (parseHash().page === 'message' && parseHash().arg === id) message(id).catch(showError);
      }, 2000);
    }
  }

  async function resend(id) {
    clearMessages();
    try {
      await api('POST', '/api/messages/' + enc(id) + '/resend');
      await route();
      notice('Resend of ' + id + ' accepted; the page follows its status.');
    } catch (e) {
      showError(e);
    }
  }

  // ---------- CPAs ----------

  function days(v) {
    return v === null || v === undefined ? '' : fmt(v);
  }

  async function cpas() {
    const list = listOf(await api('GET', '/api/cpas'), 'cpas');
    show($('cpas-body'), table(list, [
      { key: 'cpaId', title: 'CPA id' },
      { key: 'status', title: 'Status' },
      { key: 'start', title: 'Valid from', render: (c) => fmtTime(c.start) },
      { key: 'end', title: 'Valid until', render: (c) => fmtTime(c.end) },
      { key: 'daysToExpiry', title: 'Days left', render: (c) => el('td', { className: Number(c.daysToExpiry) <= 30 ? 'warn' : '' }, days(c.daysToExpiry)) },
      { key: 'certificates', title: 'Certificates', render: (c) => certificates(c) },
      { key: 'crl', title: 'CRL', render: (c) => crl(c) },
      { key: 'actions', title: 'Actions', render: (c) => el('td', {},
        el('button', { type: 'button', className: 'view-cpa', onclick: () => viewCpa(c.cpaId) }, 'View XML'), ' ',
        can('admin') ? el('button', { type: 'button', className: 'danger delete-cpa', onclick: () => deleteCpa(c.cpaId) }, 'Delete') : null) }], 'CPAs'));
  }

  /** Every party certificate of a CPA, with the party it belongs to. */
  function certsOf(c) {
    const certs = listOf(c, 'certificates', 'partyCertificates').slice();
    listOf(c, 'parties').forEach((p) => listOf(p, 'certificates').forEach((x) => certs.push(Object.assign({ partyId: p.partyId }, x))));
    return certs;
  }

  function certificates(c) {
    const certs = certsOf(c);
    if (certs.length) {
      return el('ul', {}, certs.map((x) => el('li', { className: Number(x.daysLeft !== undefined ? x.daysLeft : x.daysToExpiry) <= 30 ? 'warn' : '', title: fmt(x.subject) },
        [fmt(x.partyId || x.party || ''), fmt(x.usage || x.role || ''), 'until ' + fmtTime(x.notAfter || x.expires),
          x.daysLeft !== undefined ? '(' + fmt(x.daysLeft) + ' days)' : (x.daysToExpiry !== undefined ? '(' + fmt(x.daysToExpiry) + ' days)' : '')]
          .filter((s) => s).join(' '))));
    }
    if (c.certificateExpiry || c.firstCertificateExpiry) return fmtTime(c.certificateExpiry || c.firstCertificateExpiry);
    return '';
  }

  function crl(c) {
    const perCert = certsOf(c).filter((x) => x.crl !== undefined);
    if (perCert.length) {
      return el('ul', {}, perCert.map((x) => el('li', { className: x.crl && x.crl.stale ? 'bad' : '' },
        fmt(x.usage) + ': ' + (x.crl === null ? 'no CRL held for ' + fmt(x.issuer)
          : (x.crl.stale ? 'STALE, ' : '') + 'next update ' + fmtTime(x.crl.nextUpdate)))));
    }
    const v = c.crl || c.crls;
    if (Array.isArray(v)) return el('ul', {}, v.map((x) => el('li', { className: x.stale ? 'bad' : '' }, Object.entries(x).map(([k, val]) => k + ': ' + (/update|At$/i.test(k) ? fmtTime(val) : fmt(val))).join(', '))));
    if (v && typeof v === 'object') return el('span', { className: v.stale ? 'bad' : '' }, Object.entries(v).map(([k, val]) => k + ': ' + (/update|At$/i.test(k) ? fmtTime(val) : fmt(val))).join(', '));
    if (c.crlStale !== undefined) return el('span', { className: c.crlStale ? 'bad' : 'good' }, c.crlStale ? 'stale' : 'fresh');
    return fmt(v);
  }

  async function viewCpa(id) {
    clearMessages();
    try {
      const xml = await api('GET', '/api/cpas/' + enc(id));
      $('cpa-xml-title').textContent = 'CPA ' + id;
      $('cpa-xml').textContent = typeof xml === 'string' ? xml : JSON.stringify(xml, null, 2);
      $('cpa-xml-box').hidden = false;
      $('cpa-xml').focus();
    } catch (e) {
      showError(e);
    }
  }

  async function deleteCpa(id) {
    clearMessages();
    if (!window.confirm('Delete CPA ' + id + '? Messages for it are then refused.')) return;
    try {
      await api('DELETE', '/api/cpas/' + enc(id));
      notice('CPA ' + id + ' deleted.');
      await cpas();
    } catch (e) {
      showError(e);
    }
  }

  function problemList(problems) {
    return el('ul', { id: 'cpa-problems' }, problems.map((p) => el('li', { className: fmt(p.severity) === 'ERROR' ? 'bad' : 'warn' },
      fmt(p.severity) + ': ' + fmt(p.message) + (p.location ? ' (' + fmt(p.location) + ')' : ''))));
  }

  async function uploadCpa(event) {
    event.preventDefault();
    clearMessages();
    const file = $('cpa-file').files[0];
    const result = $('cpa-result');
    if (!file) { show(result, el('p', { className: 'error' }, 'Choose a CPA file first.')); return; }
    show(result, el('p', {}, 'Validating ' + file.name + '...'));
    try {
      const xml = await file.text();
      const answer = await api('POST', '/api/cpas', xml, 'application/xml');
      const warnings = listOf(answer, 'warnings');
      show(result, el('div', { className: 'notice', id: 'cpa-accepted' }, 'CPA ' + fmt(answer.cpaId) + (answer.replaced ? ' replaced' : ' imported') + '.'),
        warnings.length ? el('div', {}, el('h2', {}, 'Warnings'), problemList(warnings)) : null);
      $('cpa-upload').reset();
      await cpas();
    } catch (e) {
      if (e instanceof ApiError && e.body && Array.isArray(e.body.problems)) {
        show(result, el('div', { className: 'error', id: 'cpa-rejected', role: 'alert' },
          el('p', {}, 'The CPA was not imported: ' + e.message), problemList(e.body.problems)));
      } else {
        show(result, el('p', { className: 'error', role: 'alert' }, describe(e)));
      }
    }
  }

  // ---------- links ----------

  async function links() {
    const select = $('link-cpa');
    const previous = select.value;
    const list = listOf(await api('GET', '/api/cpas'), 'cpas');
    show(select, list.map((c) => el('option', { value: c.cpaId }, c.cpaId)));
    if (previous && list.some((c) => c.cpaId === previous)) select.value = previous;
    if (!list.length) show($('links-body'), el('p', { className: 'empty' }, 'No CPAs: upload one first.'));
  }

  async function runLinkAction(button, path, render) {
    clearMessages();
    const cpaId = $('link-cpa').value;
    if (!cpaId) { showError(new Error('choose a CPA first')); return; }
    button.disabled = true;
    show($('links-body'), el('p', {}, 'Running for ' + cpaId + '...'));
    try {
      show($('links-body'), render(await api('POST', path, { cpaId })));
    } catch (e) {
      show($('links-body'), el('p', { className: 'error', role: 'alert' }, describe(e)));
    } finally {
      button.disabled = false;
    }
  }

  function diagnosisView(report) {
    return el('div', { id: 'diagnosis' },
      el('p', { className: report.linkWorks ? 'good' : 'bad' }, report.linkWorks ? 'The link works.'
        : 'The link does not work' + (report.firstFailedLayer ? ': first failing layer ' + report.firstFailedLayer : '') + '.'),
      props([['CPA', report.cpaId], ['Endpoint', report.endpoint], ['Started', fmtTime(report.startedAt)], ['Took (ms)', report.tookMillis], ['Exit code', report.exitCode]]),
      table(listOf(report, 'layers'), [
        { key: 'number', title: '#' },
        { key: 'title', title: 'Layer', render: (l) => fmt(l.title || l.layer) },
        { key: 'status', title: 'Status', render: (l) => statusCell(l.status) },
        { key: 'found', title: 'Found' },
        { key: 'toDo', title: 'To do' },
        { key: 'details', title: 'Details', render: (l) => el('ul', {}, listOf(l, 'details').map((d) => el('li', {}, fmt(d)))) }], 'Diagnosis layers'));
  }

  function chainTestView(result) {
    return el('div', { id: 'chain-test' },
      el('p', { className: result.passed ? 'good' : 'bad' }, result.passed ? 'The chain test passed.' : 'The chain test failed.'),
      result.reportDir ? el('p', {}, 'Report: ' + fmt(result.reportDir)) : null,
      table(listOf(result, 'tests'), [
        { key: 'name', title: 'Test' },
        { key: 'status', title: 'Result', render: (t) => {
          const status = (t.status || (t.passed ? 'PASSED' : 'FAILED')).toLowerCase();
          return el('td', { className: status === 'passed' ? 'good' : status === 'failed' ? 'bad' : '' }, status);
        } },
        { key: 'detail', title: 'Detail' },
        { key: 'messageIds', title: 'Messages', render: (t) => el('td', {}, listOf(t, 'messageIds').map((id) => el('div', {}, messageLink(id)))) }], 'Chain tests'));
  }

  // ---------- audit ----------

  async function audit() {
    const list = listOf(await api('GET', '/api/audit?limit=200'), 'entries', 'audit', 'events');
    show($('audit-body'), table(list, columnsOf(list), 'Audit entries'));
  }

  // ---------- start ----------

  document.addEventListener('DOMContentLoaded', async () => {
    $('logout').addEventListener('click', logout);
    $('search-form').addEventListener('submit', searchFromForm);
    $('search-form').addEventListener('reset', () => setTimeout(() => go('#/messages'), 0));
    $('messages-more').addEventListener('click', moreMessages);
    $('overview-form').addEventListener('submit', (e) => { e.preventDefault(); route(); });
    $('cpa-upload').addEventListener('submit', uploadCpa);
    $('cpa-xml-close').addEventListener('click', () => { $('cpa-xml-box').hidden = true; });
    $('run-diagnosis').addEventListener('click', (e) => runLinkAction(e.currentTarget, '/api/diagnose', diagnosisView));
    $('run-chain-test').addEventListener('click', (e) => runLinkAction(e.currentTarget, '/api/chain-test', chainTestView));
    window.addEventListener('hashchange', route);
    const problem = await loadMe();
    if (problem) {
      if (!(problem instanceof ApiError && problem.status === 401)) showError(problem);
      return;
    }
    await route();
  });
}());
