// duty.js - 包抓责任 (#/duty or #/duty/CODE): who answers for each node of
// the caller's jurisdiction down to the villages (县领导包乡镇、乡镇领导包村),
// and above it (上级: whom a village reports to), GET /duties?node= (the
// read audited). A node without anyone is shown as 未落实, so the gaps are
// what the eye meets first. Officers with the right
// assign an official (POST /duties) and end an assignment with a reason
// (POST /duties/{id}/end); the history stays (显示已结束).
import { api, el, clear, can, kindLabel, label, statusLine, showError, resetErrors, busy,
  fmtTime } from './common.js';

export function render(view, ctx, arg) {
  const code = arg || ctx.me.node;
  const mayAssign = can(ctx.me, 'duty.assign');
  const status = statusLine();
  const tbody = el('tbody');
  const onlyGaps = el('input', { type: 'checkbox', name: 'gaps' });
  const withEnded = el('input', { type: 'checkbox', name: 'ended' });
  const summary = el('p', { class: 'summary' });
  const table = el('table', { class: 'rt duties' },
    el('thead', {}, el('tr', {}, ['单位', '责任人', '职务', '联系电话', '起始日期', '操作']
      .map(t => el('th', { text: t })))), tbody);
  const wrap = el('div', { class: 'table-wrap' }, table);
  let nodes = [];

  view.append(el('div', { class: 'page-head' }, el('h2', { text: '包抓责任' }),
    el('p', { class: 'hint', text: '县领导包乡镇（街道）、乡镇领导包村（社区）：每个单位都应有明确的包抓责任人。' +
      '未落实的单位标为红色；责任人调整时请先指定新的责任人，再结束原来的包抓并写明原因。' })),
  el('section', { class: 'card' },
    el('div', { class: 'filters', style: 'display:flex;flex-wrap:wrap;gap:0.5em 1.5em' },
      el('label', { class: 'check' }, onlyGaps, ' 只看未落实'),
      el('label', { class: 'check' }, withEnded, ' 显示已结束')),
    summary, status, wrap));
  onlyGaps.addEventListener('change', draw);
  withEnded.addEventListener('change', load);
  load();

  async function load() {
    status.set('正在加载…');
    try {
      const q = '?node=' + encodeURIComponent(code) + (withEnded.checked ? '&ended=1' : '');
      nodes = (await api('GET', '/duties' + q)).nodes;
    } catch (err) {
      status.set(err.text, 'bad');
      wrap.hidden = true;
      return;
    }
    status.set('');
    draw();
  }

  function active(n) { return n.duties.filter(d => !d.ended_at); }

  function draw() {
    clear(tbody);
    // a grid answers through its village: never a gap of its own
    const mine = nodes.filter(n => !n.above && n.kind !== 'grid');
    const gaps = mine.filter(n => !active(n).length);
    summary.textContent = mine.length ? `本辖区共 ${mine.length} 个单位，` +
      `已落实 ${mine.length - gaps.length} 个，未落实 ${gaps.length} 个。`
      : '网格由所在村（社区）的包抓责任人负责，见上级。';
    const shown = onlyGaps.checked ? gaps : nodes;
    wrap.hidden = !shown.length;
    const depth0 = mine.length ? mine[0].code.length : 0;
    for (const n of shown) rows(n, depth0).forEach(r => tbody.append(r));
  }

  function rows(n, depth0) {
    const out = [];
    const indent = Math.max(0, Math.round((n.code.length - depth0) / 3));
    const unit = el('td', { class: 'name', 'data-label': '单位', rowspan: String(Math.max(1, n.duties.length)) },
      el('span', { class: 'indent', style: `padding-left:${indent}em` }, el('b', { text: n.name })),
      ' ', el('span', { class: 'sub', text: kindLabel(n.kind) }),
      n.above ? el('span', { class: 'badge muted', text: '上级' }) : null);
    const add = mayAssign && !n.above ? el('button', { type: 'button', class: 'small primary', text: '指定',
      on: { click: ev => assignForm(n, ev.currentTarget.closest('tr')) } }) : null;
    if (!n.duties.length) {
      const quiet = n.above || n.kind === 'grid';
      const tr = el('tr', { class: quiet ? 'above' : 'gap', dataset: { node: n.code } }, unit,
        el('td', { colspan: 4, 'data-label': '责任人' }, quiet ? el('span', { class: 'sub', text: '—' })
          : el('span', { class: 'badge bad', text: '未落实' })),
        el('td', { class: 'ops', 'data-label': '操作' }, add));
      out.push(tr);
      return out;
    }
    n.duties.forEach((d, i) => {
      const ended = !!d.ended_at;
      const ops = el('td', { class: 'ops', 'data-label': '操作' });
      if (i === 0 && add) ops.append(add);
      if (mayAssign && !ended && !n.above)
        ops.append(el('button', { type: 'button', class: 'small', text: '结束',
          on: { click: ev => endForm(d, ev.currentTarget.closest('tr')) } }));
      const tr = el('tr', { class: ended ? 'ended' : '', dataset: { node: n.code, id: String(d.id) } },
        i === 0 ? unit : null,
        el('td', { 'data-label': '责任人' }, el('b', { text: d.name }), ' ',
          el('span', { class: 'badge', text: label('duty_kind', d.kind) }),
          ended ? el('span', { class: 'sub', text: `已于 ${fmtTime(d.ended_at)} 结束：${d.end_reason}` }) : null),
        el('td', { 'data-label': '职务', text: d.title }),
        el('td', { class: 'phone', 'data-label': '联系电话' },
          el('a', { href: 'tel:' + d.phone, text: d.phone })),
        el('td', { class: 'nowrap', 'data-label': '起始日期', text: d.from }),
        ops);
      out.push(tr);
    });
    return out;
  }

  // 指定: a row under the node with the official's name, title, phone, date
  function assignForm(n, tr) {
    if (tr.nextSibling && tr.nextSibling.classList.contains('edit-row')) return;
    const input = (name, attrs) => el('input', { name, autocomplete: 'off', ...attrs });
    const name = input('name', { type: 'text', maxlength: 32, required: true, placeholder: '姓名', 'aria-label': '责任人姓名' });
    const title = input('title', { type: 'text', maxlength: 32, placeholder: '职务，如：副县长', 'aria-label': '职务' });
    const phone = input('phone', { type: 'tel', inputmode: 'numeric', maxlength: 20, required: true, placeholder: '手机号', 'aria-label': '联系电话' });
    const from = input('from', { type: 'date', 'aria-label': '起始日期' });
    const ok = el('button', { type: 'submit', class: 'small primary', text: '保存' });
    const err = el('p', { class: 'form-error', role: 'alert' });
    const form = el('form', { class: 'row-form', novalidate: true },
      el('div', { class: 'field' }, name), el('div', { class: 'field' }, title),
      el('div', { class: 'field' }, phone), el('div', { class: 'field' }, from),
      el('div', { class: 'actions' }, ok, el('button', { type: 'button', class: 'small', text: '取消',
        on: { click: () => edit.remove() } })), err);
    const edit = el('tr', { class: 'edit-row' }, el('td', { colspan: 6 },
      el('p', { class: 'sub', text: `为「${n.name}」指定包抓责任人` }), form));
    tr.after(edit);
    name.focus();
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      resetErrors(form);
      err.textContent = '';
      await busy(ok, async () => {
        try {
          await api('POST', '/duties', { node: n.code, name: name.value, title: title.value,
            phone: phone.value, from: from.value || undefined });
          load();
        } catch (e) {
          showError(form, e);
        }
      }, '保存中…');
    });
  }

  // 结束: the reason is required, the assignment stays in the history
  function endForm(d, tr) {
    if (tr.nextSibling && tr.nextSibling.classList.contains('edit-row')) return;
    const reason = el('input', { type: 'text', name: 'reason', maxlength: 200, autocomplete: 'off',
      required: true, placeholder: '结束原因，如：工作调动，由新任责任人接替', 'aria-label': '结束原因' });
    const ok = el('button', { type: 'submit', class: 'small primary', text: '确认结束' });
    const err = el('p', { class: 'form-error', role: 'alert' });
    const form = el('form', { class: 'row-form', novalidate: true },
      el('div', { class: 'field' }, reason),
      el('div', { class: 'actions' }, ok, el('button', { type: 'button', class: 'small', text: '取消',
        on: { click: () => edit.remove() } })), err);
    const edit = el('tr', { class: 'edit-row' }, el('td', { colspan: 6 }, form));
    tr.after(edit);
    reason.focus();
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      resetErrors(form);
      err.textContent = '';
      await busy(ok, async () => {
        try {
          await api('POST', `/duties/${d.id}/end`, { reason: reason.value });
          load();
        } catch (e) {
          showError(form, e);
        }
      }, '提交中…');
    });
  }
}
