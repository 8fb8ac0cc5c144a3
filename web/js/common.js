// common.js - what every Lianfang page shares: the API client (cookie
// session + X-CSRF-Token), a DOM builder that only ever sets text, the
// labels of every enumeration (statuses, kinds, roles: GET /meta, from the
// server's own tables), what the caller may do (GET /me's rights and
// modules), and the translation of the server's error bodies
// ({"error","code","field"}) into Chinese shown next to the field at fault.

const API = '/api/v1';
const CSRF_KEY = 'lf_csrf';
const NOTICE_KEY = 'lf_notice';
const DISPLAY_KEY = 'lf_display';
const META_KEY = 'lf_meta';

// ---- labels (GET /meta) ----------------------------------------------------
// The server's label tables, {name: [{id, label, tone?}]}, fetched once per
// tab and kept in sessionStorage under their version: GET /me tells the
// version in force, and a new server's tables replace the copy.
let meta = { version: '', labels: {} };
const byId = new Map();            // name → Map(id → row)

// Filled from the tables (the error texts below read them).
export const KIND_LABEL = {};
export const ROLE_LABEL = {};

function useMeta(m) {
  meta = m;
  byId.clear();
  for (const [name, rows] of Object.entries(m.labels || {}))
    byId.set(name, new Map(rows.map(r => [String(r.id), r])));
  for (const r of labels('node_kind')) KIND_LABEL[r.id] = r.label;
  for (const r of labels('role')) ROLE_LABEL[r.id] = r.label;
}

// Make the tables of `version` available (from this tab's copy if it is
// that version, else from the server); resolves when they are.
export async function loadMeta(version, early) {
  try {
    const kept = JSON.parse(sessionStorage.getItem(META_KEY) || 'null');
    if (version && kept && kept.labels && kept.version === version) {
      useMeta(kept);
      return;
    }
  } catch { /* a broken copy: fetch again */ }
  const m = (early && await early.catch(() => null)) || await api('GET', '/meta');
  useMeta(m);
  try { sessionStorage.setItem(META_KEY, JSON.stringify(m)); } catch { /* full: keep it in memory */ }
}

// Whether this tab holds a copy of the tables (else GET /meta may start
// alongside GET /me, its promise handed to loadMeta as early).
export function metaKept() {
  try { return !!sessionStorage.getItem(META_KEY); } catch { return false; }
}

// The rows of a table in the server's order ([] before loadMeta).
export function labels(name) { return meta.labels[name] || []; }
// The label of id in a table; the id itself when the table has no row.
export function label(name, id) {
  const r = byId.get(name)?.get(String(id));
  return r ? r.label : (id ?? '') + '';
}
// How a page marks id ('ok', 'warn', 'bad', 'muted' or '').
export function tone(name, id) { return byId.get(name)?.get(String(id))?.tone || ''; }

export function kindLabel(kind) { return label('node_kind', kind || ''); }
export function roleLabel(role) { return label('role', role || ''); }

// ---- what the caller may do (GET /me) ----------------------------------------
// me.rights: the names of the caller's rights ("case.write", ...); me.nav:
// the modules it may open. The server checks every call again.
export function can(me, right) { return !!me && Array.isArray(me.rights) && me.rights.includes(right); }
export function hasModule(me, id) { return !!me && Array.isArray(me.nav) && me.nav.some(m => m.id === id); }

// ---- session storage -------------------------------------------------------
export function setCsrf(v) { if (v) sessionStorage.setItem(CSRF_KEY, v); }
export function getCsrf() { return sessionStorage.getItem(CSRF_KEY) || ''; }
export function setDisplayName(username, name) {
  sessionStorage.setItem(DISPLAY_KEY, JSON.stringify({ username, name: name || '' }));
}
export function getDisplayName(username) {
  try {
    const d = JSON.parse(sessionStorage.getItem(DISPLAY_KEY) || 'null');
    return d && d.username === username ? d.name : '';
  } catch { return ''; }
}
export function clearSession() {
  sessionStorage.removeItem(CSRF_KEY);
  sessionStorage.removeItem(DISPLAY_KEY);
}
export function setNotice(text) { sessionStorage.setItem(NOTICE_KEY, text); }
export function takeNotice() {
  const t = sessionStorage.getItem(NOTICE_KEY);
  sessionStorage.removeItem(NOTICE_KEY);
  return t || '';
}

// ---- errors ----------------------------------------------------------------
const FIELD_LABEL = {
  username: '用户名', password: '密码', name: '名称', code: '编码', parent: '上级编码',
  kind: '类型', role: '角色', node: '辖区编码', display_name: '姓名', file: '文件',
  body: '请求内容', disabled: '状态', id: '编号', 'X-CSRF-Token': '校验令牌',
  before: '起始编号', limit: '条数', user: '用户编号', action: '操作', session: '会话方式',
  grid: '网格', address: '住址', household_id: '住户编号', id_number: '身份证号',
  phone: '手机号', sex: '性别', birth_date: '出生日期', relation: '与户主关系',
  is_floating: '流动人口', is_head: '户主', outcome: '走访结果', remarks: '备注',
  round: '排查轮次', round_id: '排查轮次', after: '起始编号',
  reason: '驳回理由', confirm: '审核结果', status: '状态', days: '天数', what: '导出内容',
  format: '文件格式', community: '村（社区）', origin_name: '来源地', origin_code: '来源地编码',
  arrival_date: '到达日期', transport: '交通方式',
  type: '场所类型', contact_name: '联系人', contact_phone: '联系电话', decision: '审核结果',
  checkpoint_id: '卡点', temperature: '体温', id_confirmed: '身份证件核验', day: '日期',
  plate: '车牌号', road: '位置',
};

export function fieldLabel(field) {
  if (!field) return '';
  const m = /^line (\d+)(?:\.(.+))?$/.exec(field);
  if (m) return `第 ${m[1]} 行` + (m[2] ? ' ' + fieldLabel(m[2]) : '');
  return FIELD_LABEL[field] || field;
}

const STATUS_TEXT = {
  401: '请先登录', 403: '无权执行此操作', 404: '不存在', 405: '不支持的请求',
  409: '与现有数据冲突', 413: '内容过大', 429: '账户已锁定', 500: '服务器内部错误',
  503: '服务器繁忙，请稍后重试',
};

// An error reply of the API (docs/API.md, "Errors"): the server writes the
// message in Chinese from its error table; the page shows it and parses
// nothing. text: with the field's label ("手机号：须为…"), for a message box;
// reason: without it, for the box under the field; key: the stable key
// ("phone.format") for the rare page that acts on a particular error.
export class ApiError extends Error {
  constructor(status, body) {
    const str = m => (body && typeof body[m] === 'string' ? body[m] : '');
    const fallback = STATUS_TEXT[status] || `请求失败（${status}）`;
    const text = str('error') || str('message') || fallback;
    super(text);
    this.status = status;
    this.code = str('code');
    this.key = str('key');
    this.field = str('field');
    this.reason = str('message') || text;   // without the field
    this.text = text;
    this.body = body || null;               // e.g. an import's errors[]
  }
}

// ---- API -------------------------------------------------------------------
// api('GET', '/me') → parsed JSON (null for 204); throws ApiError.
// A 401 outside the login page sends the browser to the login page.
export async function api(method, path, body, { noRedirect = false } = {}) {
  const headers = { accept: 'application/json' };
  let payload;
  if (body !== undefined && body !== null) {
    if (body instanceof Blob || body instanceof ArrayBuffer || typeof body === 'string') {
      payload = body;
      headers['content-type'] = 'text/csv; charset=utf-8';
    } else {
      payload = JSON.stringify(body);
      headers['content-type'] = 'application/json';
    }
  }
  if (method !== 'GET') headers['X-CSRF-Token'] = getCsrf();
  let r;
  try {
    r = await fetch(API + path, { method, headers, body: payload, credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { error: '无法连接服务器，请检查网络后重试' });
  }
  const text = await r.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (r.ok) return data;
  throw failed(r.status, data, noRedirect);
}

function failed(status, data, noRedirect) {
  const err = new ApiError(status, data);
  if (status === 401 && !noRedirect) {
    clearSession();
    setNotice(err.reason);   // 请先登录, 登录已过期…, 账户已停用
    location.replace('index.html');
  }
  return err;
}

// GET a file the server sends as a download (an export):
// { blob, filename } with the name from Content-Disposition; throws
// ApiError like api().
export async function apiFile(path) {
  let r;
  try {
    r = await fetch(API + path, { credentials: 'same-origin' });
  } catch {
    throw new ApiError(0, { error: '无法连接服务器，请检查网络后重试' });
  }
  if (!r.ok) {
    let data = null;
    try { data = await r.json(); } catch { data = null; }
    throw failed(r.status, data, false);
  }
  const m = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') || '');
  return { blob: await r.blob(), filename: m ? m[1] : 'export' };
}

// Hand a blob to the browser as a download named filename.
export function saveBlob(blob, filename) {
  const url = URL.createObjectURL(blob);
  const a = el('a', { href: url, download: filename, hidden: true });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

// ---- DOM -------------------------------------------------------------------
// el('a', {class:'x', href:'#', on:{click: f}}, 'text', child) — text only.
export function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  if (attrs) {
    for (const [key, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) continue;
      if (key === 'on') for (const [ev, f] of Object.entries(v)) e.addEventListener(ev, f);
      else if (key === 'text') e.textContent = String(v);
      else if (key === 'class') e.className = v;
      else if (key === 'value') e.value = v;
      else if (key === 'dataset') Object.assign(e.dataset, v);
      else e.setAttribute(key, v === true ? '' : String(v));
    }
  }
  append(e, children);
  return e;
}

function append(e, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(e, c);
    else e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }

let idSeq = 0;
// A labelled form field; the error of `name` appears under it.
export function field(label, input, hint) {
  if (!input.id) input.id = 'f' + (++idSeq);
  return el('div', { class: 'field' },
    el('label', { for: input.id, text: label }), input,
    hint ? el('div', { class: 'hint', text: hint }) : null,
    el('div', { class: 'field-error', role: 'alert', dataset: { for: input.name || '' } }));
}

// Clear the messages of a form.
export function resetErrors(form) {
  for (const e of form.querySelectorAll('.field-error, .form-error')) e.textContent = '';
  for (const e of form.querySelectorAll('[aria-invalid]')) e.removeAttribute('aria-invalid');
}

// Show an ApiError in a form: next to its field when the form has it,
// else in the form's .form-error box.
export function showError(form, err) {
  const text = err instanceof ApiError ? err : null;
  const fieldName = text ? text.field : '';
  if (fieldName) {
    const input = form.querySelector(`[name="${CSS.escape(fieldName)}"]`);
    const box = form.querySelector(`.field-error[data-for="${CSS.escape(fieldName)}"]`);
    if (input && box) {
      box.textContent = err.reason;
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
  }
  const box = form.querySelector('.form-error');
  const msg = text ? err.text : (err && err.message) || String(err);
  if (box) box.textContent = msg;
  else alert(msg);
}

// Run f while the submit button is disabled; returns f's result.
export async function busy(button, f, busyText) {
  const label = button.textContent;
  button.disabled = true;
  if (busyText) button.textContent = busyText;
  try { return await f(); } finally {
    button.disabled = false;
    button.textContent = label;
  }
}

// 2026-11-24T01:04:56+08:00 → 2026-11-24 01:04:56 (already Asia/Shanghai)
export function fmtTime(iso) {
  if (!iso) return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}(?::\d{2})?)/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

// A status message line (role=status) that can be set and cleared.
export function statusLine(cls = 'status') {
  const e = el('p', { class: cls, role: 'status' });
  e.set = (text, kind) => {
    e.textContent = text || '';
    e.className = cls + (kind ? ' ' + kind : '');
  };
  return e;
}

// ---- cases (病例、流调、密接、传播链) ------------------------------------------
Object.assign(FIELD_LABEL, {
  person_id: '人员', onset_date: '发病日期', sample_date: '阳性采样日期',
  isolation_date: '隔离（入院）日期', hospital: '定点医院', source: '感染来源',
  source_case_id: '传染来源病例', source_remarks: '来源说明', venue_id: '场所编号',
  place: '地点', from: '开始时间', to: '结束时间',
});
