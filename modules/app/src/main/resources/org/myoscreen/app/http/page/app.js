// The admin page: a small client of the node's JSON API (/api/), no framework, nothing loaded from elsewhere.
// Every text is set with textContent, never as HTML, so values from DICOM headers cannot inject markup.
'use strict';

const REFRESH_MS = 5000;
let csrf = '';
let timer = null;
let studySearch = '';

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === 'class') el.className = v;
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function table(headers, rows, emptyText) {
  if (rows.length === 0) return h('p', { class: 'empty' }, emptyText);
  return h('table', {}, h('thead', {}, h('tr', {}, headers.map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows));
}

function stateCell(state) {
  return h('td', { class: 'state state-' + String(state).replace(/ /g, '-') }, state);
}

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'medium' });
}

function num(v, digits) {
  if (v === null || v === undefined || v === '') return '—';
  return typeof v === 'number' ? v.toFixed(digits) : String(v);
}

function studyDate(da) {
  return /^\d{8}$/.test(da) ? da.slice(0, 4) + '-' + da.slice(4, 6) + '-' + da.slice(6) : da;
}

async function api(path, options) {
  const r = await fetch('/api/' + path, Object.assign({ credentials: 'same-origin' }, options || {}));
  const body = await r.json().catch(() => ({}));
  if (!r.ok && r.status !== 404) throw new Error(body.error || ('HTTP ' + r.status));
  return { status: r.status, body };
}

function say(text) {
  document.getElementById('message').textContent = text;
}

// ---- views ----

async function viewNow() {
  const now = (await api('now')).body;
  return [
    h('h2', {}, 'Associations'),
    table(['Calling AE', 'Called AE', 'Peer', 'Opened', 'Instances', 'Failures'],
      now.associations.map(a => h('tr', {}, h('td', {}, a.calling_ae), h('td', {}, a.called_ae), h('td', {}, a.remote),
        h('td', {}, when(a.opened)), h('td', { class: 'num' }, a.instances), h('td', { class: 'num' }, a.failures))),
      'No association open.'),
    h('h2', {}, 'Series in assembly'),
    table(['Series', 'Description', 'From', 'Instances', 'Last arrival', 'Complete in'],
      now.assembling.map(s => h('tr', {}, h('td', { class: 'uid' }, s.series_instance_uid), h('td', {}, s.description),
        h('td', {}, s.calling_ae), h('td', { class: 'num' }, s.instances), h('td', {}, when(s.last_arrival)),
        h('td', { class: 'num' }, s.completes_in_s + ' s of ' + s.quiet_period_s + ' s'))),
      'No series receiving.'),
    h('h2', {}, 'Jobs in hand'),
    h('p', {}, now.queued_jobs + ' job(s) queued.'),
    table(['Job', 'Study', 'Rule', 'Model', 'Since'],
      now.jobs_in_hand.map(j => h('tr', {}, h('td', { class: 'uid' }, j.job_key),
        h('td', {}, h('a', { href: '#study/' + j.study_instance_uid }, 'study')), h('td', {}, j.rule),
        h('td', {}, j.model), h('td', {}, when(j.since)))),
      'No job running (the ledger records node and Kafka workers alike).'),
  ];
}

function studyRows(studies) {
  return studies.map(s => h('tr', { 'data-study': s.study_instance_uid },
    h('td', {}, h('a', { href: '#study/' + s.study_instance_uid }, s.patient_id || '(no ID)')),
    h('td', {}, s.patient_name), h('td', {}, s.accession_number), h('td', {}, studyDate(s.study_date)),
    h('td', {}, when(s.received)), h('td', { class: 'num' }, s.series), h('td', { class: 'num' }, s.instances),
    stateCell(s.state)));
}

async function viewStudies() {
  const list = (await api('studies?q=' + encodeURIComponent(studySearch))).body.studies;
  const input = h('input', { type: 'search', id: 'q', 'aria-label': 'Search studies', value: studySearch,
    placeholder: 'Patient ID, name, accession, date or UID' });
  const form = h('form', { class: 'search', role: 'search', onsubmit: e => {
    e.preventDefault(); studySearch = input.value; render(true);
  } }, input, h('button', { type: 'submit' }, 'Search'));
  return [form, table(['Patient ID', 'Patient name', 'Accession', 'Study date', 'Received', 'Series', 'Instances',
    'State'], studyRows(list), studySearch ? 'No study matches.' : 'No study received yet.')];
}

async function viewResults() {
  const list = (await api('studies')).body.studies.filter(s => ['done', 'delivering', 'delivery failed',
    'QC refused'].includes(s.state));
  return [h('p', {}, 'Studies with a result; open one for its values and summary images.'),
    table(['Patient ID', 'Patient name', 'Accession', 'Study date', 'Received', 'Series', 'Instances', 'State'],
      studyRows(list), 'No result yet.')];
}

function valuesTable(result) {
  const m = result.measurements || {};
  const z = result.zscores || {};
  const rows = [
    ['IMAT', num(m.imat_percent, 2) + ' %', 'z ' + num(z.imat_percent, 2)],
    ['IMAT volume', num(m.imat_volume_cm3, 1) + ' cm³', ''],
    ['LMM (lean muscle volume)', num(m.lmm_volume_cm3, 1) + ' cm³', ''],
    ['LMM index', num(m.lmm_index_cm3_per_bmi, 2) + ' cm³ per kg/m²', 'z ' + num(z.lmm_index, 2)],
    ['Psoas area at L3', num(m.psoas_area_l3_cm2, 2) + ' cm²', ''],
    ['PMI', num(m.pmi_cm2_per_m2, 2) + ' cm²/m²', ''],
    ['IMAT left / right', num((m.left || {}).imat_percent, 2) + ' % / ' + num((m.right || {}).imat_percent, 2) + ' %', ''],
  ];
  return h('table', { class: 'values' },
    h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Value'), h('th', { scope: 'col' }, 'Measured'),
      h('th', { scope: 'col' }, 'z-score'))),
    h('tbody', {}, rows.map(r => h('tr', {}, h('th', { scope: 'row' }, r[0]), h('td', { class: 'num' }, r[1]),
      h('td', { class: 'num' }, r[2])))));
}

function riskTable(result) {
  const risk = result.risk || [];
  return table(['Outcome', 'Flag', 'Effect', 'Source'], risk.map(r => h('tr', {}, h('td', {}, r.outcome),
    h('td', { class: 'state flag-' + r.flag }, r.flag), h('td', {}, r.effect), h('td', {}, r.source))),
    'No risk marker evaluated.');
}

function deliveryRows(deliveries) {
  return deliveries.map(d => h('tr', { 'data-job': d.job_key },
    h('td', {}, h('a', { href: '#study/' + d.study_instance_uid }, 'study')), h('td', { class: 'file' }, d.file),
    h('td', {}, d.destination), stateCell(d.state), h('td', { class: 'num' }, d.attempts), h('td', {}, d.status),
    h('td', {}, d.comment), h('td', {}, (d.state === 'FAILED' || d.state === 'DEAD')
      ? h('button', { type: 'button', class: 'resend', 'data-job': d.job_key, onclick: () => resend(d.job_key),
        'aria-label': 'Resend the failed deliveries of job ' + d.job_key }, 'Resend') : '')));
}

const DELIVERY_HEADERS = ['Study', 'File', 'Destination', 'State', 'Attempts', 'Peer status', 'Peer comment', ''];

async function viewStudy(uid) {
  const r = await api('studies/' + encodeURIComponent(uid));
  if (r.status === 404) return [h('p', { class: 'empty' }, 'No such study.')];
  const d = r.body;
  const s = d.study;
  const out = [
    h('h2', {}, 'Study ', h('span', { class: 'uid' }, s.study_instance_uid)),
    h('dl', {}, h('dt', {}, 'Patient'), h('dd', {}, s.patient_name + ' (' + s.patient_id + ')'),
      h('dt', {}, 'Accession'), h('dd', {}, s.accession_number), h('dt', {}, 'Study date'),
      h('dd', {}, studyDate(s.study_date)), h('dt', {}, 'Received'), h('dd', {}, when(s.received)),
      h('dt', {}, 'State'), h('dd', { class: 'state state-' + s.state.replace(/ /g, '-'), id: 'study-state' }, s.state)),
    h('h3', {}, 'Series'),
    table(['Series', 'Modality', 'Description', 'From', 'Instances', 'State', 'Rule', 'Completion'],
      d.series_list.map(x => h('tr', {}, h('td', { class: 'uid' }, x.series_instance_uid), h('td', {}, x.modality),
        h('td', {}, x.description), h('td', {}, x.calling_ae), h('td', { class: 'num' }, x.instances),
        stateCell(x.state), h('td', {}, x.rule), h('td', {}, x.completion))), 'No series.'),
  ];
  for (const j of d.jobs) {
    out.push(h('h3', {}, 'Job ', h('span', { class: 'uid' }, j.job_key), ' — ', h('span', { class: 'state state-' + j.state }, j.state)));
    if (j.detail) out.push(h('p', { class: j.state === 'DONE' ? '' : 'reason' }, j.detail));
    if (j.result) {
      const qc = j.result.qc || { passed: true, flags: [] };
      const flags = qc.flags || [];
      if (!qc.passed) {
        out.push(h('p', { class: 'reason' }, 'Quality control refused the result:'));
        out.push(h('ul', { class: 'reason' }, flags.map(f => h('li', {}, f))));
      } else if (flags.length) {
        out.push(h('p', {}, 'Quality control passed, with notes:'));
        out.push(h('ul', { class: 'notes' }, flags.map(f => h('li', {}, f))));
      }
      out.push(h('div', { class: 'cols' }, h('div', {}, valuesTable(j.result), riskTable(j.result),
        h('p', { class: 'empty' }, 'Reference: ' + ((j.result.zscores || {}).reference || '—') + '. Model ' +
          ((j.result.model || {}).name || '') + ' ' + ((j.result.model || {}).version || '') + '.')),
      h('div', { class: 'images' }, j.images.map((src, i) => {
        const img = h('img', { src, alt: 'Summary image ' + (i + 1) + ' of job ' + j.job_key, loading: 'eager' });
        img.addEventListener('load', () => { img.dataset.naturalWidth = img.naturalWidth; });
        return img;
      }))));
    }
    out.push(h('h3', {}, 'Deliveries'));
    out.push(table(DELIVERY_HEADERS, deliveryRows(j.deliveries), 'No delivery.'));
  }
  return out;
}

async function viewDeliveries() {
  const d = (await api('deliveries')).body;
  if (d.destinations.length === 0) return [h('p', { class: 'empty' }, 'No delivery in the outbox.')];
  const out = [];
  for (const dest of d.destinations) {
    out.push(h('h2', {}, dest.destination));
    out.push(h('div', { class: 'summary' }, ['pending', 'failed', 'dead', 'delivered'].map(k =>
      h('div', {}, h('b', {}, dest[k]), k))));
    out.push(table(DELIVERY_HEADERS, deliveryRows(dest.deliveries), 'Nothing pending, failed or dead.'));
  }
  return out;
}

async function viewConfig() {
  const c = (await api('config')).body;
  return [
    h('h2', {}, 'Node'),
    h('dl', {}, h('dt', {}, 'AE title'), h('dd', {}, c.ae_title), h('dt', {}, 'DICOM port'), h('dd', {}, c.bind + ':' + c.port),
      h('dt', {}, 'HTTP'), h('dd', {}, c.http_bind + ', credential: ' + c.http_credential),
      h('dt', {}, 'Destinations'), h('dd', {}, c.destinations.join(', ') || 'none'),
      h('dt', {}, 'Model'), h('dd', {}, c.model.name + ' ' + c.model.version + ' (' + c.model.folder + ')')),
    h('h2', {}, 'Routing rules'),
    table(['Rule', 'Modalities', 'Series description', 'Calling AEs', 'Model', 'Destinations', 'Quiet period'],
      c.rules.map(r => h('tr', {}, h('td', {}, r.id), h('td', {}, r.modalities.join(', ')), h('td', {}, r.series_description),
        h('td', {}, r.calling_ae_titles.join(', ')), h('td', {}, r.model), h('td', {}, r.destinations.join(', ')),
        h('td', {}, r.quiet_period))), 'No rule.'),
    h('h2', {}, 'All keys'),
    table(['Key', 'Value', 'From'], c.keys.map(k => h('tr', {}, h('td', {}, k.key), h('td', {}, k.value),
      h('td', {}, k.origin))), ''),
  ];
}

async function resend(jobKey) {
  try {
    const r = await api('deliveries/resend', { method: 'POST', headers: { 'Content-Type': 'application/json',
      'X-CSRF-Token': csrf }, body: JSON.stringify({ job_key: jobKey }) });
    say(r.status === 404 ? 'Nothing to resend for job ' + jobKey + '.'
      : 'Resend: ' + r.body.reset + ' delivery(ies) of job ' + jobKey + ' pending again.');
  } catch (e) {
    say('Resend failed: ' + e.message);
  }
  render(false);
}

// ---- routing and refresh ----

function route() {
  const hash = location.hash.replace(/^#/, '') || 'now';
  if (hash.startsWith('study/')) return { tab: 'results', view: () => viewStudy(decodeURIComponent(hash.slice(6))) };
  const views = { now: viewNow, studies: viewStudies, results: viewResults, deliveries: viewDeliveries, config: viewConfig };
  return views[hash] ? { tab: hash, view: views[hash] } : { tab: 'now', view: viewNow };
}

async function render(focus) {
  clearTimeout(timer);
  const { tab, view } = route();
  for (const a of document.querySelectorAll('nav a')) {
    if (a.dataset.tab === tab) a.setAttribute('aria-current', 'page'); else a.removeAttribute('aria-current');
  }
  const main = document.getElementById('view');
  // do not pull the page from under someone typing a search
  const typing = document.activeElement && document.activeElement.id === 'q';
  if (!typing || focus) {
    try {
      const nodes = await view();
      main.replaceChildren(...nodes);
      document.getElementById('updated').textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      say('Could not load: ' + e.message);
    }
    if (focus) {
      const q = document.getElementById('q');
      (q || main).focus();
    }
  }
  if (tab !== 'config') timer = setTimeout(() => render(false), REFRESH_MS);
}

async function start() {
  try {
    const s = await (await fetch('/api/session', { credentials: 'same-origin' })).json();
    csrf = s.csrf_token;
    const c = (await api('config')).body;
    document.getElementById('ae').textContent = c.ae_title;
  } catch (e) {
    say('Could not reach the node: ' + e.message);
  }
  window.addEventListener('hashchange', () => render(true));
  render(false);
}

start();
