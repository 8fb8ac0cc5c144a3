// pager.js - the pages of a long list, shared by every list page (人员,
// 住户, 来返人员, 病例, 转运, 社区报备, 审计日志): the server counts and
// cuts (?page=&per=&sort=, replies "total", "page", "per", "pages"); this
// draws "共 T 条 · 第 N / M 页", first/previous/next/last and a box to jump
// to any page, and the sort of a table by its column headers.
import { el, clear } from './common.js';

// pager(onGo) → { box, show(info) }: onGo(page) when a page is asked for;
// show(info) draws the reply's total/page/pages (hidden while there is
// one page only, the total still said).
export function pager(onGo, { label = '分页' } = {}) {
  const box = el('nav', { class: 'pager', 'aria-label': label, hidden: true });
  let info = { page: 1, pages: 1, total: 0 };
  const go = p => {
    p = Math.min(Math.max(1, p), info.pages);
    if (p !== info.page) onGo(p);
  };
  function show(i) {
    info = i;
    const jump = el('input', { type: 'number', min: 1, max: i.pages, value: String(i.page),
      inputmode: 'numeric', 'aria-label': '跳转到第几页', class: 'page-jump' });
    const form = el('form', { class: 'jump' }, '第 ', jump, ` / ${i.pages} 页 `,
      el('button', { type: 'submit', class: 'small', text: '跳转' }));
    form.addEventListener('submit', ev => { ev.preventDefault(); go(Number(jump.value) || 1); });
    const btn = (text, p, aria) => el('button', { type: 'button', class: 'small', text,
      'aria-label': aria, disabled: p < 1 || p > i.pages || p === i.page, on: { click: () => go(p) } });
    clear(box).append(el('span', { class: 'total', text: `共 ${i.total} 条` }));
    if (i.pages > 1)
      box.append(el('span', { class: 'moves' },
        btn('«', 1, '第一页'), btn('‹ 上一页', i.page - 1, '上一页'),
        form,
        btn('下一页 ›', i.page + 1, '下一页'), btn('»', i.pages, '最后一页')));
    box.hidden = false;
  }
  return { box, show, get page() { return info.page; } };
}

// sortHead(columns, onSort) → { row, sort, set(sort) }: a <tr> of <th>;
// columns are [text, key] (key null: not sortable). A click on a column
// sorts by it, again reverses ("-key": descending); aria-sort says which.
export function sortHead(columns, onSort, initial = '') {
  let sort = initial;
  const ths = columns.map(([text, key]) => {
    if (!key) return el('th', { text });
    const b = el('button', { type: 'button', class: 'sort', text });
    const th = el('th', { dataset: { sort: key } }, b);
    b.addEventListener('click', () => {
      sort = sort === key ? '-' + key : key;
      mark();
      onSort(sort);
    });
    return th;
  });
  function mark() {
    for (const th of ths) {
      const key = th.dataset.sort;
      if (!key) continue;
      const state = sort === key ? 'ascending' : sort === '-' + key ? 'descending' : 'none';
      th.setAttribute('aria-sort', state);
      th.firstChild.dataset.dir = state;
    }
  }
  mark();
  return { row: el('tr', {}, ths), get sort() { return sort; }, set(s) { sort = s; mark(); } };
}
