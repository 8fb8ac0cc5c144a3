// audit.js - 审计日志 (administrator, auditor): entries newest first,
// 50 at a time, "加载更多" asks for ?before=<last id>; filters by action
// prefix and user id. #/audit/person (an ID number to type) and
// #/audit/person/ID (a ledger person id, linked from rows about a person):
// 谁查看过此人, everyone whose read named that person (GET /audit/person).
import { api, el, roleLabel, labels, label, fmtTime, field, fieldLabel } from './common.js';

const PAGE = 50;
// the actions, the groups to filter by and the details in words: the
// server's tables (audit_action, audit_group, audit_detail in GET /meta)
const filters = () => [['', '全部操作'], ...labels('audit_group').map(g => [g.id, g.label])];

export function render(view, ctx, arg) {
  if (/^person(\/|$)/.test(arg || '')) return renderPerson(view, (arg || '').slice(7));
  const params = new URLSearchParams(arg || '');
  const action = params.get('action') || '';
  const user = /^\d+$/.test(params.get('user') || '') ? params.get('user') : '';

  const select = el('select', { name: 'action' },
    filters().map(([v, t]) => el('option', { value: v, text: t, selected: v === action })));
  const userInput = el('input', { name: 'user', type: 'text', inputmode: 'numeric',
    value: user, maxlength: 12, placeholder: '全部', autocomplete: 'off' });
  const form = el('form', { class: 'section-head filters', novalidate: true },
    el('div', { class: 'inline' }, field('操作类型', select), field('用户编号', userInput),
      el('button', { type: 'submit', text: '筛选' })));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const q = new URLSearchParams();
    if (select.value) q.set('action', select.value);
    if (userInput.value.trim()) q.set('user', userInput.value.trim());
    location.hash = '#/audit/' + q.toString();
  });

  const tbody = el('tbody');
  const table = el('table', { class: 'rt audit' },
    el('thead', {}, el('tr', {},
      ['时间', '用户', '角色', '操作', '对象', '结果', '来源地址', '详情']
        .map(t => el('th', { text: t })))),
    tbody);
  const more = el('button', { type: 'button', class: 'wide', text: '加载更多' });
  const status = el('p', { class: 'status', role: 'status' });
  view.append(
    el('div', { class: 'page-head' }, el('h2', { text: '审计日志' }),
      el('p', { class: 'hint', text: '记录登录、查看与修改等操作（谁、何时、从何处、做了什么），只增不改，保存至少 6 个月。' }),
      el('p', {}, el('a', { href: '#/audit/person', class: 'button', text: '谁查看过此人' }))),
    el('section', { class: 'card' }, form,
      el('div', { class: 'table-wrap' }, table), status, more));

  let lastId = 0;
  async function loadMore() {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (lastId) q.set('before', String(lastId));
    if (action) q.set('action', action);
    if (user) q.set('user', user);
    more.disabled = true;
    status.textContent = '正在加载…';
    let entries;
    try {
      entries = (await api('GET', '/audit?' + q.toString())).entries;
    } catch (err) {
      status.textContent = err.text;
      status.className = 'status bad';
      more.disabled = false;
      return;
    }
    for (const a of entries) tbody.append(row(a));
    if (entries.length) lastId = entries[entries.length - 1].id;
    const n = tbody.children.length;
    more.disabled = false;
    more.hidden = entries.length < PAGE;
    status.className = 'status';
    status.textContent = n === 0 ? '没有符合条件的记录。'
      : entries.length < PAGE ? `共 ${n} 条，已全部加载。` : `已显示 ${n} 条。`;
  }
  more.addEventListener('click', loadMore);
  loadMore();
}

// The server's details are short English words or identifiers.
function detailText(d) {
  if (!d) return '—';
  if (label('role', d) !== d) return `${label('role', d)}（${d}）`;
  for (const table of ['audit_detail', 'visit_outcome'])
    if (label(table, d) !== d) return label(table, d);
  const q = /^node=(\d+)((?: \w+)*)$/.exec(d);      // person.list: which fields were used
  if (q) {
    const used = q[2].trim().split(' ').filter(Boolean).map(fieldLabel);
    return `辖区 ${q[1]}，` + (used.length ? `按${used.join('、')}查询` : '未加条件');
  }
  const m = /^(\d+) rows?$/.exec(d);
  return m ? `${m[1]} 行` : d;
}

function row(a) {
  const text = label('audit_action', a.action);
  const known = text !== a.action;
  return el('tr', { class: a.success ? '' : 'failed', dataset: { id: String(a.id) } },
    el('td', { class: 'nowrap', 'data-label': '时间', text: fmtTime(a.at) }),
    el('td', { 'data-label': '用户' }, el('span', { text: a.username || '—' }),
      a.user_id ? el('span', { class: 'sub', text: '#' + a.user_id }) : null),
    el('td', { 'data-label': '角色', text: roleLabel(a.role) || '—' }),
    el('td', { 'data-label': '操作' }, el('span', { text }),
      known ? el('span', { class: 'sub mono', text: a.action }) : null),
    el('td', { class: 'mono', 'data-label': '对象' }, recordCell(a.record)),
    el('td', { 'data-label': '结果' },
      el('span', { class: 'badge ' + (a.success ? 'ok' : 'bad'), text: a.success ? '成功' : '失败' })),
    el('td', { class: 'mono', 'data-label': '来源地址', text: a.addr || '—' }),
    el('td', { class: 'detail', 'data-label': '详情', text: detailText(a.detail) }));
}

// A record about a person links to who else saw them.
function recordCell(record) {
  const m = /^person:(\d+)$/.exec(record || '');
  return m ? el('a', { href: `#/audit/person/${m[1]}`, text: record, title: '谁查看过此人' })
    : el('span', { text: record || '—' });
}

// 谁查看过此人: by ID number (typed; the server keeps only its keyed hash)
// or by a ledger person id (from a link).
function renderPerson(view, arg) {
  const personId = /^\d+$/.test(arg) ? arg : '';
  const input = el('input', { name: 'id_number', type: 'text', maxlength: 18, autocomplete: 'off',
    placeholder: '18 位身份证号', spellcheck: false });
  const form = el('form', { class: 'section-head filters', novalidate: true },
    el('div', { class: 'inline' }, field('身份证号', input),
      el('button', { type: 'submit', text: '查询' })));
  const tbody = el('tbody');
  const table = el('table', { class: 'rt audit' },
    el('thead', {}, el('tr', {}, ['时间', '查看人', '角色', '来源地址', '途径', '对象']
      .map(t => el('th', { text: t })))), tbody);
  const status = el('p', { class: 'status', role: 'status' });
  view.append(
    el('div', { class: 'page-head' }, el('h2', { text: '谁查看过此人' }),
      el('p', { class: 'hint', text: '列出查看过此人信息的每一次操作：何时、何人、从何处、通过哪个功能。按身份证号查询时，查无此人的搜索也会列出。' }),
      el('p', {}, el('a', { href: '#/audit', text: '← 返回审计日志' }))),
    el('section', { class: 'card' }, form,
      personId ? el('p', { class: 'hint', text: `人员编号 ${personId}` }) : null,
      el('div', { class: 'table-wrap' }, table), status));

  async function load(q) {
    tbody.replaceChildren();
    status.className = 'status';
    status.textContent = '正在查询…';
    let entries;
    try {
      entries = (await api('GET', '/audit/person?' + q.toString())).entries;
    } catch (err) {
      status.textContent = err.text;
      status.className = 'status bad';
      return;
    }
    for (const a of entries)
      tbody.append(el('tr', { dataset: { id: String(a.id) } },
        el('td', { class: 'nowrap', 'data-label': '时间', text: fmtTime(a.at) }),
        el('td', { 'data-label': '查看人' }, el('span', { text: a.username || '—' }),
          a.user_id ? el('span', { class: 'sub', text: '#' + a.user_id }) : null),
        el('td', { 'data-label': '角色', text: roleLabel(a.role) || '—' }),
        el('td', { class: 'mono', 'data-label': '来源地址', text: a.addr || '—' }),
        el('td', { 'data-label': '途径' }, el('span', { text: label('audit_action', a.action) }),
          el('span', { class: 'sub mono', text: a.action })),
        el('td', { class: 'mono', 'data-label': '对象', text: a.record || '—' })));
    status.textContent = entries.length ? `共 ${entries.length} 次查看。` : '没有查看此人的记录。';
  }
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    const v = input.value.trim();
    if (!v) { status.textContent = '请输入身份证号。'; status.className = 'status bad'; return; }
    load(new URLSearchParams({ id_number: v }));
  });
  if (personId) load(new URLSearchParams({ person_id: personId }));
}
