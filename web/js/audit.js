// audit.js - 审计日志 (administrator, auditor): entries newest first,
// 50 at a time, "加载更多" asks for ?before=<last id>; filters by action
// prefix and user id.
import { api, el, roleLabel, fmtTime, field, fieldLabel, ROLE_LABEL } from './common.js';

const PAGE = 50;
const ACTION_LABEL = {
  'login.ok': '登录成功', 'login.fail': '登录失败', 'login.lock': '登录失败并锁定账户',
  'login.locked': '锁定期间尝试登录', logout: '退出登录', 'auth.logout': '退出登录',
  'node.read': '查看辖区', 'node.create': '新增辖区单位', 'node.rename': '辖区单位改名',
  'node.import': '导入辖区', 'node.init': '初始化辖区', 'user.create': '新增用户',
  'user.disable': '停用用户', 'user.enable': '启用用户', 'user.password': '重置密码',
  'user.list': '查看用户列表', 'audit.read': '查看审计日志',
  'household.create': '新增住户', 'household.list': '查看待访住户', 'person.create': '登记人员',
  'person.list': '查询人员', 'round.open': '开启排查轮次', 'round.close': '结束排查轮次',
  'round.read': '查看排查轮次', 'visit.record': '记录走访', 'coverage.read': '查看排查进度',
};
const FILTERS = [
  ['', '全部操作'], ['login', '登录'], ['node', '辖区'], ['user', '用户'], ['audit', '审计'],
  ['person', '人员台账'], ['household', '住户'], ['visit', '走访'], ['round', '排查轮次'],
];

export function render(view, ctx, arg) {
  const params = new URLSearchParams(arg || '');
  const action = params.get('action') || '';
  const user = /^\d+$/.test(params.get('user') || '') ? params.get('user') : '';

  const select = el('select', { name: 'action' },
    FILTERS.map(([v, t]) => el('option', { value: v, text: t, selected: v === action })));
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
      el('p', { class: 'hint', text: '记录登录、查看与修改等操作（谁、何时、从何处、做了什么），只增不改，保存至少 6 个月。' })),
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
  if (ROLE_LABEL[d]) return `${ROLE_LABEL[d]}（${d}）`;
  const known = { 'wrong password': '密码错误', disabled: '账户已停用', visited: '已走访',
    nobody_home: '无人在家', empty: '空置房', refused: '拒绝配合' };
  if (known[d]) return known[d];
  const q = /^node=(\d+)((?: \w+)*)$/.exec(d);      // person.list: which fields were used
  if (q) {
    const used = q[2].trim().split(' ').filter(Boolean).map(fieldLabel);
    return `辖区 ${q[1]}，` + (used.length ? `按${used.join('、')}查询` : '未加条件');
  }
  const m = /^(\d+) rows?$/.exec(d);
  return m ? `${m[1]} 行` : d;
}

function row(a) {
  const label = ACTION_LABEL[a.action];
  return el('tr', { class: a.success ? '' : 'failed', dataset: { id: String(a.id) } },
    el('td', { class: 'nowrap', 'data-label': '时间', text: fmtTime(a.at) }),
    el('td', { 'data-label': '用户' }, el('span', { text: a.username || '—' }),
      a.user_id ? el('span', { class: 'sub', text: '#' + a.user_id }) : null),
    el('td', { 'data-label': '角色', text: roleLabel(a.role) || '—' }),
    el('td', { 'data-label': '操作' }, el('span', { text: label || a.action }),
      label ? el('span', { class: 'sub mono', text: a.action }) : null),
    el('td', { class: 'mono', 'data-label': '对象', text: a.record || '—' }),
    el('td', { 'data-label': '结果' },
      el('span', { class: 'badge ' + (a.success ? 'ok' : 'bad'), text: a.success ? '成功' : '失败' })),
    el('td', { class: 'mono', 'data-label': '来源地址', text: a.addr || '—' }),
    el('td', { class: 'detail', 'data-label': '详情', text: detailText(a.detail) }));
}
