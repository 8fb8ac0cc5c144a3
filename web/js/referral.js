// referral.js - 发热转诊 (#/referrals or #/referrals/STATUS): fevers found
// at checkpoints, referred to the community the person belongs to (GET
// /referrals, masked, the read audited). Officers receive a referral (接收)
// and close it with what was done (关闭) - PATCH /referrals/{id}.
import { api, el, clear, labels, label, tone, statusLine, fmtTime } from './common.js';

// the statuses (GET /meta), and "all"
const statuses = () => [...labels('referral_status').map(s => [s.id, s.label]), ['all', '全部']];

export function render(view, ctx, arg) {
  const current = statuses().some(([v]) => v === arg) ? arg : 'pending';
  const status = statusLine();
  const tbody = el('tbody');
  const table = el('table', { class: 'rt referrals' },
    el('thead', {}, el('tr', {}, ['核验时间', '姓名', '身份证号', '手机号', '体温', '卡点',
      '转至', '状态', '处置'].map(t => el('th', { text: t })))), tbody);
  const wrap = el('div', { class: 'table-wrap' }, table);
  view.append(el('div', { class: 'page-head' }, el('h2', { text: '发热转诊' }),
    el('p', { class: 'hint', text: '卡点测温 ≥ 37.3 °C 的人员自动转诊至其所属村（社区）；本地未登记的人员转至卡点所在乡镇街道。请及时接收、联系并引导就医，处置完毕后关闭。' })),
  el('nav', { class: 'filter-tabs', 'aria-label': '按状态筛选' },
    statuses().map(([v, t]) => el('a', { href: '#/referrals/' + v, text: t,
      'aria-current': v === current ? 'page' : null }))),
  el('section', { class: 'card' }, status, wrap));
  load();

  async function load() {
    status.set('正在加载…');
    let list;
    try {
      const q = current === 'all' ? '' : '?status=' + current;
      list = (await api('GET', '/referrals' + q)).referrals;
    } catch (err) {
      status.set(err.text, 'bad');
      wrap.hidden = true;
      return;
    }
    clear(tbody);
    wrap.hidden = !list.length;
    status.set(list.length ? `共 ${list.length} 条。` : current === 'pending'
      ? '暂无待接收的发热转诊。' : '暂无记录。');
    for (const r of list) tbody.append(row(r));
  }

  function row(r) {
    const statusText = label('referral_status', r.status), cls = tone('referral_status', r.status);
    const ops = el('td', { class: 'ops', 'data-label': '处置' });
    const tr = el('tr', { dataset: { id: String(r.id) } },
      el('td', { 'data-label': '核验时间', class: 'nowrap', text: fmtTime(r.checked_at) }),
      el('td', { class: 'name', 'data-label': '姓名' }, el('b', { text: r.name }), ' ',
        el('span', { class: 'badge ' + (r.in_ledger ? 'ok' : 'warn'),
          text: r.in_ledger ? '本地在册' : '未登记' })),
      el('td', { class: 'id-number', 'data-label': '身份证号', text: r.id_number }),
      el('td', { class: 'phone', 'data-label': '手机号', text: r.phone }),
      el('td', { class: 'temp bad', 'data-label': '体温', text: r.temperature.toFixed(1) + ' °C' }),
      el('td', { 'data-label': '卡点', text: r.checkpoint_name }),
      el('td', { 'data-label': '转至', text: r.community_name, title: r.community }),
      el('td', { 'data-label': '状态' }, el('span', { class: 'badge ' + cls, text: statusText }),
        r.remarks ? el('span', { class: 'sub', text: r.remarks }) : null),
      ops);
    if (r.status === 'pending')
      ops.append(el('button', { type: 'button', class: 'small primary', text: '接收',
        on: { click: ev => change(r, 'received', '', ev.currentTarget) } }));
    if (r.status !== 'closed')
      ops.append(el('button', { type: 'button', class: 'small', text: '关闭',
        on: { click: () => closeForm(r, tr) } }));
    return tr;
  }

  // 关闭 asks what was done, in a row under the referral
  function closeForm(r, tr) {
    if (tr.nextSibling && tr.nextSibling.classList.contains('edit-row')) return;
    const remarks = el('input', { type: 'text', name: 'remarks', maxlength: 200,
      autocomplete: 'off', placeholder: '处置情况，如：已送发热门诊，核酸阴性', 'aria-label': '处置情况' });
    const ok = el('button', { type: 'button', class: 'small primary', text: '确认关闭' });
    const err = el('p', { class: 'form-error', role: 'alert' });
    const edit = el('tr', { class: 'edit-row' }, el('td', { colspan: 9 },
      el('div', { class: 'row-form' }, el('div', { class: 'field' }, remarks),
        el('div', { class: 'actions' }, ok,
          el('button', { type: 'button', class: 'small', text: '取消',
            on: { click: () => edit.remove() } })),
        err)));
    ok.addEventListener('click', () => change(r, 'closed', remarks.value.trim(), ok, err));
    tr.after(edit);
    remarks.focus();
  }

  async function change(r, to, remarks, button, errBox) {
    button.disabled = true;
    try {
      await api('PATCH', '/referrals/' + r.id, remarks ? { status: to, remarks } : { status: to });
    } catch (err) {
      button.disabled = false;
      if (errBox) errBox.textContent = err.text;
      else status.set(err.text, 'bad');
      return;
    }
    await load();
    status.set(`已${to === 'received' ? '接收' : '关闭'}：${r.name}`, 'ok');
  }
}
