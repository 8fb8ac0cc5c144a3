// scan.js - the public venue scan page (场所码): no account, no cookie.
// scan.html?v=CODE names the venue (GET /api/v1/public/venues/CODE); the
// visitor gives name, ID number and phone once (POST /api/v1/public/scans
// records them there now) and, if they agree, this phone remembers them
// (localStorage), so the next scan anywhere is one tap on 确认登记.

import { messageOf, REQUIRED, getJSON } from './public_form.js';

const KEY = 'lf_me';
const code = (new URLSearchParams(location.search).get('v') || '').trim();

const $ = id => document.getElementById(id);
const form = $('scan-form');
const LABELS = { venue: '场所码', name: '姓名', id_number: '身份证号', phone: '手机号' };
let venue = null;

function setStatus(text, bad) {
  const s = $('status');
  s.textContent = text || '';
  s.className = 'status' + (bad ? ' bad' : '');
  s.hidden = !text;
}

function recalled() {
  try {
    const me = JSON.parse(localStorage.getItem(KEY) || 'null');
    return me && me.name && me.id_number ? me : null;
  } catch { return null; }
}
function remember(me) {
  try { localStorage.setItem(KEY, JSON.stringify(me)); } catch { /* private mode */ }
}
function forget() {
  try { localStorage.removeItem(KEY); } catch { /* private mode */ }
}

// 410105199001011234 → 4101**********1234, as lists show it
const maskId = id => id.length > 8 ? id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4) : id;

// the server's ISO time → 2026年11月24日 08:05:09 (Beijing)
function zhTime(iso) {
  const t = new Date(iso);
  if (isNaN(t)) return iso;
  const b = new Date(t.getTime() + 8 * 3600e3).toISOString();
  return `${b.slice(0, 4)}年${Number(b.slice(5, 7))}月${Number(b.slice(8, 10))}日 ${b.slice(11, 19)}`;
}

function show(which) {
  for (const id of ['known', 'scan-form', 'done'])
    $(id).hidden = id !== which;
}

function clearErrors() {
  for (const e of document.querySelectorAll('.err')) e.textContent = '';
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

// an error in the form next to its field, or above the button
function showError(field, text) {
  if (!form.hidden) {
    const slot = form.querySelector(`.err[data-for="${field}"]`);
    const input = form.elements[field];
    if (slot && input) {
      slot.textContent = text;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    $('form-error').textContent = (LABELS[field] ? LABELS[field] + '：' : '') + text;
    return;
  }
  $('known-error').textContent = (LABELS[field] ? LABELS[field] + '：' : '') + text;
}

function reasonOf(data, status) {
  if (status === 503 || status === 429) return '系统繁忙，请稍后再试';
  if (data.field === 'venue') return '场所码无效或未通过审核，请扫描场所张贴的二维码';
  return messageOf(data, '登记失败');
}

async function submit(me, button, keep) {
  clearErrors();
  const label = button.textContent;
  button.disabled = true;
  button.textContent = '正在登记…';
  try {
    const r = await fetch('api/v1/public/scans', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ venue: code, ...me }),
    });
    const data = await r.json().catch(() => ({}));
    if (r.status !== 201) {
      // what this phone remembered is wrong now: ask again, prefilled
      if (!form.hidden || !['name', 'id_number', 'phone'].includes(data.field))
        return showError(data.field || '', reasonOf(data, r.status));
      openForm(me);
      return showError(data.field, reasonOf(data, r.status));
    }
    if (keep) remember(me); else forget();
    $('d-venue').textContent = venue.name;
    $('d-time').textContent = zhTime(data.at);
    $('d-name').textContent = me.name;
    $('d-id').textContent = maskId(me.id_number);
    show('done');
    window.scrollTo(0, 0);
  } catch {
    showError('', '网络异常，请检查网络后重试');
  } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

function openForm(me) {
  show('scan-form');
  if (me) for (const k of ['name', 'id_number', 'phone']) form.elements[k].value = me[k] || '';
}

form.addEventListener('submit', ev => {
  ev.preventDefault();
  clearErrors();
  const f = form.elements;
  const me = {
    name: f.name.value.trim(),
    id_number: f.id_number.value.trim().toUpperCase(),
    phone: f.phone.value.replace(/[\s-]/g, ''),
  };
  for (const k of ['name', 'id_number', 'phone'])
    if (!me[k]) return showError(k, REQUIRED);
  submit(me, form.querySelector('button[type=submit]'), f.remember.checked);
});

$('confirm').addEventListener('click', () => submit(recalled(), $('confirm'), true));
$('change').addEventListener('click', () => { clearErrors(); openForm(recalled()); });

async function start() {
  if (!/^[0-9a-z]{4,64}$/i.test(code)) {
    setStatus('请使用手机扫描场所张贴的“场所码”进行登记。', !!code);
    return;
  }
  let r;
  try {
    r = await getJSON(`api/v1/public/venues/${encodeURIComponent(code)}`);
  } catch {
    setStatus('网络异常，请检查网络后刷新页面', true);
    return;
  }
  if (r.status !== 200) {
    setStatus('场所码无效或未通过审核，请扫描场所张贴的二维码。', true);
    return;
  }
  venue = r.data;
  setStatus('');
  $('v-name').textContent = venue.name;
  $('v-meta').textContent = [venue.type_label, venue.address].filter(Boolean).join(' · ');
  $('venue').hidden = false;
  document.title = `${venue.name} · 场所码登记`;
  const me = recalled();
  if (me) {
    $('k-name').textContent = me.name;
    $('k-id').textContent = maskId(me.id_number);
    show('known');
  } else {
    openForm(null);
  }
}

start();
