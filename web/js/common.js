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
export async function loadMeta(version) {
  try {
    const kept = JSON.parse(sessionStorage.getItem(META_KEY) || 'null');
    if (version && kept && kept.labels && kept.version === version) {
      useMeta(kept);
      return;
    }
  } catch { /* a broken copy: fetch again */ }
  const m = await api('GET', '/meta');
  useMeta(m);
  try { sessionStorage.setItem(META_KEY, JSON.stringify(m)); } catch { /* full: keep it in memory */ }
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

const k = s => KIND_LABEL[s] || s;
const REASONS = [
  [/^username or password is wrong$/, () => '用户名或密码错误'],
  [/^account is locked after (\d+) failed logins; try again in (\d+) minutes?$/,
    m => `账户已锁定：连续 ${m[1]} 次登录失败，请 ${m[2]} 分钟后再试`],
  [/^account is disabled$/, () => '账户已停用'],
  [/^please log in$/, () => '请先登录'],
  [/^session expired, please log in again$/, () => '登录已过期，请重新登录'],
  [/^is missing or wrong; reload the page$/, () => '缺失或错误，请刷新页面后重试'],
  [/^is outside your jurisdiction$/, () => '超出您的辖区范围'],
  [/^your role \((.+)\) may not do this$/, m => `您的角色（${roleLabel(m[1])}）无权执行此操作`],
  [/^is required$/, () => '必填'],
  [/^must not be empty$/, () => '不能为空'],
  [/^is empty$/, () => '为空'],
  [/^\S+ already has a (\w+) of this name$/, m => `同一上级下已有同名${k(m[1])}`],
  [/^\S+ already has a child of this name$/, () => '同一上级下已有同名节点'],
  [/^a (\w+) belongs under a (\w+), not a (\w+)$/,
    m => `${k(m[1])}应隶属于${k(m[2])}，而不是${k(m[3])}`],
  [/^a (\w+) is bound to a (\w+), not a (\w+)$/,
    m => `${roleLabel(m[1])}须绑定到${k(m[2])}，而不是${k(m[3])}`],
  [/^is a national division; its name is official$/, () => '国家行政区划的名称不能修改'],
  [/^must be a division code of 2, 4, 6, 9, 12 or 15 digits$/,
    () => '须为 2、4、6、9、12 或 15 位数字的区划编码'],
  [/^must be the parent's code followed by 3 digits \(001-999\)$/,
    () => '须为上级编码加 3 位数字（001–999）'],
  [/^must be "community" or "grid"$/, () => '须为“村社区”或“网格”'],
  [/^is already in use$/, () => '已被占用'],
  [/^has no free codes left/, () => '下级编码已用完（最多 999 个）'],
  [/^header must name the columns kind, name and parent$/,
    () => '表头须包含 类型、名称、上级编码 三列（或 kind、name、parent）'],
  [/^is not UTF-8/, () => '不是 UTF-8 编码（可能是 GBK）：请在 Excel/WPS 中另存为“CSV UTF-8”后重试'],
  [/^must be 3 to 32 characters$/, () => '须为 3 到 32 个字符'],
  [/^must start with a lower-case letter$/, () => '须以小写字母开头'],
  [/^may hold only a-z, 0-9/, () => '只能包含小写字母、数字和 _ . -'],
  [/^must be at least (\d+) characters$/, m => `至少 ${m[1]} 个字符`],
  [/^must be at most (\d+) characters, got (\d+)$/, m => `最多 ${m[1]} 个字符（现有 ${m[2]} 个）`],
  [/^must mix three of/, () => '须包含小写字母、大写字母、数字、其他符号中的至少三类'],
  [/^is not a known role$/, () => '不是已知的角色'],
  [/^you cannot disable yourself$/, () => '不能停用自己的账户'],
  [/^must not contain control characters$/, () => '不能包含控制字符'],
  [/^must be valid UTF-8 text$|^is not valid UTF-8$/, () => '不是有效的 UTF-8 文本'],
  [/^is too long/, () => '过长'],
  [/^is larger than this endpoint accepts$/, () => '过大'],
  [/^server is busy, try again shortly$/, () => '服务器繁忙，请稍后重试'],
  [/^(no such \w+|not found)/, () => '不存在'],
  // the screening ledger
  [/^must be a grid \(网格\), not a (\w+)$/, m => `须为网格，而不是${k(m[1])}`],
  [/^must be the code of a grid \(15 digits\)$/, () => '须为网格编码（15 位数字）'],
  [/^does not exist$/, () => '不存在'],
  [/^is already registered for another person$/, () => '已登记为另一人，同一身份证号不能重复登记'],
  [/^must be 18 characters \(15 digits for an old number\), got (\d+)$/,
    m => `须为 18 位（旧版 15 位），现为 ${m[1]} 位`],
  [/^last character must be a digit or X$/, () => '最后一位须为数字或 X'],
  [/^character (\d+) must be a digit$/, m => `第 ${m[1]} 位须为数字`],
  [/^check digit does not match, expected \w$/, () => '校验位不符，请核对号码是否抄错'],
  [/^birth date is in the future$|^is in the future$/, () => '出生日期晚于今天'],
  [/^(birth )?year (\d+) is (before|after) (\d+)$/,
    m => `${m[1] ? '出生' : ''}年份 ${m[2]} ${m[3] === 'before' ? '早于' : '晚于'} ${m[4]} 年`],
  [/^(birth )?month (\d+) does not exist$/, m => `${m[1] ? '出生' : ''}月份 ${m[2]} 不存在`],
  [/^(birth )?date (\S+) does not exist$/, m => `${m[1] ? '出生' : ''}日期 ${m[2]} 不存在`],
  [/^must be a date such as/, () => '须为日期，如 2022-02-02'],
  [/^must be 11 digits starting with 1$/, () => '须为 1 开头的 11 位手机号'],
  [/^must be a mainland number \(\+86\)$/, () => '须为中国大陆手机号（+86）'],
  [/^must contain only digits, spaces and dashes$/, () => '只能包含数字、空格和短横线'],
  [/^must be 0 \(unknown\), 1 \(male\), 2 \(female\) or 9/, () => '须为 未知、男、女 或 未说明'],
  [/^must be 0, 1, 2 or 9$/, () => '须为 未知、男、女 或 未说明'],
  [/^must be a positive (integer|number)$/, () => '须为正整数'],
  [/^must be visited, nobody_home, empty or refused$/, () => '须为 已走访、无人在家、空置房 或 拒绝配合'],
  [/^must be true or false$/, () => '须为“是”或“否”'],
  [/^must be a string$/, () => '须为文本'],
  [/^already has an open round \((.*)\)$/, m => `已有进行中的排查轮次（${m[1]}），请先结束本轮`],
  [/^no screening round is open here$/, () => '当前没有进行中的排查轮次，请联系乡镇街道或指挥部开启'],
  [/^no screening round$/, () => '没有排查轮次'],
  [/^is not open$/, () => '已经结束'],
  // arrivals and self-reports (社区报备)
  [/^is required to reject a report$/, () => '驳回时须填写理由，以便告知报备人'],
  [/^is required \(true or false\)$/, () => '必填'],
  [/^must be pending, confirmed or rejected$/, () => '须为 待审核、已确认 或 已驳回'],
  [/^must be a number of days from 1 to (\d+)$/, m => `须为 1 到 ${m[1]} 之间的天数`],
  // import and export
  [/^the header needs the column (\S+) \((\w+)\)$/, m => `表头缺少“${m[1]}”列`],
  [/^must be 男, 女, 1, 2 or 9$/, () => '须为 男、女、1、2 或 9'],
  [/^must be persons or households$/, () => '须为 人员 或 住户'],
  [/^must be csv, csv-gb18030 or xlsx$/, () => '须为 CSV 或 Excel'],
  [/^the export is too large/, () => '导出内容过大，请选择下级单位分别导出'],
  [/^contains a NUL byte/, () => '含有空字符：UTF-16 编码的文件请在 Excel/WPS 中另存为“CSV UTF-8”'],
  [/^row is longer than/, () => '这一行过长（超过 64 KB）'],
  [/^row has more than (\d+) fields$/, m => `这一行超过 ${m[1]} 列`],
  [/^quoted field is not closed$/, () => '引号没有闭合'],
  [/^text after a closing quote$/, () => '引号后还有多余的文字'],
  // venue codes
  [/^must be one of supermarket/, () => '请从列表中选择场所类型'],
  [/^must be the code of a town, community or grid$/, () => '须为乡镇（街道）、村（社区）或网格'],
  [/^this venue at this address is already applied for or approved$/,
    () => '该地址的同名场所已提交申请或已通过审核，请勿重复申请'],
  [/^is not a venue you applied for$/, () => '不是您申请的场所'],
  [/^is required to reject an application$/, () => '驳回时须填写理由'],
  [/^has already been decided$/, () => '已审核过（可能其他工作人员已处理），请刷新后查看'],
  [/^is not approved; it has no code yet$/, () => '尚未通过审核，还没有场所码'],
  [/^must be approve or reject$/, () => '须为“通过”或“驳回”'],
  [/^must be applied, approved or rejected$/, () => '须为 待审核、已通过 或 未通过'],
  [/^must be a whole number from 0 to (\d+)$/, m => `须为 0 到 ${m[1]} 的整数`],
  // checkpoints, passes, referrals
  [/^must be from 34\.0 to 43\.0 °C, got (.+)$/, m => `须在 34.0–43.0 °C 之间（填写了 ${m[1]}）`],
  [/^must be in °C from 34\.0 to 43\.0, .* looks like °F$/, () => '请按摄氏度（°C）填写，须在 34.0–43.0 之间'],
  [/^must be a number such as 36\.5$|^must be a number( of °C)?$/, () => '须为数字，如 36.5'],
  [/^the pass is of (\d{4})-(\d{2})-(\d{2}); a pass is valid only on the day it was submitted$/,
    m => `这是 ${m[1]}年${Number(m[2])}月${Number(m[3])}日 填报的通行码，仅当日有效，请对方重新扫码填报`],
  [/^compare the ID card before letting a person pass$/, () => '放行前须核对身份证件'],
  [/^must be passed or turned_back$/, () => '须为 放行 或 劝返'],
  [/^must be a code of (\d+) letters and digits$/, m => `须为 ${m[1]} 位字母和数字组成的编码`],
  [/^is already the name of a checkpoint here$/, () => '本单位已有同名卡点'],
  [/^must be highway, road, rail, bus, airport, village or other$/, () => '请选择卡点类型'],
  [/^is already (pending|received|closed)$/,
    m => `已是“${{ pending: '待接收', received: '已接收', closed: '已关闭' }[m[1]]}”`],
  [/^has changed meanwhile; reload$/, () => '已被他人处理，请刷新后重试'],
  [/^must be received or closed$/, () => '须为 已接收 或 已关闭'],
  [/^must be pending, received or closed$/, () => '须为 待接收、已接收 或 已关闭'],
  [/^is required \(the checkpoint where you check\)$/, () => '请先选择您所在的卡点'],
];

export function translateReason(reason) {
  for (const [re, f] of REASONS) {
    const m = re.exec(reason);
    if (m) return f(m);
  }
  return reason;   // unknown: the server's own words
}

const STATUS_TEXT = {
  401: '请先登录', 403: '无权执行此操作', 404: '不存在', 405: '不支持的请求',
  409: '与现有数据冲突', 413: '内容过大', 429: '账户已锁定', 500: '服务器内部错误',
  503: '服务器繁忙，请稍后重试',
};

export class ApiError extends Error {
  constructor(status, body) {
    const field = body && typeof body.field === 'string' ? body.field : '';
    let raw = body && typeof body.error === 'string' ? body.error : '';
    let reason = raw;
    if (field && raw.startsWith(field + ': ')) reason = raw.slice(field.length + 2);
    const zh = reason ? translateReason(reason) : (STATUS_TEXT[status] || `请求失败（${status}）`);
    super(zh);
    this.status = status;
    this.code = body && body.code || '';
    this.field = field;
    this.reason = zh;                       // without the field
    this.raw = raw;                         // the server's text
    this.text = field ? `${fieldLabel(field)}：${zh}` : zh;
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
    setNotice(err.raw === 'please log in' ? '请先登录' : '登录已过期，请重新登录');
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
REASONS.push(
  [/^must not be in the future$/, () => '不能晚于今天'],
  [/^must not be before the onset date$/, () => '不能早于发病日期'],
  [/^must not be before from$/, () => '不能早于开始时间'],
  [/^a new case must be suspected, confirmed or asymptomatic$/,
    () => '新报告的病例须为 疑似病例、确诊病例 或 无症状感染者'],
  [/^a (\w+) case cannot become (\w+)$/, () => '当前状态不能转为该状态'],
  [/^must be suspected, confirmed, asymptomatic/, () => '请选择病例状态'],
  [/^must be imported, local or unknown$/, () => '须为 输入、本土 或 不明'],
  [/^already has a case$/, () => '该人员已有病例记录'],
  [/^no person with this ID number$/, () => '台账中没有该身份证号的人员，请先登记'],
  [/^must not be the case itself$/, () => '不能是本病例自己'],
  [/^would make a cycle of sources$/, () => '会使传播链形成循环'],
  [/^must be a confirmed or asymptomatic case$/, () => '须为确诊病例或无症状感染者'],
  [/^the case needs an onset or a positive sample date$/,
    () => '请先填写发病日期或阳性采样日期，以确定传染期'],
  [/^leaves no infectious window$/, () => '隔离日期早于传染期开始，无需追踪'],
  [/^is required to dismiss a contact$/, () => '排除密接时须填写理由'],
  [/^was decided already$/, () => '已处理过（可能其他人员已确认或排除），请刷新后查看'],
  [/^must be csv or xlsx$/, () => '须为 CSV 或 Excel'],
);
