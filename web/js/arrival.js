// arrival.js - 来返人员 (#/arrivals/CODE): who came back to a node of the
// caller's jurisdiction from elsewhere (GET /arrivals?node=&days=, masked,
// every read audited), page by page (pager.js). Those still within the
// 14-day watch period are highlighted and counted (the server's totals), by
// the risk level of where they came from; the list can be narrowed to the
// watch period or a risk level. A grid worker sees their grid; officers
// above choose a unit. Officers enter an arrival (arrival_entry.js); one
// that waits in a community's queue (待落地) is placed in a grid here.
import { api, el, clear, can, hasModule, labels, label, tone, statusLine, busy } from './common.js';
import { WATCH_DAYS, nodeChooser, nameUnder, watchDay, dayOf, dateOfDay,
  isGrid, message, childrenOf } from './ledger.js';
import { pager } from './pager.js';
import { entryCard } from './arrival_entry.js';

const hrefOf = code => '#/arrivals/' + encodeURIComponent(code);
const PER = 50;
const RANGES = [
  [String(WATCH_DAYS), `观察期内（${WATCH_DAYS} 天内到达）`],
  ['30', '近 30 天到达'],
  ['60', '近 60 天到达'],
  ['90', '近 90 天到达'],
];
let lastRange = '30';                // kept while the page is open

export function render(view, ctx, arg) {
  const root = ctx.me.node;
  const code = /^\d+$/.test(arg || '') && arg.startsWith(root) ? arg : root;

  view.append(el('div', { class: 'page-head' }, el('h2', { text: '来返人员' }),
    el('p', { class: 'hint', text: `从外地返回（来到）本辖区的人员。自到达之日起 ${WATCH_DAYS} 天为观察期，期内人员突出显示；身份证号、手机号一律脱敏，每次查看均记入审计日志。` })));
  const where = el('section', { class: 'card chooser-card' }, nodeChooser(root, code, hrefOf));
  if (hasModule(ctx.me, 'reports'))
    where.append(el('p', { class: 'hint to-reports' }, '群众自主申报的来返信息在',
      el('a', { href: '#/reports/' + encodeURIComponent(code.slice(0, 12)), text: '社区报备' }),
      '中审核，确认后列入本表。'));
  view.append(where);

  const range = el('select', { name: 'days', 'aria-label': '到达时间' },
    RANGES.map(([v, t]) => el('option', { value: v, text: t, selected: v === lastRange })));
  const risk = el('select', { name: 'risk', 'aria-label': '风险等级' },
    el('option', { value: '', text: '全部风险等级' }),
    [...labels('risk_level')].reverse().map(l => el('option', { value: l.id,
      text: `来自${l.label}地区` })));
  const placed = el('select', { name: 'placed', 'aria-label': '落地情况' },
    el('option', { value: '', text: '全部（含待落地）' }),
    el('option', { value: 'no', text: '待落地（未分网格）' }),
    el('option', { value: 'yes', text: '已落地到网格' }));
  const figures = el('dl', { class: 'figures arrival-figures' });
  const limitNote = statusLine();
  const status = statusLine();
  const tbody = el('tbody');
  const gridHead = el('th', { text: '所在网格' });
  const table = el('table', { class: 'rt arrivals' },
    el('thead', {}, el('tr', {},
      ['姓名', '观察期', '来源地', '风险等级', '到达日期', '交通方式', '身份证号', '手机号']
        .map(t => el('th', { text: t })), gridHead)),
    tbody);
  const wrap = el('div', { class: 'table-wrap', hidden: true }, table);
  const pages = pager(p => load(p), { label: '来返人员分页' });
  const edit = can(ctx.me, 'ledger.edit');
  view.append(
    el('section', { class: 'card arrival-summary', 'aria-live': 'polite' }, figures, limitNote),
    el('section', { class: 'card' },
      el('div', { class: 'arrival-filters', role: 'search' }, range, risk, placed),
      status, wrap, pages.box));
  if (edit) view.append(entryCard(ctx, code, () => { load(1); counts(); }));

  const showGrid = !isGrid(code);
  gridHead.hidden = !showGrid;
  let gen = 0;                       // the latest request wins
  const base = () => `/arrivals?node=${encodeURIComponent(code)}`;
  // one figure: the server's total for a query (one audited read each)
  const total = q => api('GET', `${base()}&per=1&${q}`).then(b => b.total);

  async function counts() {
    message(figures, '正在加载…', 'status');
    const label = RANGES.find(([v]) => v === range.value)[1].replace(/（.*/, '');
    let f;
    try {
      f = await Promise.all([total(`days=${WATCH_DAYS}`), total(`days=${WATCH_DAYS}&risk_level=2`),
        total(`days=${WATCH_DAYS}&risk_level=1`), total(`days=${range.value}`)]);
    } catch (err) {
      message(figures, err.text, 'form-error');
      return;
    }
    clear(figures).append(
      figure('观察期内', f[0], f[0] ? 'warn' : 'ok', `${WATCH_DAYS} 天内到达的人数`),
      figure('其中高风险', f[1], f[1] ? 'bad' : '', '观察期内来自高风险地区的人数'),
      figure('其中中风险', f[2], f[2] ? 'warn' : '', '观察期内来自中风险地区的人数'),
      figure(label === '观察期内' ? '列表合计' : label + '合计', f[3]));
  }

  async function load(page = 1) {
    const g = ++gen;
    lastRange = range.value;
    status.set('正在加载…');
    let b;
    const q = new URLSearchParams({ days: range.value, page: String(page), per: String(PER) });
    if (risk.value !== '') q.set('risk_level', risk.value);
    if (placed.value) q.set('placed', placed.value);
    try {
      b = await api('GET', `${base()}&${q}`);
    } catch (err) {
      if (g === gen) status.set(err.text, 'bad');
      return;
    }
    if (g !== gen) return;
    clear(tbody).append(...b.arrivals.map(a =>
      row(a, watchDay(a.arrival_date), root, code, showGrid, edit ? placeCell(a, code, () => load(page)) : null)));
    wrap.hidden = b.total === 0;
    pages.show(b);
    const days = RANGES.find(([v]) => v === range.value)[1].replace(/（.*/, '');
    if (!b.total)
      status.set(risk.value !== '' || placed.value ? '没有符合条件的来返人员。'
        : range.value === String(WATCH_DAYS)
          ? '本辖区目前没有处于观察期的来返人员。' : `本辖区${days}没有来返人员。`);
    else status.set(b.pages > 1 ? `共 ${b.total} 人，第 ${b.page} / ${b.pages} 页。` : `共 ${b.total} 人。`);
  }

  range.addEventListener('change', () => { load(1); counts(); });
  risk.addEventListener('change', () => load(1));
  placed.addEventListener('change', () => load(1));
  load(1);
  counts();
}

// 落地: an arrival waiting at its community is put in one of its grids.
function placeCell(a, code, done) {
  if (a.placed) return null;
  const select = el('select', { 'aria-label': `${a.name} 落地到网格` },
    el('option', { value: '', text: '选择网格' }));
  childrenOf(a.grid).then(list => select.append(...list.map(n =>
    el('option', { value: n.code, text: n.name })))).catch(() => {});
  const go = el('button', { type: 'button', class: 'small', text: '落地' });
  const note = el('span', { class: 'sub', role: 'alert' });
  go.addEventListener('click', () => busy(go, async () => {
    if (!select.value) { note.textContent = '请先选择网格'; return; }
    try {
      await api('POST', `/arrivals/${a.id}/place`, { grid: select.value });
      done();
    } catch (err) { note.textContent = err.text; }
  }, '正在落地…'));
  return el('span', { class: 'place-form' }, select, go, note);
}

function figure(label, value, cls, title) {
  return el('div', { class: 'figure' + (cls ? ' ' + cls : ''), title },
    el('dt', { text: label }), el('dd', { text: String(value) }));
}

// The watch-period cell: day N of 14 and the days left, or over.
function watchCell(day, date) {
  if (day > WATCH_DAYS)
    return el('td', { class: 'watch-day', 'data-label': '观察期' },
      el('span', { class: 'badge muted', text: `已满 ${WATCH_DAYS} 天` }));
  const left = WATCH_DAYS - day;
  const end = dateOfDay(dayOf(date) + WATCH_DAYS - 1);
  return el('td', { class: 'watch-day', 'data-label': '观察期', title: `观察期至 ${end}` },
    el('span', { class: 'badge warn', text: `第 ${Math.max(day, 1)} 天` }),
    el('span', { class: 'sub', text: left ? `还剩 ${left} 天` : '今天期满' }));
}

function row(a, day, root, code, showGrid, action) {
  const riskText = label('risk_level', a.risk_level), riskCls = tone('risk_level', a.risk_level) || 'muted';
  const place = el('td', { class: 'grid', 'data-label': '所在网格', hidden: !showGrid && !action });
  const where = el('span');
  place.append(where, action || '');
  if (showGrid) placeOf(a.grid, root, code).then(t => { where.textContent = t; place.title = a.grid; });
  return el('tr', { class: day <= WATCH_DAYS ? 'watch' : 'past',
    dataset: { id: String(a.id), grid: a.grid, risk: String(a.risk_level) } },
  el('td', { class: 'name', 'data-label': '姓名' }, el('span', { class: 'pname', text: a.name })),
  watchCell(day, a.arrival_date),
  el('td', { class: 'origin', 'data-label': '来源地', text: a.origin_name || '—' }),
  el('td', { class: 'risk', 'data-label': '风险等级' },
    el('span', { class: 'badge ' + riskCls, text: riskText })),
  el('td', { class: 'nowrap date', 'data-label': '到达日期', text: a.arrival_date }),
  el('td', { 'data-label': '交通方式', text: a.transport || '—' }),
  el('td', { class: 'mono id-number', 'data-label': '身份证号', text: a.id_number || '—' }),
  el('td', { class: 'mono phone', 'data-label': '手机号', text: a.phone || '—' }),
  place);
}

// "第一网格", or "石牛社区 第一网格" when looking above the community; an
// arrival confirmed from a self-report is placed in its community only.
async function placeOf(grid, root, code) {
  const community = grid.slice(0, 12);
  const above = code.length < 12;
  if (grid.length === 12)
    return (above ? await nameUnder(root, community) + ' ' : '') + '（未分网格）';
  const name = await nameUnder(root, grid);
  return above ? `${await nameUnder(root, community)} ${name}` : name;
}
