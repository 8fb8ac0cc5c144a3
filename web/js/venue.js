// venue.js - venue codes (场所码), two pages of the app:
//   场所码申请 (#/venue-apply, venue operators): the application form
//     (POST /venues; the place is picked through the public tree, since an
//     operator may not read the jurisdiction tree) and their own
//     applications with their status, the reason of a rejection, and the
//     poster of an approved venue (venue-poster.html?id=).
//   场所审核 (#/venue-review/CODE, command staff, town and community
//     officers): the totals of CODE's subtree, the pending applications with
//     通过 / 驳回 + 理由 (POST /venues/{id}/decide), the approved (or
//     rejected) venues page by page, and the counts per child node, whose
//     names descend.
import { api, el, clear, field, resetErrors, showError, busy, fmtTime, statusLine, kindLabel,
  label, tone } from './common.js';
import { crumbs, nodeOf } from './ledger.js';

const PAGE = 50;
const posterHref = id => 'venue-poster.html?id=' + encodeURIComponent(id);
const reviewHref = code => '#/venue-review/' + encodeURIComponent(code);

let typesP = null;
function venueTypes() {
  if (!typesP)
    typesP = api('GET', '/venues/types').then(d => d.types).catch(err => { typesP = null; throw err; });
  return typesP;
}

function statusBadge(v) {
  return el('span', { class: 'badge ' + (tone('venue_status', v.status) || 'muted'),
    text: label('venue_status', v.status) });
}

// ---- the public tree (towns and communities) ---------------------------------
const publicKids = new Map();
function publicChildren(code) {
  if (!publicKids.has(code))
    publicKids.set(code, api('GET', '/public/nodes/' + encodeURIComponent(code) + '/children')
      .then(d => d.children).catch(err => { publicKids.delete(code); throw err; }));
  return publicKids.get(code);
}

// The name of a community (or of a grid's community) through its town.
async function publicName(code) {
  try {
    const list = await publicChildren(code.slice(0, 9));
    const c = list.find(n => n.code === code.slice(0, 12));
    if (!c) return code;
    return code.length > 12 ? `${c.name} · 网格 ${code.slice(12)}` : c.name;
  } catch { return code; }
}

// Where the venue is: one <select> per level below root down to the
// community; a town may also be chosen itself (乡镇街道直属). onPick(code)
// with the code chosen, or '' while none is.
function placePicker(root, onPick) {
  const box = el('div', { class: 'grid-picker' });
  const status = el('p', { class: 'status' });
  const wrap = el('fieldset', { class: 'picker' }, el('legend', { text: '场所所在地' }), box, status);
  if (root.length >= 12) {
    const name = el('b', { text: root });
    publicName(root).then(n => { name.textContent = n; });
    box.append(el('p', { class: 'fixed-grid' }, '所在村（社区）：', name));
    onPick(root);
    return wrap;
  }
  let gen = 0;
  async function level(parent, depth, g) {
    while (box.children.length > depth) box.lastChild.remove();
    let list;
    try {
      list = await publicChildren(parent);
    } catch (err) {
      if (g === gen) status.textContent = err.text;
      return;
    }
    if (g !== gen) return;
    status.textContent = '';
    const kind = list.length ? list[0].kind : 'community';
    const select = el('select', { name: 'place-' + depth },
      el('option', { value: '', text: `请选择${kindLabel(kind)}` }),
      list.map(n => el('option', { value: n.code, text: n.name })),
      parent.length === 9 ? el('option', { value: parent, text: '乡镇（街道）直属，不属于村（社区）' }) : null);
    select.id = 'vp' + depth + Math.random().toString(36).slice(2, 7);
    box.append(el('div', { class: 'field' }, el('label', { for: select.id, text: kindLabel(kind) }), select));
    select.addEventListener('change', () => {
      gen++;
      const c = select.value;
      while (box.children.length > depth + 1) box.lastChild.remove();
      if (c.length === 12 || (c && c === parent)) { onPick(c); return; }
      onPick('');
      if (c) level(c, depth + 1, gen);
    });
  }
  level(root, 0, gen);
  return wrap;
}

// ==== 场所码申请 (operators) ====================================================
export const apply = {
  render(view, ctx) {
    view.append(el('div', { class: 'page-head' }, el('h2', { text: '场所码申请' }),
      el('p', { class: 'hint', text: '填写场所信息提交申请，经所在村（社区）或乡镇（街道）审核通过后生成场所码，打印张贴在场所入口，进入人员扫码登记。' })));
    const mine = mineCard();
    view.append(el('div', { class: 'venue-layout' }, applyCard(ctx, () => mine.reload()), mine.card));
    mine.reload();
  },
};

function applyCard(ctx, onDone) {
  const inputs = {
    name: el('input', { name: 'name', type: 'text', maxlength: 64, required: true, autocomplete: 'off',
      placeholder: '如：好又多超市（沁园店）' }),
    type: el('select', { name: 'type', required: true }, el('option', { value: '', text: '请选择场所类型' })),
    address: el('input', { name: 'address', type: 'text', maxlength: 128, required: true, autocomplete: 'off',
      placeholder: '如：沁园路12号（门牌号、楼层或商铺号）' }),
    contact_name: el('input', { name: 'contact_name', type: 'text', maxlength: 32, required: true,
      autocomplete: 'name' }),
    contact_phone: el('input', { name: 'contact_phone', type: 'tel', inputmode: 'numeric', maxlength: 13,
      required: true, autocomplete: 'tel' }),
  };
  venueTypes().then(types => inputs.type.append(
    ...types.map(t => el('option', { value: t.type, text: t.label })))).catch(() => {});
  const node = el('input', { name: 'node', type: 'hidden' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '提交申请' });
  const result = statusLine();
  const form = el('form', { class: 'venue-apply', novalidate: true },
    field('场所名称', inputs.name),
    field('场所类型', inputs.type),
    placePicker(ctx.me.node, code => { node.value = code; }), node,
    el('div', { class: 'field-error', role: 'alert', dataset: { for: 'node' } }),
    field('详细地址', inputs.address),
    el('div', { class: 'two' },
      field('联系人', inputs.contact_name),
      field('联系电话', inputs.contact_phone, '11 位手机号；审核人员看到的是脱敏号码。')),
    el('div', { class: 'form-error', role: 'alert' }),
    el('div', { class: 'actions' }, submit), result);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    result.set('');
    if (!node.value) {
      form.querySelector('.field-error[data-for="node"]').textContent = '请选择场所所在的村（社区）';
      return;
    }
    const body = { node: node.value };
    for (const [k, input] of Object.entries(inputs)) body[k] = input.value;
    await busy(submit, async () => {
      try {
        const v = await api('POST', '/venues', body);
        result.set(`已提交“${v.name}”的申请，请等待审核。审核通过后可在“我的申请”中打印场所码海报。`, 'ok');
        inputs.name.value = '';
        inputs.address.value = '';
        onDone();
      } catch (err) { showError(form, err); }
    }, '正在提交…');
  });
  return el('section', { class: 'card' }, el('h3', { text: '申请场所码' }), form);
}

function mineCard() {
  const tbody = el('tbody');
  const table = el('table', { class: 'rt venues mine' },
    el('thead', {}, el('tr', {}, ['场所名称', '所在地', '地址', '状态', '操作']
      .map(t => el('th', { text: t })))), tbody);
  const wrap = el('div', { class: 'table-wrap', hidden: true }, table);
  const status = statusLine();
  const card = el('section', { class: 'card' }, el('h3', { text: '我的申请' }), status, wrap);
  async function reload() {
    let venues;
    try {
      venues = (await api('GET', '/venues?limit=500')).venues;
    } catch (err) { status.set(err.text, 'bad'); return; }
    clear(tbody);
    for (const v of venues.reverse()) tbody.append(mineRow(v));   // newest first
    wrap.hidden = !venues.length;
    status.set(venues.length ? '' : '您还没有提交过申请。');
  }
  return { card, reload };
}

function mineRow(v) {
  return el('tr', { dataset: { id: String(v.id), status: v.status } },
    el('td', { class: 'name', 'data-label': '场所名称' }, el('span', { class: 'vname', text: v.name }),
      el('span', { class: 'badge muted', text: v.type_label })),
    el('td', { class: 'node', 'data-label': '所在地', text: v.node_name || v.node }),
    el('td', { class: 'address', 'data-label': '地址', text: v.address }),
    el('td', { class: 'vstatus', 'data-label': '状态' }, statusBadge(v),
      v.status === 'rejected' && v.reason ? el('span', { class: 'sub reason', text: '理由：' + v.reason }) : null,
      el('span', { class: 'sub when', text: '申请于 ' + fmtTime(v.applied_at) })),
    el('td', { class: 'ops', 'data-label': '操作' }, v.status === 'approved'
      ? el('a', { class: 'btn small', href: posterHref(v.id), target: '_blank', rel: 'noopener',
        title: '打开 A4 场所码海报并打印', text: '打印海报' })
      : el('span', { class: 'sub', text: v.status === 'applied' ? '等待审核' : '可重新申请' })));
}

// ==== 场所审核 (officers) ========================================================
export const review = {
  async render(view, ctx, arg) {
    const root = ctx.me.node;
    const code = /^\d+$/.test(arg || '') && arg.startsWith(root) ? arg : root;
    const status = statusLine();
    view.append(el('div', { class: 'page-head' }, el('h2', { text: '场所审核' }),
      el('p', { class: 'hint', text: '审核本辖区场所的场所码申请。通过后系统生成场所码，场所可自行打印海报；驳回须填写理由，场所可据此修改后重新申请。' })),
      crumbs(root, code, reviewHref), status);
    const totals = el('section', { class: 'card venue-totals' }, el('p', { class: 'status', text: '正在加载…' }));
    const kids = el('section', { class: 'card' });
    const decided = decidedCard(code);
    const pending = pendingCard(code, status, (v) => {
      loadCounts();
      decided.reload();
    });
    view.append(totals, pending.card, decided.card, kids);
    async function loadCounts() {
      let data;
      try {
        data = await api('GET', '/venues/counts?node=' + encodeURIComponent(code));
      } catch (err) {
        clear(totals).append(el('p', { class: 'form-error', role: 'alert', text: err.text }));
        return;
      }
      const node = await nodeOf(code);
      fillTotals(totals, data, node);
      fillChildren(kids, data, node);
    }
    loadCounts();
    pending.reload();
    decided.reload();
  },
};

function figure(label, value, cls) {
  return el('div', { class: 'figure' + (cls ? ' ' + cls : '') },
    el('dt', { text: label }), el('dd', { text: String(value) }));
}

function fillTotals(card, data, node) {
  const t = data.total;
  clear(card).append(
    el('div', { class: 'node-head' }, el('h3', { class: 'node-name', text: t.name }),
      node ? el('span', { class: 'badge', text: kindLabel(node.kind) }) : null),
    el('dl', { class: 'figures vfigures' },
      figure(label('venue_status', 'applied'), t.applied, t.applied ? 'warn' : ''),
      figure(label('venue_status', 'approved'), t.approved, 'ok'),
      figure(label('venue_status', 'rejected'), t.rejected, t.rejected ? 'bad' : ''),
      figure('申请合计', t.applied + t.approved + t.rejected)));
}

function fillChildren(card, data, node) {
  clear(card);
  const rows = data.children.map(c => ({ ...c, link: true }));
  const d = data.direct;
  if (d.applied + d.approved + d.rejected > 0)
    rows.push({ ...d, name: '本级直属', link: false });
  if (!rows.length) {
    card.append(el('p', { class: 'empty', text: node && node.kind === 'grid' ? '网格是最末一级。' : '暂无下级单位。' }));
    return;
  }
  const kindText = kindLabel(data.children.length ? { 9: 'town', 12: 'community', 15: 'grid' }[data.children[0].code.length] : '') || '单位';
  const tbody = el('tbody', {}, rows.map(c => el('tr', { dataset: { code: c.link ? c.code : '' } },
    el('td', { class: 'name', 'data-label': '名称' }, c.link
      ? el('a', { class: 'child-link', href: reviewHref(c.code), text: c.name }) : el('span', { text: c.name })),
    el('td', { class: 'num applied' + (c.applied ? ' warn' : ''), 'data-label': label('venue_status', 'applied'), text: String(c.applied) }),
    el('td', { class: 'num approved', 'data-label': label('venue_status', 'approved'), text: String(c.approved) }),
    el('td', { class: 'num rejected', 'data-label': label('venue_status', 'rejected'), text: String(c.rejected) }),
    el('td', { class: 'num total', 'data-label': '合计', text: String(c.applied + c.approved + c.rejected) }))));
  card.append(el('h3', { text: `下级${kindText}场所码统计（${data.children.length}）` }),
    el('div', { class: 'table-wrap' }, el('table', { class: 'rt venue-counts' },
      el('thead', {}, el('tr', {}, el('th', { text: '名称' }),
        ...[...['applied', 'approved', 'rejected'].map(s => label('venue_status', s)), '合计'].map(t => el('th', { class: 'num', text: t })))),
      tbody)));
}

// The pending applications of code's subtree as cards, oldest first.
function pendingCard(code, pageStatus, onDecided) {
  const list = el('div', { class: 'venue-list' });
  const status = statusLine();
  const more = el('button', { type: 'button', class: 'wide', text: '加载更多', hidden: true });
  const title = el('h3', { text: '待审核申请' });
  const card = el('section', { class: 'card pending' }, title, status, list, more);
  let last = 0;
  async function page(first) {
    if (first) { last = 0; clear(list); }
    let venues;
    try {
      venues = (await api('GET', `/venues?node=${encodeURIComponent(code)}&status=applied&limit=${PAGE}`
        + (last ? `&after=${last}` : ''))).venues;
    } catch (err) { status.set(err.text, 'bad'); return; }
    for (const v of venues) list.append(pendingItem(v));
    if (venues.length) last = venues[venues.length - 1].id;
    more.hidden = venues.length < PAGE;
    left();
  }
  function left() {
    const n = list.children.length;
    status.set(n ? '' : '没有待审核的申请。');
    title.textContent = n ? `待审核申请（${n}${more.hidden ? '' : '+'}）` : '待审核申请';
  }
  more.addEventListener('click', () => busy(more, () => page(false), '正在加载…'));

  function pendingItem(v) {
    const actions = el('div', { class: 'vc-actions' });
    const item = el('article', { class: 'venue-card', dataset: { id: String(v.id) } },
      el('div', { class: 'vc-head' }, el('span', { class: 'vc-name', text: v.name }),
        el('span', { class: 'badge muted', text: v.type_label })),
      el('p', { class: 'vc-meta' }, el('span', { text: v.node_name || v.node }), el('span', { text: v.address })),
      el('p', { class: 'vc-meta' }, el('span', { text: `联系人 ${v.contact_name}` }),
        el('span', { class: 'mono', text: v.contact_phone }),
        el('span', { text: '申请于 ' + fmtTime(v.applied_at) })),
      actions);
    const err = el('p', { class: 'form-error', role: 'alert' });
    function idle() {
      clear(actions).className = 'vc-actions';
      actions.append(
        el('button', { type: 'button', class: 'primary', text: '通过', on: { click: confirmApprove } }),
        el('button', { type: 'button', class: 'danger', text: '驳回', on: { click: askReason } }));
    }
    async function send(body, button, done) {
      err.textContent = '';
      await busy(button, async () => {
        try {
          const r = await api('POST', `/venues/${v.id}/decide`, body);
          item.remove();
          left();
          pageStatus.set(done(r), 'ok');
          onDecided(r);
        } catch (e) { err.textContent = e.text; }
      }, '正在提交…');
    }
    function confirmApprove() {
      const yes = el('button', { type: 'button', class: 'primary', text: '确认通过' });
      clear(actions).className = 'vc-actions confirming';
      actions.append(el('p', { class: 'confirm-q' }, '通过“', el('b', { text: v.name }), '”的申请并生成场所码？'),
        yes, el('button', { type: 'button', text: '取消', on: { click: idle } }), err);
      yes.addEventListener('click', () => send({ decision: 'approve' }, yes,
        r => `已通过“${r.name}”，场所码已生成。`));
      yes.focus();
    }
    function askReason() {
      const reason = el('input', { name: 'reason', type: 'text', maxlength: 200, autocomplete: 'off',
        placeholder: '如：地址不详细，请补充门牌号' });
      const no = el('button', { type: 'button', class: 'danger', text: '确认驳回' });
      clear(actions).className = 'vc-actions confirming';
      actions.append(field('驳回理由', reason), no,
        el('button', { type: 'button', text: '取消', on: { click: idle } }), err);
      no.addEventListener('click', () => {
        if (!reason.value.trim()) { err.textContent = '驳回须填写理由'; reason.focus(); return; }
        send({ decision: 'reject', reason: reason.value }, no, r => `已驳回“${r.name}”。`);
      });
      reason.focus();
    }
    idle();
    return item;
  }
  return { card, reload: () => page(true) };
}

// Approved (or rejected) venues of code's subtree, page by page.
function decidedCard(code) {
  const which = el('select', { 'aria-label': '审核结果', class: 'sort' },
    el('option', { value: 'approved', text: '已通过的场所' }),
    el('option', { value: 'rejected', text: '未通过的申请' }));
  const tbody = el('tbody');
  const table = el('table', { class: 'rt venues decided' },
    el('thead', {}, el('tr', {}, ['场所名称', '所在地', '地址', '联系人', '审核时间', '操作']
      .map(t => el('th', { text: t })))), tbody);
  const wrap = el('div', { class: 'table-wrap', hidden: true }, table);
  const status = statusLine();
  const more = el('button', { type: 'button', class: 'wide', text: '加载更多', hidden: true });
  const card = el('section', { class: 'card decided-card' },
    el('div', { class: 'section-head' }, el('h3', { text: '已审核' }), which), status, wrap, more);
  let last = 0, shown = 0, gen = 0;
  async function page(first) {
    const g = first ? ++gen : gen;
    if (first) { last = 0; shown = 0; }
    let venues;
    try {
      venues = (await api('GET', `/venues?node=${encodeURIComponent(code)}&status=${which.value}&limit=${PAGE}`
        + (last ? `&after=${last}` : ''))).venues;
    } catch (err) { status.set(err.text, 'bad'); return; }
    if (g !== gen) return;                  // a newer choice is on its way
    if (first) clear(tbody);
    for (const v of venues) tbody.append(decidedRow(v));
    shown += venues.length;
    if (venues.length) last = venues[venues.length - 1].id;
    wrap.hidden = shown === 0;
    more.hidden = venues.length < PAGE;
    status.set(shown ? '' : which.value === 'approved' ? '还没有通过审核的场所。' : '没有未通过的申请。');
  }
  which.addEventListener('change', () => page(true));
  more.addEventListener('click', () => busy(more, () => page(false), '正在加载…'));
  return { card, reload: () => page(true) };
}

function decidedRow(v) {
  return el('tr', { dataset: { id: String(v.id), status: v.status } },
    el('td', { class: 'name', 'data-label': '场所名称' }, el('span', { class: 'vname', text: v.name }),
      el('span', { class: 'badge muted', text: v.type_label })),
    el('td', { class: 'node', 'data-label': '所在地', text: v.node_name || v.node }),
    el('td', { class: 'address', 'data-label': '地址', text: v.address }),
    el('td', { 'data-label': '联系人' }, el('span', { text: v.contact_name }),
      el('span', { class: 'sub mono', text: v.contact_phone })),
    el('td', { class: 'nowrap', 'data-label': '审核时间', text: fmtTime(v.reviewed_at) }),
    el('td', { class: v.status === 'approved' ? 'ops' : 'reason-cell', 'data-label': v.status === 'approved' ? '操作' : '理由' }, v.status === 'approved'
      ? el('a', { class: 'btn small', href: posterHref(v.id), target: '_blank', rel: 'noopener', text: '场所码海报' })
      : el('span', { class: 'reason', text: v.reason })));
}
