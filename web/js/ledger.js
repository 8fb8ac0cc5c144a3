// ledger.js - what the screening-ledger pages (入户排查, 排查进度, 人员台账,
// 来返人员, 社区报备) share (the labels of visit outcomes, sex and risk levels
// come from the server: common.js label()): node names (cached), the breadcrumbs from the caller's node down,
// a chooser of the node a page looks at, a cascading picker of a grid under
// the caller's node, the progress bar of a coverage row, and the days of
// the 14-day watch period of an arrival.
import { api, el, clear, kindLabel } from './common.js';

const LEVELS = [2, 4, 6, 9, 12, 15];           // code lengths, province → grid
export const isGrid = code => /^\d{15}$/.test(code || '');

// Nodes between root and code (both included), by prefix.
export function pathCodes(root, code) {
  const out = [];
  for (const len of LEVELS)
    if (len >= root.length && len <= code.length && code.startsWith(root))
      out.push(code.slice(0, len));
  return out;
}

// code → Promise of the node (null when it cannot be read)
const nodes = new Map();
export function nodeOf(code) {
  if (!nodes.has(code))
    nodes.set(code, api('GET', '/nodes/' + encodeURIComponent(code)).catch(() => null));
  return nodes.get(code);
}
export async function nameOf(code) {
  const n = await nodeOf(code);
  return n ? n.name : code;
}
// The name of a node at or below root; the names of its siblings come in
// the same request (one per parent instead of one per node in a long list).
// A parent above root is never asked for: that read would be denied.
export async function nameUnder(root, code) {
  const i = LEVELS.indexOf(code.length);
  const parent = i > 0 ? code.slice(0, LEVELS[i - 1]) : '';
  if (parent && parent.startsWith(root) && !nodes.has(code))
    await childrenOf(parent).catch(() => null);
  return nameOf(code);
}
function rememberAll(list) {
  for (const n of list) if (!nodes.has(n.code)) nodes.set(n.code, Promise.resolve(n));
}

const kids = new Map();
export function childrenOf(code) {
  if (!kids.has(code))
    kids.set(code, api('GET', '/nodes/' + encodeURIComponent(code) + '/children')
      .then(d => { rememberAll([d.node, ...d.children]); return d.children; })
      .catch(err => { kids.delete(code); throw err; }));
  return kids.get(code);
}

// Breadcrumbs root › … › code; hrefOf(code) gives each link.
export function crumbs(root, code, hrefOf) {
  const list = el('ol');
  const nav = el('nav', { class: 'crumbs', 'aria-label': '当前位置' }, list);
  const codes = pathCodes(root, code);
  Promise.all(codes.map(nameOf)).then(labels => codes.forEach((c, i) => {
    list.append(el('li', {}, c === code
      ? el('span', { 'aria-current': 'page', text: labels[i] })
      : el('a', { href: hrefOf(c), text: labels[i] })));
  }));
  return nav;
}

// Where a page looks: breadcrumbs root › … › code (up), and a <select> of
// code's children (down) unless code is `deepest` digits long already.
// hrefOf(code) is the page's address for a node.
export function nodeChooser(root, code, hrefOf, { deepest = 15 } = {}) {
  const box = el('div', { class: 'node-chooser' },
    el('div', { class: 'here' }, el('span', { class: 'sub', text: '当前单位' }),
      crumbs(root, code, hrefOf)));
  if (code.length >= deepest) return box;
  const id = 'nc' + Math.random().toString(36).slice(2, 8);
  const label = el('label', { for: id, text: '查看下级' });
  const select = el('select', { id, disabled: true },
    el('option', { value: '', text: '正在加载…' }));
  const down = el('div', { class: 'field down' }, label, select);
  box.append(down);
  childrenOf(code).then(list => {
    if (!list.length) { down.remove(); return; }
    const kind = kindLabel(list[0].kind);
    label.textContent = `查看下级${kind}`;
    clear(select).append(el('option', { value: '', text: `选择${kind}（共 ${list.length} 个）` }),
      ...list.map(n => el('option', { value: n.code, text: n.name })));
    select.disabled = false;
  }).catch(() => down.remove());
  select.addEventListener('change', () => { if (select.value) location.hash = hrefOf(select.value); });
  return box;
}

// Days since the epoch of a YYYY-MM-DD date, and of today in Asia/Shanghai
// (the server's day: arrival_list counts today as day 1).
export const dayOf = date => Math.floor(Date.UTC(+date.slice(0, 4), +date.slice(5, 7) - 1,
  +date.slice(8, 10)) / 86400e3);
export const todayDay = () => Math.floor((Date.now() + 8 * 3600e3) / 86400e3);
export const WATCH_DAYS = 14;
// The day of the watch period an arrival is on (1 = the day they arrived).
export const watchDay = date => todayDay() - dayOf(date) + 1;
// YYYY-MM-DD of day n since the epoch
export const dateOfDay = n => new Date(n * 86400e3).toISOString().slice(0, 10);

// A picker of one grid under root: one <select> per level below root
// (村社区, then 网格 …). value: the grid chosen so far (or ''); onPick(code)
// when a grid is chosen. Returns the element.
export function gridPicker(root, value, onPick, { label = '选择网格' } = {}) {
  const box = el('div', { class: 'grid-picker' });
  const wrap = el('fieldset', { class: 'picker' }, el('legend', { text: label }), box);
  const status = el('p', { class: 'status' });
  wrap.append(status);

  let gen = 0;                                   // a newer choice wins
  async function level(parent, depth, g) {
    // drop the selects below this level
    while (box.children.length > depth) box.lastChild.remove();
    let list;
    try {
      list = await childrenOf(parent);
    } catch (err) {
      if (g === gen) status.textContent = err.text;
      return;
    }
    if (g !== gen) return;
    if (!list.length) {
      status.textContent = '该单位下还没有网格，请先在“辖区管理”中添加。';
      return;
    }
    status.textContent = '';
    const kind = list[0].kind;
    const want = value && value.startsWith(parent) ? value.slice(0, list[0].code.length) : '';
    const select = el('select', { 'aria-label': kindLabel(kind) },
      el('option', { value: '', text: `请选择${kindLabel(kind)}` }),
      list.map(n => el('option', { value: n.code, text: n.name, selected: n.code === want })));
    const id = 'gp' + Math.random().toString(36).slice(2, 8);
    select.id = id;
    box.append(el('div', { class: 'field' },
      el('label', { for: id, text: kindLabel(kind) }), select));
    const go = () => {
      const c = select.value;
      if (isGrid(c)) { onPick(c); return; }
      onPick('');                               // no grid chosen (yet)
      if (!c) { while (box.children.length > depth + 1) box.lastChild.remove(); return; }
      level(c, depth + 1, gen);
    };
    select.addEventListener('change', () => { gen++; value = ''; go(); });
    if (want && !isGrid(want)) level(want, depth + 1, g);
  }
  if (isGrid(root)) box.append(el('p', { text: root }));
  else level(root, 0, gen);
  return wrap;
}

// Households screened (visited, empty or refused) out of those known.
export function screened(r) { return r.visited + r.empty + r.refused; }
export function percent(done, total) {
  if (!total) return 0;
  const p = Math.floor(done * 100 / total);
  return done < total ? Math.min(p, 99) : 100;
}

// A progress bar with its figure: "62% 31/50".
export function progress(done, total, label) {
  const p = percent(done, total);
  const fill = el('span', { class: 'bar-fill' });
  fill.style.width = p + '%';
  const bar = el('div', { class: 'bar' + (total && done >= total ? ' full' : ''),
    role: 'progressbar', 'aria-valuemin': 0, 'aria-valuemax': 100, 'aria-valuenow': p,
    'aria-label': label || '排查进度' }, fill);
  return el('div', { class: 'progress' }, bar,
    el('span', { class: 'progress-text' },
      el('b', { text: total ? p + '%' : '—' }),
      el('span', { class: 'sub', text: `${done}/${total} 户` })));
}

// Replace the content of box with a message paragraph.
export function message(box, text, cls = 'empty') {
  clear(box).append(el('p', { class: cls, text }));
}
