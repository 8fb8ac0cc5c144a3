// checkpoint.js - 卡点管理 (#/checkpoints or #/checkpoints/YYYY-MM-DD):
// the checkpoints under the caller's node with the day's counts per
// checkpoint (GET /checkpoints/stats: vehicles, persons, checks, fevers,
// turned back, passes submitted), the QR poster and PNG of each, and a form
// to add one (POST /checkpoints) under the caller's node or a unit below it.
import { api, el, clear, labels, label, field, resetErrors, showError, busy, statusLine } from './common.js';
import { childrenOf, nameOf, nodeOf } from './ledger.js';

const COLS = () => [['vehicles', '车辆'], ['persons', '人员'], ['checks', '核验人次'],
  ['fevers', '发热'], ['turned_back', label('check_outcome', 'turned_back')], ['passes', '扫码申领']];

const localToday = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

export function render(view, ctx, arg) {
  const day = /^\d{4}-\d{2}-\d{2}$/.test(arg || '') ? arg : localToday();
  const scopeName = el('span', { text: ctx.nodeName || ctx.me.node });
  nodeOf(ctx.me.node).then(n => { if (n) scopeName.textContent = n.name; });
  view.append(el('div', { class: 'page-head' }, el('h2', { text: '卡点管理' }),
    el('p', { class: 'hint' }, '本辖区（', scopeName, '）的交通检疫卡点。每个卡点张贴“一码通行”二维码海报，司乘人员扫码填报，当日提交、全市通行。')));

  const dayInput = el('input', { type: 'date', name: 'day', value: day, max: localToday(),
    'aria-label': '统计日期' });
  dayInput.addEventListener('change', () => {
    if (dayInput.value) location.hash = '#/checkpoints/' + dayInput.value;
  });
  const status = statusLine();
  const tbody = el('tbody');
  const tfoot = el('tfoot');
  const table = el('table', { class: 'rt cp-stats' },
    el('thead', {}, el('tr', {}, el('th', { text: '卡点' }), el('th', { text: '所属单位' }),
      COLS().map(([, t]) => el('th', { class: 'num', text: t })), el('th', { text: '二维码' }))),
    tbody, tfoot);
  const list = el('section', { class: 'card' },
    el('div', { class: 'section-head' }, el('h3', { text: '卡点与当日统计' }),
      el('div', { class: 'field day-field' }, el('label', { text: '统计日期' }), dayInput)),
    status, el('div', { class: 'table-wrap' }, table),
    el('p', { class: 'hint', text: '车辆按车牌去重，人员按身份证号去重；核验人次为每次核验的次数；扫码申领为在该卡点扫码提交的通行码数。' }));
  view.append(list, addCard(ctx, () => load()));
  load();

  async function load() {
    status.set('正在加载…');
    let stats, cps;
    try {
      [stats, cps] = await Promise.all([
        api('GET', '/checkpoints/stats?day=' + encodeURIComponent(day)),
        api('GET', '/checkpoints'),
      ]);
    } catch (err) {
      status.set(err.text, 'bad');
      return;
    }
    const byId = new Map(cps.checkpoints.map(c => [c.id, c]));
    clear(tbody);
    clear(tfoot);
    if (!stats.checkpoints.length) {
      status.set('本辖区还没有卡点，请在下方添加。');
      return;
    }
    status.set('');
    for (const r of stats.checkpoints) tbody.append(row(r, byId.get(r.id) || r));
    tfoot.append(el('tr', { class: 'total' }, el('td', { 'data-label': '', text: '合计' }),
      el('td', { 'data-label': '', text: `${stats.checkpoints.length} 个卡点` }),
      COLS().map(([k, t]) => el('td', { class: 'num', 'data-label': t, text: String(stats.total[k]) })),
      el('td', { class: 'ops' })));
  }

  function row(r, c) {
    const unit = el('td', { class: 'unit', 'data-label': '所属单位', text: c.node });
    nameOf(c.node).then(n => { unit.textContent = n; unit.title = c.node; });
    return el('tr', { dataset: { id: String(r.id) } },
      el('td', { class: 'name', 'data-label': '卡点' }, el('b', { text: c.name }), ' ',
        el('span', { class: 'badge muted', text: c.kind_label }),
        c.road ? el('span', { class: 'sub', text: c.road }) : null),
      unit,
      COLS().map(([k, t]) => el('td', { class: 'num' + (k === 'fevers' && r[k] ? ' bad' : ''),
        'data-label': t, dataset: { col: k }, text: String(r[k]) })),
      el('td', { class: 'ops' },
        el('a', { class: 'btn small', href: `checkpoint-poster.html?id=${r.id}`, target: '_blank',
          rel: 'noopener', text: '打印海报' }),
        el('a', { class: 'btn small', href: `/api/v1/checkpoints/${r.id}/qr.png`,
          download: `checkpoint-${r.id}.png`, text: '下载二维码' })));
  }
}

function addCard(ctx, onAdded) {
  const node = el('select', { name: 'node' });
  const name = el('input', { type: 'text', name: 'name', maxlength: 64, autocomplete: 'off',
    placeholder: '如：二广高速济源东出口' });
  const kind = el('select', { name: 'kind' }, el('option', { value: '', text: '请选择' }),
    labels('checkpoint_kind').map(k => el('option', { value: k.id, text: k.label })));
  const road = el('input', { type: 'text', name: 'road', maxlength: 128, autocomplete: 'off',
    placeholder: '如：二广高速济源东收费站出口' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '添加卡点' });
  const status = statusLine();
  const form = el('form', { class: 'grid-form cp-add', novalidate: true },
    field('所属单位', node), field('卡点名称', name), field('类型', kind),
    field('位置', road, '道路、路口或站点，印在海报上'),
    el('div', { class: 'form-error', role: 'alert' }),
    el('div', { class: 'actions' }, submit));
  nameOf(ctx.me.node).then(n => {
    node.append(el('option', { value: ctx.me.node, text: n }));
    return childrenOf(ctx.me.node);
  }).then(kids => {
    for (const k of kids)
      if (k.kind !== 'grid') node.append(el('option', { value: k.code, text: '　' + k.name }));
  }).catch(() => {});
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    status.set('');
    const body = { node: node.value, name: name.value.trim(), kind: kind.value };
    if (road.value.trim()) body.road = road.value.trim();
    try {
      const c = await busy(submit, () => api('POST', '/checkpoints', body), '正在添加…');
      status.set(`已添加卡点“${c.name}”，可在上表中打印二维码海报。`, 'ok');
      name.value = '';
      road.value = '';
      onAdded(c);
    } catch (err) {
      showError(form, err);
    }
  });
  return el('section', { class: 'card' }, el('h3', { text: '新增卡点' }), form, status);
}
