// pass.js - the public pass page (一码通行): no account, no cookie.
// pass.html?c=CHECKPOINT shows the form of that checkpoint; a submission
// (POST /api/v1/public/passes) turns into the pass: a big QR code of its
// code, the day it is valid and the holder's masked ID. The pass stays
// re-openable: its code goes into the address (&p=CODE) and localStorage,
// so reopening the page the same day shows it again.

import { messageOf, REQUIRED, getJSON } from './public_form.js';

const KEY = 'lf_pass';
const params = new URLSearchParams(location.search);
let checkpoint = (params.get('c') || '').trim();
let passCode = (params.get('p') || '').trim();

const $ = id => document.getElementById(id);
const form = $('pass-form');
const statusLine = $('status');

const LABELS = {
  checkpoint: '卡点', name: '姓名', id_number: '身份证号', phone: '手机号', plate: '车牌号',
  origin_name: '出发地', remarks: '备注',
};

function setStatus(text, bad) {
  statusLine.textContent = text || '';
  statusLine.className = 'status' + (bad ? ' bad' : '');
  statusLine.hidden = !text;
}

// 2026-11-24 → 2026年11月24日
function zhDate(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : d;
}

function remember(p) {
  try { localStorage.setItem(KEY, JSON.stringify({ code: p.code, day: p.day, c: checkpoint })); } catch { /* private mode */ }
}
function recalled() {
  try { return JSON.parse(localStorage.getItem(KEY) || 'null'); } catch { return null; }
}
function forget() {
  try { localStorage.removeItem(KEY); } catch { /* private mode */ }
}

function localToday() {
  return new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
}

function render(p) {
  form.hidden = true;
  setStatus('');
  const box = $('pass');
  const state = $('state');
  box.hidden = false;
  box.classList.toggle('expired', !p.valid_today);
  state.textContent = p.valid_today
    ? '当日有效 · 全市通行'
    : `已失效：此码为${zhDate(p.day)}填报，仅当日有效，请重新填报`;
  $('qr').src = `api/v1/public/passes/${encodeURIComponent(p.code)}/qr.svg`;
  $('code').textContent = p.code.replace(/(.{4})(?=.)/g, '$1 ');
  $('p-name').textContent = p.name;
  $('p-id').textContent = p.id_number;
  $('p-plate').textContent = p.plate || '无（乘客 / 步行）';
  $('p-origin').textContent = p.origin_name;
  $('p-checkpoint').textContent = p.checkpoint;
  $('p-day').textContent = zhDate(p.day);
  $('again').hidden = !checkpoint;
  document.title = `通行码 ${p.name} · 一码通行`;
}

async function showPass(code) {
  let r;
  try {
    r = await getJSON(`api/v1/public/passes/${encodeURIComponent(code)}`);
  } catch {
    setStatus('网络异常，请检查网络后刷新页面', true);
    return true;
  }
  if (r.status !== 200) {
    forget();
    return false;
  }
  if (r.data.valid_today) remember(r.data);
  render(r.data);
  return true;
}

async function showForm() {
  let r;
  try {
    r = await getJSON(`api/v1/public/checkpoints/${encodeURIComponent(checkpoint)}`);
  } catch {
    setStatus('网络异常，请检查网络后刷新页面', true);
    return;
  }
  if (r.status !== 200) {
    setStatus('卡点二维码无效，请重新扫描卡点张贴的二维码。', true);
    return;
  }
  $('at').textContent = `${r.data.kind_label} · ${r.data.name}`;
  $('pass').hidden = true;
  setStatus('');
  form.hidden = false;
}

function clearErrors() {
  for (const e of form.querySelectorAll('.err')) e.textContent = '';
  for (const i of form.querySelectorAll('[aria-invalid]')) i.removeAttribute('aria-invalid');
}

// text: in Chinese (the server's message, or the page's own words)
function showError(field, text) {
  const slot = form.querySelector(`.err[data-for="${field}"]`);
  const input = form.elements[field];
  if (slot && input) {
    slot.textContent = text;
    input.setAttribute('aria-invalid', 'true');
    input.focus();
  } else {
    $('form-error').textContent = (LABELS[field] ? LABELS[field] + '：' : '') + text;
  }
}

// A refusal of the checkpoint means the QR code scanned was bad: say so.
function refusal(data) {
  if (data.field === 'checkpoint')
    return data.key === 'record.not_found' ? '卡点不存在，请重新扫描卡点二维码'
      : '二维码无效，请重新扫描卡点二维码';
  return messageOf(data, '提交失败');
}

form.addEventListener('submit', async ev => {
  ev.preventDefault();
  clearErrors();
  const f = form.elements;
  const body = { checkpoint };
  for (const k of ['name', 'id_number', 'phone', 'plate', 'origin_name', 'remarks'])
    body[k] = f[k].value.trim();
  body.id_number = body.id_number.toUpperCase();
  body.plate = body.plate.toUpperCase();
  for (const k of ['name', 'id_number', 'phone', 'origin_name'])
    if (!body[k]) return showError(k, REQUIRED);
  const button = form.querySelector('button');
  button.disabled = true;
  button.textContent = '正在提交…';
  try {
    const r = await fetch('api/v1/public/passes', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    const data = await r.json().catch(() => ({}));
    if (r.status === 201) {
      passCode = data.code;
      remember(data);
      history.replaceState(null, '', `pass.html?c=${encodeURIComponent(checkpoint)}&p=${encodeURIComponent(data.code)}`);
      form.reset();
      render(data);
      window.scrollTo(0, 0);
    } else if (r.status === 503) {
      showError('', '系统繁忙，请稍后再试');
    } else {
      showError(data.field || '', refusal(data));
    }
  } catch {
    showError('', '网络异常，请检查网络后重试');
  } finally {
    button.disabled = false;
    button.textContent = '提交并生成通行码';
  }
});

$('again').addEventListener('click', () => {
  history.replaceState(null, '', `pass.html?c=${encodeURIComponent(checkpoint)}`);
  passCode = '';
  showForm();
});

async function start() {
  if (!passCode) {
    const last = recalled();
    if (last && last.code && last.day === localToday()) {
      passCode = last.code;
      if (!checkpoint && last.c) checkpoint = last.c;      // for 重新填报
    }
  }
  if (passCode && await showPass(passCode)) return;
  if (checkpoint) return showForm();
  setStatus('请使用手机扫描卡点张贴的“一码通行”二维码进行填报。');
}

start();
