// node.js - 辖区管理: the jurisdiction tree from the caller's node down.
// One node at a time (#/tree/CODE): the node, its children with their
// counts, breadcrumbs back up to the caller's node, forms to add a
// community (under a town) or a grid (under a community), to rename the
// deployment's own nodes, and the CSV import.
import { api, el, clear, can, kindLabel, field, resetErrors, showError, busy, fmtTime,
  statusLine } from './common.js';

const LEVELS = [2, 4, 6, 9, 12, 15];          // code lengths, province → grid
const CHILD_KIND = { town: 'community', community: 'grid' };
const names = new Map();                        // code → name, from every node seen

export function remember(n) { if (n && n.code) names.set(n.code, n.name); }

async function nameOf(code) {
  if (names.has(code)) return names.get(code);
  const n = await api('GET', '/nodes/' + encodeURIComponent(code));
  remember(n);
  return n.name;
}

const hrefOf = code => '#/tree/' + encodeURIComponent(code);

// Nodes between the caller's root and code (both included), by prefix.
function pathCodes(root, code) {
  const out = [];
  for (const len of LEVELS)
    if (len >= root.length && len <= code.length && code.startsWith(root))
      out.push(code.slice(0, len));
  return out;
}

function editable(me, n) {
  return can(me, 'node.edit') && !n.is_real && (n.kind === 'community' || n.kind === 'grid');
}

export async function render(view, ctx, code, flash) {
  const root = ctx.me.node;
  remember(ctx.myNode);   // the caller's own node, read by the app's header
  if (!code || !/^\d+$/.test(code) || !code.startsWith(root)) code = root;
  clear(view);
  const crumbs = el('nav', { class: 'crumbs', 'aria-label': '当前位置' });
  const status = statusLine();
  const body = el('div', { class: 'tree-body' }, el('p', { class: 'status', text: '正在加载…' }));
  view.append(crumbs, status, body);
  if (flash) status.set(flash, 'ok');
  body.addEventListener('submit', () => status.set(''), true);   // a new attempt

  let data;
  try {
    data = await api('GET', '/nodes/' + encodeURIComponent(code) + '/children');
  } catch (err) {
    clear(body).append(el('p', { class: 'form-error', role: 'alert', text: err.text }),
      code !== root ? el('p', {}, el('a', { href: hrefOf(root), text: '返回本级辖区' })) : null);
    return;
  }
  const node = data.node;
  remember(node);
  data.children.forEach(remember);
  renderCrumbs(crumbs, root, node);
  const again = msg => render(view, ctx, node.code, msg);

  // a card a role may not use is null: leave it out (append() would
  // print "null")
  clear(body).append(...[
    nodeCard(ctx, node, again),
    childrenCard(ctx, node, data.children, again),
    addCard(ctx, node, again),
    importCard(ctx, node, again)].filter(Boolean));
}

async function renderCrumbs(nav, root, node) {
  const codes = pathCodes(root, node.code);
  const list = el('ol');
  nav.append(list);
  const labels = await Promise.all(codes.map(c => nameOf(c).catch(() => c)));
  codes.forEach((c, i) => {
    const last = c === node.code;
    list.append(el('li', {}, last
      ? el('span', { 'aria-current': 'page', text: labels[i] })
      : el('a', { href: hrefOf(c), text: labels[i] })));
  });
}

function nodeCard(ctx, n, again) {
  const card = el('section', { class: 'card node-card' },
    el('div', { class: 'node-head' },
      el('h2', { class: 'node-name', text: n.name }),
      el('span', { class: 'badge kind-' + n.kind, text: kindLabel(n.kind) }),
      el('span', { class: 'badge ' + (n.is_real ? 'muted' : 'own'),
        text: n.is_real ? '国家区划' : '自建' })),
    el('dl', { class: 'facts' },
      el('div', {}, el('dt', { text: '编码' }), el('dd', { class: 'mono', text: n.code })),
      el('div', {}, el('dt', { text: '类型' }), el('dd', { text: kindLabel(n.kind) })),
      el('div', {}, el('dt', { text: '下级数量' }), el('dd', { text: String(n.n_children) })),
      el('div', {}, el('dt', { text: '更新时间' }), el('dd', { text: fmtTime(n.updated_at) }))));
  if (editable(ctx.me, n)) {
    const form = renameForm(n, again, null);
    card.append(el('details', { class: 'inline-edit' },
      el('summary', { text: '修改名称' }), form));
  }
  return card;
}

function renameForm(n, again, onCancel) {
  const input = el('input', { name: 'name', type: 'text', value: n.name, maxlength: 64,
    required: true, autocomplete: 'off' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '保存' });
  const form = el('form', { class: 'row-form', novalidate: true },
    field('新名称', input),
    el('div', { class: 'actions' }, submit,
      onCancel ? el('button', { type: 'button', text: '取消', on: { click: onCancel } }) : null),
    el('div', { class: 'form-error', role: 'alert' }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    await busy(submit, async () => {
      try {
        const r = await api('PATCH', '/nodes/' + encodeURIComponent(n.code),
          { name: input.value });
        remember(r);
        again(`已将“${n.name}”改名为“${r.name}”`);
      } catch (err) { showError(form, err); }
    }, '正在保存…');
  });
  return form;
}

function childrenCard(ctx, n, children, again) {
  const kinds = [...new Set(children.map(c => c.kind))];
  const kindText = kinds.length === 1 ? kindLabel(kinds[0]) : '单位';
  const card = el('section', { class: 'card' });
  const head = el('div', { class: 'section-head' },
    el('h3', { text: `下级${kindText}（${children.length}）` }));
  card.append(head);
  if (!children.length) {
    card.append(el('p', { class: 'empty', text: n.kind === 'grid'
      ? '网格是最末一级，没有下级。' : '暂无下级单位。' }));
    return card;
  }
  const tbody = el('tbody');
  const edit = can(ctx.me, 'node.edit');
  for (const c of children) {
    const tr = el('tr', { dataset: { code: c.code } },
      el('td', { class: 'name', 'data-label': '名称' },
        el('a', { href: hrefOf(c.code), class: 'child-link', text: c.name })),
      el('td', { class: 'mono code', 'data-label': '编码', text: c.code }),
      el('td', { class: 'kind', 'data-label': '类型', text: kindLabel(c.kind) }),
      el('td', { class: 'num', 'data-label': '下级数量', text: String(c.n_children) }),
      el('td', { class: 'ops', 'data-label': '操作' },
        el('a', { href: hrefOf(c.code), class: 'btn small enter', text: '进入' }),
        edit && editable(ctx.me, c) ? el('button', { type: 'button', class: 'small',
          text: '改名', on: { click: () => toggleRename(tr, c, again) } }) : null));
    tbody.append(tr);
  }
  const table = el('table', { class: 'rt children' },
    el('thead', {}, el('tr', {},
      el('th', { text: '名称' }), el('th', { text: '编码' }), el('th', { text: '类型' }),
      el('th', { class: 'num', text: '下级数量' }), el('th', { text: '操作' }))),
    tbody);
  if (children.length > 8) {
    const filter = el('input', { type: 'search', placeholder: '按名称或编码筛选',
      'aria-label': '筛选下级', class: 'filter' });
    filter.addEventListener('input', () => {
      const q = filter.value.trim();
      for (const tr of tbody.children) {
        if (tr.classList.contains('edit-row')) continue;
        tr.hidden = !!q && !tr.textContent.includes(q);
      }
    });
    head.append(filter);
  }
  card.append(el('div', { class: 'table-wrap' }, table));
  return card;
}

function toggleRename(tr, c, again) {
  const next = tr.nextElementSibling;
  if (next && next.classList.contains('edit-row')) { next.remove(); return; }
  const row = el('tr', { class: 'edit-row' });
  const form = renameForm(c, again, () => row.remove());
  row.append(el('td', { colspan: 5 }, form));
  tr.after(row);
  form.querySelector('input').select();
}

function addCard(ctx, n, again) {
  if (!can(ctx.me, 'node.edit')) return null;
  const kind = CHILD_KIND[n.kind];
  if (!kind) {
    const hint = n.kind === 'grid' ? null
      : '村社区只能建在乡镇街道下，网格只能建在村社区下：请先进入相应的下级单位。';
    return hint ? el('section', { class: 'card hint-card' }, el('p', { text: hint })) : null;
  }
  const label = kindLabel(kind);
  const input = el('input', { name: 'name', type: 'text', maxlength: 64, required: true,
    autocomplete: 'off', placeholder: kind === 'grid' ? '例如：第一网格' : '例如：新园社区' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '添加' });
  const form = el('form', { class: 'add-form', novalidate: true },
    el('h3', { text: `新增${label}` }),
    el('p', { class: 'hint', text: `在“${n.name}”下新增${label}，编码由系统按顺序分配。` }),
    el('div', { class: 'inline' }, field(`${label}名称`, input), submit),
    el('div', { class: 'form-error', role: 'alert' }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    await busy(submit, async () => {
      try {
        const r = await api('POST', '/nodes', { kind, name: input.value, parent: n.code });
        remember(r);
        again(`已新增${label}“${r.name}”（编码 ${r.code}）`);
      } catch (err) { showError(form, err); }
    }, '正在添加…');
  });
  return el('section', { class: 'card' }, form);
}

function templateHref(n) {
  const kind = CHILD_KIND[n.kind] || 'community';
  const parent = CHILD_KIND[n.kind] ? n.code : '乡镇街道编码';
  const csv = '\uFEFF类型,名称,上级编码\r\n' +
    `${kindLabel(kind)},示例${kindLabel(kind)},${parent}\r\n`;
  return URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
}

function importCard(ctx, n, again) {
  if (!can(ctx.me, 'node.edit') || n.kind === 'grid') return null;
  const file = el('input', { name: 'file', type: 'file', accept: '.csv,text/csv', required: true });
  const submit = el('button', { type: 'submit', class: 'primary', text: '导入' });
  const result = statusLine();
  const form = el('form', { class: 'import-form', novalidate: true },
    el('p', { class: 'hint' },
      '表头为 ', el('code', { text: '类型,名称,上级编码' }), '（可加“编码”列；英文表头 ',
      el('code', { text: 'code,kind,name,parent' }), ' 亦可），类型填“村社区”或“网格”，',
      '文件须为 UTF-8 编码（Excel/WPS 另存为“CSV UTF-8”）。全部导入成功或全部不导入。 ',
      el('a', { href: templateHref(n), download: '辖区导入模板.csv', text: '下载模板' })),
    el('div', { class: 'inline' }, field('CSV 文件', file), submit),
    el('div', { class: 'form-error', role: 'alert' }),
    result);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    result.set('');
    const f = file.files && file.files[0];
    if (!f) {
      form.querySelector('.field-error').textContent = '请选择要导入的 CSV 文件';
      return;
    }
    await busy(submit, async () => {
      try {
        // the file's own bytes: the server tells UTF-8 from GBK
        const r = await api('POST', '/nodes/import', await f.arrayBuffer());
        again(`已导入 ${r.created} 条`);
      } catch (err) {
        const box = form.querySelector('.form-error');
        box.textContent = '导入失败，未导入任何数据：' + err.text;
      }
    }, '正在导入…');
  });
  return el('details', { class: 'card import-card' },
    el('summary', { text: '批量导入（CSV）' }), form);
}
