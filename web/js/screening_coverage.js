// screening_coverage.js - 排查进度 (#/coverage/CODE): "不漏一户、不漏一人". For a node
// (default the caller's): the round in force, the totals and one row per
// child with a progress bar (visited + empty + refused of the households),
// those not reached, persons, floating persons, arrivals; a child's name
// descends. Command staff and town officers open a round for the node
// (POST /rounds) when none is in force there, and close it
// (POST /rounds/{id}/close).
import { api, el, clear, can, label, field, resetErrors, showError, busy, fmtTime, statusLine,
  kindLabel } from './common.js';
import { crumbs, progress, screened, percent, nodeOf } from './ledger.js';

const hrefOf = code => '#/coverage/' + encodeURIComponent(code);

// the figures of a coverage row: key, heading (the outcomes by their labels)
const columns = () => [['households', '住户'],
  ...['visited', 'not_reached', 'nobody_home', 'empty', 'refused']
    .map(k => [k, k === 'not_reached' ? '未走访到' : label('visit_outcome', k)]),
  ['persons', '登记人口'], ['floating', '流动人口'], ['arrivals', '来返人员']];

export async function render(view, ctx, arg, flash) {
  const root = ctx.me.node;
  // #/coverage/CODE or #/coverage/CODE/grids: every grid below CODE
  const [want, mode] = (arg || '').split('/');
  const code = /^\d+$/.test(want || '') && want.startsWith(root) ? want : root;
  const byGrid = mode === 'grids' && code.length < 15;
  const status = statusLine();
  const body = el('div', { class: 'coverage-body' }, el('p', { class: 'status', text: '正在加载…' }));
  clear(view).append(crumbs(root, code, hrefOf), status, body);
  if (flash) status.set(flash, 'ok');
  const again = msg => render(view, ctx, code + (byGrid ? '/grids' : ''), msg);

  let data;
  try {
    data = await api('GET', '/coverage?node=' + encodeURIComponent(code) + (byGrid ? '&by=grid' : ''));
  } catch (err) {
    clear(body).append(el('p', { class: 'form-error', role: 'alert', text: err.text }),
      code !== root ? el('p', {}, el('a', { href: hrefOf(root), text: '返回本级' })) : null);
    return;
  }
  const node = await nodeOf(code);
  clear(body).append(
    totalsCard(data, node),
    roundCard(ctx, data, code, again, status),
    childrenCard(data, node, code, byGrid));
}

function figure(label, value, cls, title) {
  return el('div', { class: 'figure' + (cls ? ' ' + cls : ''), title },
    el('dt', { text: label }), el('dd', { text: String(value) }));
}

function totalsCard(data, node) {
  const t = data.total;
  const done = screened(t);
  return el('section', { class: 'card totals' },
    el('div', { class: 'node-head' },
      el('h2', { class: 'node-name', text: t.name }),
      node ? el('span', { class: 'badge', text: kindLabel(node.kind) }) : null,
      el('span', { class: 'motto', text: '不漏一户、不漏一人' })),
    el('div', { class: 'total-progress' },
      el('div', { class: 'big-pct' }, el('b', { text: t.households ? percent(done, t.households) + '%' : '—' }),
        el('span', { class: 'sub', text: '住户排查率' })),
      el('div', { class: 'total-bar' }, progress(done, t.households, t.name + '排查进度'),
        el('p', { class: 'sub', text: data.round
          ? '已排查 = 已走访 + 空置房核实 + 拒绝配合（已到户）；无人在家的住户仍需再访。'
          : '本级没有进行中的排查轮次；下级自行开启的轮次照常计入。' }))),
    el('dl', { class: 'figures' },
      figure('住户', t.households),
      figure(label('visit_outcome', 'visited'), t.visited, 'ok'),
      figure(label('visit_outcome', 'empty'), t.empty),
      figure(label('visit_outcome', 'refused'), t.refused, t.refused ? 'bad' : ''),
      figure('未走访到', t.not_reached, t.not_reached ? 'warn' : 'ok', '尚未走访或无人在家的住户'),
      figure('其中' + label('visit_outcome', 'nobody_home'), t.nobody_home),
      figure('登记人口', t.persons),
      figure('流动人口', t.floating),
      figure('来返人员', t.arrivals)));
}

function roundCard(ctx, data, code, again, status) {
  const r = data.round;
  const manage = can(ctx.me, 'round.manage');
  const card = el('section', { class: 'card round-card' });
  if (r && r.node === code) {
    const close = el('button', { type: 'button', class: 'danger', text: '结束本轮' });
    const box = el('div', { class: 'round-ops' }, manage ? close : null);
    close.addEventListener('click', () => {
      const yes = el('button', { type: 'button', class: 'danger', text: '确认结束' });
      const err = el('p', { class: 'form-error', role: 'alert' });
      clear(box).append(el('span', { class: 'confirm-q', text: `结束“${r.name}”后将不能再记录本轮走访。` }),
        yes, el('button', { type: 'button', text: '取消', on: { click: () => again() } }), err);
      yes.addEventListener('click', () => busy(yes, async () => {
        try {
          await api('POST', `/rounds/${r.id}/close`);
          again(`已结束“${r.name}”`);
        } catch (e) { err.textContent = e.text; }
      }, '正在结束…'));
      yes.focus();
    });
    card.append(el('div', { class: 'round-line' },
      el('div', {},
        el('h3', {}, el('span', { class: 'badge ok', text: '进行中' }), ' ', el('span', { class: 'round-name', text: r.name })),
        el('p', { class: 'sub', text: `第 ${r.number} 轮 · 开始于 ${fmtTime(r.started_at)}` })),
      box));
    return card;
  }
  if (r) {
    // the round of a node above applies here
    const from = el('span', { text: r.node });
    nodeOf(r.node).then(n => { if (n) from.textContent = n.name; });
    card.append(el('div', { class: 'round-line' },
      el('div', {},
        el('h3', {}, el('span', { class: 'badge ok', text: '进行中' }), ' ', el('span', { class: 'round-name', text: r.name })),
        el('p', { class: 'sub' }, '由上级 ', from, ` 开启 · 开始于 ${fmtTime(r.started_at)}`))));
    return card;
  }
  card.append(el('h3', {}, el('span', { class: 'badge muted', text: '未开启' }), ' 本级当前没有进行中的排查轮次'));
  if (!manage) {
    card.append(el('p', { class: 'hint', text: '排查轮次由乡镇街道或指挥部开启；开启后网格员即可在“入户排查”中记录走访。' }));
    return card;
  }
  const name = el('input', { name: 'name', type: 'text', maxlength: 64, autocomplete: 'off',
    placeholder: '可不填，默认为“第N轮排查”' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '开启新一轮排查' });
  const form = el('form', { class: 'row-form open-round', novalidate: true },
    field('轮次名称', name),
    el('div', { class: 'actions' }, submit),
    el('div', { class: 'form-error', role: 'alert' }));
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    status.set('');
    await busy(submit, async () => {
      try {
        const nr = await api('POST', '/rounds', { node: code, ...(name.value.trim() ? { name: name.value.trim() } : {}) });
        again(`已开启“${nr.name}”，辖区内网格员现在可以入户走访`);
      } catch (err) { showError(form, err); }
    }, '正在开启…');
  });
  card.append(el('p', { class: 'hint', text: '开启后，本级辖区内所有网格按新一轮重新走访，进度从零开始统计。' }), form);
  return card;
}

function childrenCard(data, node, code, byGrid) {
  const kids = data.children;
  const card = el('section', { class: 'card' });
  if (!kids.length) {
    card.append(el('p', { class: 'empty', text: node && node.kind === 'grid'
      ? '网格是最末一级；逐户走访请到“入户排查”。' : '暂无下级单位。' }));
    return card;
  }
  const kindText = kindLabel(kids[0].code.length === 15 ? 'grid'
    : kids[0].code.length === 12 ? 'community' : kids[0].code.length === 9 ? 'town' : '') || '单位';
  // the other view of the same node: its children, or every grid below it
  const other = kids[0].code.length === 15 && !byGrid ? null
    : el('a', { class: 'view-switch', href: hrefOf(code) + (byGrid ? '' : '/grids'),
      text: byGrid ? '按下级单位查看' : '查看全部网格' });
  const sort = el('select', { 'aria-label': '排序', class: 'sort' },
    el('option', { value: 'code', text: '按编码排列' }),
    el('option', { value: 'low', text: '进度从低到高' }),
    el('option', { value: 'left', text: '未走访到从多到少' }));
  if (byGrid) sort.value = 'low';
  const head = el('div', { class: 'section-head' },
    el('h3', { text: byGrid ? `全部网格排查进度（${kids.length}）` : `下级${kindText}排查进度（${kids.length}）` }),
    other, sort);
  const tbody = el('tbody');
  const rows = kids.map(c => el('tr', { dataset: { code: c.code } },
    el('td', { class: 'name', 'data-label': '名称' },
      el('a', { href: hrefOf(c.code), class: 'child-link', text: c.name })),
    el('td', { class: 'prog', 'data-label': '排查进度' }, progress(screened(c), c.households, c.name + '排查进度')),
    ...columns().map(([k, t]) => el('td', { class: 'num ' + k + (k === 'not_reached' && c[k] ? ' warn' : ''),
        'data-label': t, text: String(c[k]) }))));
  const fill = () => {
    const by = sort.value;
    const key = r => kids.find(c => c.code === r.dataset.code);
    const sorted = [...rows];
    if (by === 'low')
      sorted.sort((a, b) => {
        const x = key(a), y = key(b);
        return (x.households ? screened(x) / x.households : 2) - (y.households ? screened(y) / y.households : 2);
      });
    else if (by === 'left') sorted.sort((a, b) => key(b).not_reached - key(a).not_reached);
    clear(tbody).append(...sorted);
  };
  sort.addEventListener('change', fill);
  fill();
  const table = el('table', { class: 'rt coverage' },
    el('thead', {}, el('tr', {},
      el('th', { text: '名称' }), el('th', { text: '排查进度（已排查/住户）' }),
      ...columns().map(([, t]) => el('th', { class: 'num', text: t })))),
    tbody);
  card.append(head, el('div', { class: 'table-wrap' }, table));
  return card;
}
