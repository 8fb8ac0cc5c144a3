// report.js - the public self-report page (社区报备): no account, no cookie.
// Towns and communities come from the public tree endpoints, the ways of
// travel from the label tables (GET /api/v1/meta); the report goes
// to POST /api/v1/public/self-reports and lands with the chosen community.

import { messageOf, REQUIRED } from './public_form.js';

const form = document.getElementById('report-form');
const townSel = form.elements.town;
const commSel = form.elements.community;

const LABELS = {
  community: '村（社区）', name: '姓名', id_number: '身份证号', phone: '手机号',
  address: '详细住址', origin_name: '从何处来', arrival_date: '到达日期', transport: '交通方式',
};

function option(value, text) {
  const o = document.createElement('option');
  o.value = value;
  o.textContent = text;
  return o;
}

async function children(code) {
  const r = await fetch(`api/v1/public/nodes/${encodeURIComponent(code)}/children`);
  if (!r.ok) throw new Error('无法加载辖区列表');
  return (await r.json()).children;
}

async function loadTowns() {
  const { root } = await (await fetch('api/v1/public/root')).json();
  let towns = await children(root);
  if (towns.length && towns[0].kind === 'county') {       // a city: list every county's towns
    const all = [];
    for (const c of towns) all.push(...(await children(c.code)));
    towns = all;
  }
  townSel.replaceChildren(option('', '请选择乡镇（街道）'), ...towns.map(t => option(t.code, t.name)));
}

async function loadCommunities() {
  commSel.replaceChildren(option('', '请选择村（社区）'));
  if (!townSel.value) return;
  const list = await children(townSel.value);
  commSel.append(...list.map(c => option(c.code, c.name)));
}

function clearErrors() {
  for (const e of form.querySelectorAll('.err')) e.textContent = '';
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

// text: in Chinese (the server's message, or the page's own words)
function showError(field, text) {
  const slot = form.querySelector(`.err[data-for="${field}"]`);
  const input = form.elements[field];
  if (slot) {
    slot.textContent = text;
    if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
  } else {
    document.getElementById('form-error').textContent =
      (LABELS[field] ? LABELS[field] + '：' : '') + text;
  }
}

townSel.addEventListener('change', () => loadCommunities().catch(e => showError('', e.message)));

form.addEventListener('submit', async (ev) => {
  ev.preventDefault();
  clearErrors();
  const f = form.elements;
  const body = {
    community: f.community.value, name: f.name.value.trim(), id_number: f.id_number.value.trim(),
    phone: f.phone.value.trim(), address: f.address.value.trim(), origin_name: f.origin_name.value.trim(),
    arrival_date: f.arrival_date.value, transport: f.transport.value,
  };
  for (const k of ['community', 'address', 'name', 'id_number', 'phone', 'origin_name', 'arrival_date'])
    if (!body[k]) return showError(k, REQUIRED);
  const button = form.querySelector('button');
  button.disabled = true;
  try {
    const r = await fetch('api/v1/public/self-reports', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const data = await r.json().catch(() => ({}));
    if (r.status === 201) {
      form.hidden = true;
      document.getElementById('report-id').textContent = String(data.id);
      document.getElementById('done').hidden = false;
    } else if (r.status === 503) {
      showError('', '系统繁忙，请稍后再试');
    } else {
      const field = data.field || '';
      showError(field, messageOf(data, '提交失败'));
    }
  } catch {
    showError('', '网络异常，请检查网络后重试');
  } finally {
    button.disabled = false;
  }
});

// the ways of travel: the server's table (GET /api/v1/meta, "transport");
// without it the field stays optional and empty
async function loadTransport() {
  const r = await fetch('api/v1/meta');
  if (!r.ok) return;
  const { labels } = await r.json();
  form.elements.transport.append(...(labels.transport || []).map(t => option(t.id, t.label)));
}

// the towns first: the form is usable with them; the ways of travel may
// come a moment later without holding the form back on a slow line
loadTowns().catch(e => showError('', e.message))
  .then(() => loadTransport()).catch(() => {});
