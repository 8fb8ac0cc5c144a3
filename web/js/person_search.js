// person_search.js - 查询人员, the search card of 人员台账: one box that
// takes part of a name (one character too), the last digits of an ID
// number or a phone, or a whole one; part of an address; the persons as a
// table sorted by any column (click its header), page N of M (pager.js).
// GET /persons: masked, every search audited. row(p, ctx) draws one
// person (ledger_persons.js).
import { api, el, clear, field, resetErrors, showError, busy, statusLine } from './common.js';
import { pager, sortHead } from './pager.js';

const PER = 20;
const COLUMNS = [['姓名', 'name'], ['性别', 'sex'], ['出生日期', 'birth_date'],
  ['身份证号', 'id_number'], ['手机号', 'phone'], ['与户主关系', 'relation'],
  ['住址', 'address'], ['网格', 'grid'], ['操作', null]];

export function searchCard(ctx, row) {
  const inputs = {
    q: el('input', { name: 'q', type: 'search', maxlength: 32, autocomplete: 'off',
      placeholder: '如：杨、王建国、身份证号后 4 位、手机号后 4 位', spellcheck: 'false' }),
    address: el('input', { name: 'address', type: 'text', maxlength: 64, autocomplete: 'off' }),
  };
  const submit = el('button', { type: 'submit', class: 'primary', text: '查询' });
  const form = el('form', { class: 'search-form', novalidate: true, role: 'search' },
    el('div', { class: 'search-fields' },
      field('姓名 / 身份证号 / 手机号', inputs.q), field('住址', inputs.address)),
    el('div', { class: 'search-actions' }, submit,
      el('span', { class: 'hint', text: '姓名可填一个字或一部分；身份证号、手机号可填完整号码或末几位；住址可填一部分（如小区名、楼号）。不填条件则列出全部。' })),
    el('div', { class: 'form-error', role: 'alert' }));
  const tbody = el('tbody');
  const head = sortHead(COLUMNS, s => { sort = s; go(1); });
  const table = el('table', { class: 'rt persons' }, el('thead', {}, head.row), tbody);
  const wrap = el('div', { class: 'table-wrap', hidden: true }, table);
  const status = statusLine();
  const pages = pager(p => go(p), { label: '人员分页' });
  const card = el('section', { class: 'card' }, el('h3', { text: '查询人员' }), form, status,
    wrap, pages.box);

  let query = {}, sort = '';
  async function go(page, fromForm = false) {
    const q = new URLSearchParams({ ...query, page: String(page), per: String(PER) });
    if (sort) q.set('sort', sort);
    let b;
    try {
      b = await api('GET', '/persons?' + q.toString());
    } catch (err) {
      if (fromForm) showError(form, err);
      else status.set(err.text, 'bad');
      return null;
    }
    clear(tbody).append(...b.persons.map(p => row(p, ctx)));
    wrap.hidden = b.total === 0;
    pages.show(b);
    status.set(b.total === 0 ? '没有找到符合条件的人员。'
      : `共 ${b.total} 人，第 ${b.page} / ${b.pages} 页。`);
    if (!fromForm) card.scrollIntoView({ block: 'start' });
    return b;
  }
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    query = {};
    for (const [k, input] of Object.entries(inputs)) {
      let v = input.value.trim();
      if (k === 'q' && /^[\d\s-]+[xX]?$/.test(v)) v = v.replace(/[\s-]/g, '').toUpperCase();
      if (v) query[k] = v;
    }
    await busy(submit, () => go(1, true), '正在查询…');
  });
  // show the members of one household (after a person is added)
  const showHousehold = id => {
    for (const input of Object.values(inputs)) input.value = '';
    query = { household_id: String(id) };
    resetErrors(form);
    return go(1, true);
  };
  return { card, showHousehold };
}
