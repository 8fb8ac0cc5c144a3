// arrival.js - 来返人员 (#/arrivals/CODE): who came back to a node of the
// caller's jurisdiction from elsewhere (GET /arrivals?node=&days=, masked,
// every read audited). Those still within the 14-day watch period are
// highlighted and counted, by the risk level of where they came from; the
// list can be narrowed to the watch period, a risk level, or a name or
// place. A grid worker sees their grid; officers above choose a unit.
import { api, el, clear, hasModule, labels, label, tone, statusLine } from './common.js';
import { WATCH_DAYS, nodeChooser, nameUnder, watchDay, dayOf, dateOfDay,
  isGrid, message } from './ledger.js';

const hrefOf = code => '#/arrivals/' + encodeURIComponent(code);
const LIMIT = 1000;                  // the server's longest list
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
  const query = el('input', { type: 'search', name: 'q', placeholder: '按姓名、来源地查找',
    'aria-label': '按姓名、来源地查找', autocomplete: 'off' });
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
  view.append(
    el('section', { class: 'card arrival-summary', 'aria-live': 'polite' }, figures, limitNote),
    el('section', { class: 'card' },
      el('div', { class: 'arrival-filters', role: 'search' }, range, risk, query),
      status, wrap));

  const showGrid = !isGrid(code);
  gridHead.hidden = !showGrid;
  let rows = [];                     // [{a, tr, day}]
  let gen = 0;                       // the latest request wins

  async function load() {
    const g = ++gen;
    lastRange = range.value;
    message(figures, '正在加载…', 'status');
    status.set('');
    limitNote.set('');
    wrap.hidden = true;
    clear(tbody);
    let list;
    try {
      list = (await api('GET', `/arrivals?node=${encodeURIComponent(code)}&days=${range.value}`)).arrivals;
    } catch (err) {
      if (g === gen) message(figures, err.text, 'form-error');
      return;
    }
    if (g !== gen) return;
    rows = list.map(a => ({ a, day: watchDay(a.arrival_date) }));
    for (const r of rows) r.tr = row(r.a, r.day, root, code, showGrid);
    tbody.append(...rows.map(r => r.tr));
    summary(list.length);
    filter();
  }

  function summary(n) {
    const watch = rows.filter(r => r.day <= WATCH_DAYS);
    const by = lvl => watch.filter(r => r.a.risk_level === lvl).length;
    const label = RANGES.find(([v]) => v === range.value)[1].replace(/（.*/, '');
    clear(figures).append(
      figure('观察期内', watch.length, watch.length ? 'warn' : 'ok', `${WATCH_DAYS} 天内到达的人数`),
      figure('其中高风险', by(2), by(2) ? 'bad' : '', '观察期内来自高风险地区的人数'),
      figure('其中中风险', by(1), by(1) ? 'warn' : '', '观察期内来自中风险地区的人数'),
      figure(label === '观察期内' ? '列表合计' : label + '合计', n));
    if (n >= LIMIT)
      limitNote.set(`只显示了最近到达的 ${LIMIT} 人，请在上方选择下级单位分别查看。`, 'bad');
  }

  function filter() {
    const lvl = risk.value === '' ? -1 : Number(risk.value);
    const q = query.value.trim();
    let shown = 0;
    for (const r of rows) {
      const ok = (lvl < 0 || r.a.risk_level === lvl) &&
        (!q || r.a.name.includes(q) || r.a.origin_name.includes(q));
      r.tr.hidden = !ok;
      shown += ok;
    }
    wrap.hidden = shown === 0;
    const days = RANGES.find(([v]) => v === range.value)[1].replace(/（.*/, '');
    if (!rows.length)
      status.set(range.value === String(WATCH_DAYS)
        ? '本辖区目前没有处于观察期的来返人员。' : `本辖区${days}没有来返人员。`);
    else if (!shown) status.set('没有符合条件的来返人员。');
    else status.set(shown === rows.length ? `共 ${shown} 人。` : `符合条件 ${shown} 人（共 ${rows.length} 人）。`);
  }

  range.addEventListener('change', load);
  risk.addEventListener('change', filter);
  query.addEventListener('input', filter);
  load();
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

function row(a, day, root, code, showGrid) {
  const riskText = label('risk_level', a.risk_level), riskCls = tone('risk_level', a.risk_level) || 'muted';
  const place = el('td', { class: 'grid', 'data-label': '所在网格', hidden: !showGrid });
  if (showGrid) placeOf(a.grid, root, code).then(t => { place.textContent = t; place.title = a.grid; });
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
