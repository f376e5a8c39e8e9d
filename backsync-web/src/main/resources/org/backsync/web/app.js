// The Send/Receive page: renders the "state" events of /events and posts the buttons to /api/*.
// Every text from the server goes through textContent, never innerHTML.
'use strict';

const PHASE_NAMES = {
  RECONCILE: 'Reconcile', UPLOAD_HIERARCHY: 'Upload folders', UPLOAD_CONTENTS: 'Upload messages',
  DOWNLOAD_HIERARCHY: 'Download folders', DOWNLOAD_CONTENTS: 'Download messages'
};

const token = (() => {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) {
    sessionStorage.setItem('backsync-token', fromUrl);
    history.replaceState(null, '', location.pathname); // keep the token out of the address bar and history
  }
  return sessionStorage.getItem('backsync-token') || '';
})();

const $ = (id) => document.getElementById(id);
const rendered = {}; // last JSON per part: a part is redrawn only when it changed

function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
  }
  for (const c of children) if (c !== null && c !== undefined) e.append(c);
  return e;
}

function button(label, onClick, attrs) {
  const b = el('button', Object.assign({type: 'button'}, attrs || {}), label);
  b.addEventListener('click', onClick);
  return b;
}

function bytes(n) {
  if (n < 1024) return n + ' B';
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024, i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return v.toFixed(v < 10 ? 1 : 0) + ' ' + units[i];
}

function duration(ms) {
  const s = Math.round(ms / 1000);
  if (s < 60) return s + 's';
  const m = Math.floor(s / 60);
  if (m < 60) return m + 'm ' + String(s % 60).padStart(2, '0') + 's';
  return Math.floor(m / 60) + 'h ' + String(m % 60).padStart(2, '0') + 'm';
}

function time(iso) {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

async function post(path) {
  const res = await fetch(path, {method: 'POST', headers: {'X-Backsync-Token': token}});
  const text = res.status === 204 ? 'done' : (await res.text());
  $('notice').textContent = `${path.split('?')[0]}: ${res.status === 204 ? 'accepted' : res.status + ' ' + text}`;
}

function renderToolbar(s) {
  $('queue').textContent = 'queue ' + s.queueDepth + ' · running ' + s.running;
  $('paused').hidden = !s.paused;
  $('pause').hidden = s.paused;
  $('resume').hidden = !s.paused;
}

function pushChip(push) {
  const cls = {ACTIVE: 'ok', RECONNECTING: 'warn', POLLING: 'warn', OFF: ''}[push.state] || '';
  const chip = el('span', {class: 'chip ' + cls, 'data-testid': 'push', title: push.detail}, 'push ' + push.state.toLowerCase());
  return chip;
}

const FINISHED_CLASS = {OK: 'ok', PARTIAL: 'warn'}; // any other final status is a failure

// over: a later phase of the same sync has started, so this one has ended (phases run in order, CONTRACT 4.1)
function phaseRow(account, p, over) {
  const ended = p.finished || over;
  const state = p.finished ? p.finished : (over || (p.max > 0 && p.index >= p.max) ? 'complete' : 'running');
  const known = p.max > 0 || p.bytesTotal > 0;
  const idle = ended && !known; // an ended phase that had nothing to do
  let fillClass = 'fill';
  if (idle) fillClass += ' idle';
  else if (p.finished) fillClass += FINISHED_CLASS[p.finished] ? ' done' : ' failed';
  else if (!known) fillClass += ' indeterminate';
  const fill = el('div', {class: fillClass});
  if (known) fill.style.width = p.percent + '%';
  else if (idle) fill.style.width = '100%';
  const bar = el('div', {class: 'bar', role: 'progressbar', 'aria-valuemin': '0', 'aria-valuemax': '100',
    'aria-valuenow': String(p.percent), 'aria-label': PHASE_NAMES[p.phase]}, fill);
  const nums = [];
  nums.push(p.max > 0 ? `${p.index} / ${p.max}` : (p.index > 0 ? String(p.index) : (idle ? 'nothing to do' : '–')));
  if (p.bytesTotal > 0) nums.push(`${bytes(p.bytesDone)} / ${bytes(p.bytesTotal)}`);
  else if (p.bytesDone > 0) nums.push(bytes(p.bytesDone));
  if (!p.finished && p.etaMs !== null && p.etaMs > 0) nums.push('ETA ' + duration(p.etaMs));
  return el('tr', {'data-row': account + '/' + p.phase, 'data-percent': String(p.percent), 'data-state': state},
    el('td', {class: 'phase'}, PHASE_NAMES[p.phase] || p.phase),
    el('td', {class: 'step'}, p.text),
    el('td', {class: 'barcell'}, bar),
    el('td', {class: 'nums'}, nums.join(' · ')),
    el('td', {class: 'state'}, el('span', {class: 'chip ' + (p.finished ? (FINISHED_CLASS[p.finished] || 'bad') : ''),
      'data-testid': 'phase-state'}, state.toLowerCase())));
}

// One card per account, built once; each part is redrawn only when its data changed, so that a button is not
// replaced under the pointer while progress events stream in.
const cards = new Map();

function newCard(account) {
  const c = {json: {}};
  c.push = el('span', {});
  c.last = el('span', {class: 'last', 'data-testid': 'last-result'}, 'not synced yet');
  c.running = el('div', {class: 'running'});
  c.phases = el('tbody', {});
  const head = el('div', {class: 'account-head'}, el('span', {class: 'name'}, account), c.push,
    el('span', {class: 'spacer'}), c.last,
    button('Sync now', () => post('/api/sync?account=' + encodeURIComponent(account)), {'data-action': 'sync-now'}));
  c.root = el('div', {class: 'account', 'data-account': account}, head, c.running,
    el('table', {class: 'phases'}, c.phases));
  return c;
}

function redraw(card, part, data, draw) {
  const json = JSON.stringify(data);
  if (card.json[part] !== json) {
    card.json[part] = json;
    draw();
  }
}

function runningParts(a) {
  if (a.running.length === 0) return ['idle'];
  return a.running.map((r) => el('span', {class: 'sync', 'data-sync': String(r.sync)},
    `sync ${r.sync ?? '…'} · ${r.priority.toLowerCase()} · since ${time(r.started)}`,
    r.sync === null ? null : button('Cancel', () => post('/api/cancel?sync=' + r.sync),
      {class: 'danger', 'data-action': 'cancel'})));
}

function renderAccounts(accounts) {
  const box = $('accounts');
  if (accounts.length > 0) box.querySelector('.empty')?.remove();
  for (const a of accounts) {
    let card = cards.get(a.account);
    if (!card) {
      card = newCard(a.account);
      cards.set(a.account, card);
      box.append(card.root);
    }
    redraw(card, 'push', a.push, () => card.push.replaceChildren(pushChip(a.push)));
    redraw(card, 'last', a.last, () => {
      card.last.textContent = a.last === null ? 'not synced yet'
        : `last sync ${a.last.status} · up ${a.last.uploaded} · down ${a.last.downloaded} · errors ${a.last.errors}`
          + ` · ${duration(a.last.elapsedMs)} · ${time(a.last.finished)}`;
    });
    redraw(card, 'running', a.running, () => card.running.replaceChildren(...runningParts(a)));
    redraw(card, 'phases', a.phases, () => card.phases.replaceChildren(...a.phases.map((p, i) =>
      phaseRow(a.account, p, a.phases.slice(i + 1).some((later) => later.sync === p.sync)))));
  }
}

function renderErrors(errors) {
  $('error-count').textContent = String(errors.length);
  $('no-errors').hidden = errors.length > 0;
  $('errors').querySelector('tbody').replaceChildren(...errors.map((e) =>
    el('tr', {class: e.warning ? 'warning' : 'failure', 'data-status': e.status},
      el('td', {}, time(e.at)), el('td', {}, e.account), el('td', {class: 'status'}, e.status),
      el('td', {class: 'mono'}, e.hresult), el('td', {}, e.scope.toLowerCase()), el('td', {}, e.folder || ''),
      el('td', {}, e.message), el('td', {}, e.action))));
}

function renderOutbox(outbox) {
  $('outbox-count').textContent = String(outbox.length);
  $('no-outbox').hidden = outbox.length > 0;
  $('outbox').querySelector('tbody').replaceChildren(...outbox.map((o) => {
    const retry = button('Retry', () => post('/api/outbox/retry?id=' + o.id), {'data-action': 'retry'});
    retry.disabled = !(o.state === 'FAILED' || o.state === 'HELD');
    const hold = button('Cancel', () => post('/api/outbox/hold?id=' + o.id), {'data-action': 'hold', title: 'Hold: keep it back'});
    hold.disabled = o.state !== 'QUEUED';
    const stateClass = {SENT: 'ok', FAILED: 'bad', HELD: 'warn'}[o.state] || '';
    return el('tr', {'data-outbox': String(o.id), 'data-state': o.state},
      el('td', {}, String(o.id)), el('td', {}, o.account), el('td', {class: 'mono'}, o.messageId),
      el('td', {}, el('span', {class: 'chip ' + stateClass}, o.state)), el('td', {class: 'reason'}, o.reason || ''),
      el('td', {}, String(o.attempts)), el('td', {}, time(o.nextAttempt)), el('td', {}, retry, ' ', hold));
  }));
}

function render(s) {
  renderToolbar(s);
  renderAccounts(s.accounts);
  for (const [part, draw] of [['errors', renderErrors], ['outbox', renderOutbox]]) {
    const json = JSON.stringify(s[part]);
    if (rendered[part] !== json) {
      rendered[part] = json;
      draw(s[part]);
    }
  }
}

function connect() {
  const link = $('link');
  const source = new EventSource('/events');
  source.addEventListener('state', (ev) => {
    link.textContent = 'live';
    link.className = 'chip ok';
    link.dataset.state = 'live';
    render(JSON.parse(ev.data));
  });
  source.onerror = () => {
    link.textContent = 'reconnecting…';
    link.className = 'chip warn';
    link.dataset.state = 'reconnecting';
  };
}

$('pause').addEventListener('click', () => post('/api/pause'));
$('resume').addEventListener('click', () => post('/api/resume'));
$('cancel-all').addEventListener('click', () => post('/api/cancel-all'));
connect();
