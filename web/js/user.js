// user.js - 用户管理 (administrator): the accounts of a subtree
// (GET /api/v1/users?node=CODE), adding an account, disabling/enabling
// it and resetting its password (PATCH /api/v1/users/{id}).
import { api, el, clear, roleLabel, labels, field, resetErrors, showError, busy, fmtTime,
  statusLine } from './common.js';
import { remember } from './node.js';

let rolesCache = null;
async function roles() {
  if (!rolesCache) {
    try {
      rolesCache = (await api('GET', '/roles')).roles;
    } catch {
      rolesCache = labels('role').filter(r => r.id !== 'system')
        .map(r => ({ role: r.id, label: r.label }));
    }
  }
  return rolesCache;
}

const nodeNames = new Map();
async function nodeName(code) {
  if (!nodeNames.has(code))
    nodeNames.set(code, api('GET', '/nodes/' + encodeURIComponent(code))
      .then(n => { remember(n); return n.name; }).catch(() => ''));
  return nodeNames.get(code);
}

export async function render(view, ctx, arg) {
  const scope = /^\d+$/.test(arg || '') ? arg : ctx.me.node;
  const status = statusLine();
  const listCard = el('section', { class: 'card' });
  view.append(
    el('div', { class: 'page-head' }, el('h2', { text: '用户管理' }),
      el('p', { class: 'hint', text: '管理辖区内的工作人员账户。停用的账户不能登录；重置密码后请当面或电话告知本人。' })),
    status,
    await addCard(ctx, scope, status, msg => load(msg)),
    listCard);

  async function load(flash) {
    if (flash) status.set(flash, 'ok');
    clear(listCard).append(filterForm(scope),
      el('p', { class: 'status', text: '正在加载…' }));
    let users;
    try {
      users = (await api('GET', '/users?node=' + encodeURIComponent(scope))).users;
    } catch (err) {
      listCard.lastChild.replaceWith(el('p', { class: 'form-error', role: 'alert',
        text: err.text }));
      return;
    }
    listCard.lastChild.replaceWith(usersTable(ctx, users, status, load));
  }
  load();
}

function filterForm(scope) {
  const input = el('input', { name: 'node', type: 'text', inputmode: 'numeric',
    value: scope, maxlength: 15, autocomplete: 'off' });
  const form = el('form', { class: 'section-head', novalidate: true },
    el('h3', { text: '用户列表' }),
    el('div', { class: 'inline' }, field('辖区编码', input),
      el('button', { type: 'submit', text: '查询' })));
  form.addEventListener('submit', ev => {
    ev.preventDefault();
    location.hash = '#/users/' + encodeURIComponent(input.value.trim());
  });
  return form;
}

async function addCard(ctx, scope, status, reload) {
  const list = await roles();
  const select = el('select', { name: 'role', required: true },
    el('option', { value: '', text: '请选择角色' }),
    list.map(r => el('option', { value: r.role, text: r.label })));
  const inputs = {
    username: el('input', { name: 'username', type: 'text', maxlength: 32, required: true,
      autocomplete: 'off', autocapitalize: 'none', spellcheck: 'false' }),
    display_name: el('input', { name: 'display_name', type: 'text', maxlength: 32,
      autocomplete: 'off' }),
    node: el('input', { name: 'node', type: 'text', inputmode: 'numeric', maxlength: 15,
      required: true, value: scope, autocomplete: 'off' }),
    password: el('input', { name: 'password', type: 'password', required: true,
      autocomplete: 'new-password', minlength: 8 }),
  };
  const submit = el('button', { type: 'submit', class: 'primary', text: '添加用户' });
  const form = el('form', { class: 'grid-form', novalidate: true },
    field('用户名', inputs.username, '3–32 位，小写字母开头，可用数字和 _ . -'),
    field('姓名', inputs.display_name),
    field('角色', select),
    field('辖区编码', inputs.node, '乡镇街道干部填 9 位，村社区干部填 12 位，网格员填 15 位编码'),
    field('初始密码', inputs.password, '至少 8 位'),
    el('div', { class: 'actions' }, submit),
    el('div', { class: 'form-error', role: 'alert' }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    const body = {
      username: inputs.username.value.trim(),
      display_name: inputs.display_name.value.trim(),
      role: select.value,
      node: inputs.node.value.trim(),
      password: inputs.password.value,
    };
    await busy(submit, async () => {
      try {
        const u = await api('POST', '/users', body);
        form.reset();
        inputs.node.value = scope;
        reload(`已添加用户 ${u.username}（${u.role_label || roleLabel(u.role)}）`);
      } catch (err) { showError(form, err); }
    }, '正在添加…');
  });
  return el('details', { class: 'card' }, el('summary', { text: '新增用户' }), form);
}

function stateText(u) {
  if (u.disabled) return ['已停用', 'bad'];
  if (u.locked) return ['已锁定', 'warn'];
  return ['正常', 'ok'];
}

function usersTable(ctx, users, status, reload) {
  if (!users.length) return el('p', { class: 'empty', text: '该辖区下暂无用户。' });
  const tbody = el('tbody');
  for (const u of users) {
    const [st, cls] = stateText(u);
    const nodeCell = el('td', { 'data-label': '辖区' },
      el('span', { class: 'mono', text: u.node }));
    nodeName(u.node).then(name => {
      if (name) nodeCell.append(el('span', { class: 'sub', text: name }));
    });
    const self = u.id === ctx.me.id;
    const tr = el('tr', { dataset: { user: u.username } },
      el('td', { class: 'mono', 'data-label': '用户名', text: u.username }),
      el('td', { 'data-label': '姓名', text: u.display_name || '—' }),
      el('td', { 'data-label': '角色', text: u.role_label || roleLabel(u.role) }),
      nodeCell,
      el('td', { 'data-label': '状态' }, el('span', { class: 'badge ' + cls, text: st })),
      el('td', { 'data-label': '创建时间', text: fmtTime(u.created_at) }),
      el('td', { class: 'ops', 'data-label': '操作' },
        self ? null : toggleButton(u, status, reload),
        el('button', { type: 'button', class: 'small', text: '重置密码',
          on: { click: () => togglePassword(tr, u, status) } })));
    tbody.append(tr);
  }
  return el('div', { class: 'table-wrap' }, el('table', { class: 'rt' },
    el('thead', {}, el('tr', {},
      ['用户名', '姓名', '角色', '辖区', '状态', '创建时间', '操作']
        .map(t => el('th', { text: t })))),
    tbody));
}

// Disabling asks for a second click; enabling does not.
function toggleButton(u, status, reload) {
  const label = u.disabled ? '启用' : '停用';
  const b = el('button', { type: 'button', class: 'small' + (u.disabled ? '' : ' danger'),
    text: label });
  let armed = null;
  b.addEventListener('click', async () => {
    if (!u.disabled && !armed) {
      b.textContent = '确认停用？';
      armed = setTimeout(() => { armed = null; b.textContent = label; }, 4000);
      return;
    }
    clearTimeout(armed);
    armed = null;
    await busy(b, async () => {
      try {
        await api('PATCH', '/users/' + u.id, { disabled: !u.disabled });
        reload(`已${label}用户 ${u.username}`);
      } catch (err) { status.set(err.text, 'bad'); }
    }, '处理中…');
  });
  return b;
}

function togglePassword(tr, u, status) {
  const next = tr.nextElementSibling;
  if (next && next.classList.contains('edit-row')) { next.remove(); return; }
  const input = el('input', { name: 'password', type: 'password', required: true,
    autocomplete: 'new-password', minlength: 8 });
  const submit = el('button', { type: 'submit', class: 'primary', text: '确定' });
  const row = el('tr', { class: 'edit-row' });
  const form = el('form', { class: 'row-form', novalidate: true },
    field(`${u.username} 的新密码`, input, '至少 8 位；该用户下次登录时使用'),
    el('div', { class: 'actions' }, submit,
      el('button', { type: 'button', text: '取消', on: { click: () => row.remove() } })),
    el('div', { class: 'form-error', role: 'alert' }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    await busy(submit, async () => {
      try {
        await api('PATCH', '/users/' + u.id, { password: input.value });
        row.remove();
        status.set(`已重置用户 ${u.username} 的密码`, 'ok');
      } catch (err) { showError(form, err); }
    }, '正在保存…');
  });
  row.append(el('td', { colspan: 7 }, form));
  tr.after(row);
  input.focus();
}
