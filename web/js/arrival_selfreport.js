// arrival_selfreport.js - 社区报备 (#/reports/CODE): the reports residents send
// from the public page (report.html) to their community, as tasks. For a
// node at or above a community: the pending reports (GET /self-reports,
// masked, audited), and those confirmed or rejected. Community and town
// officers decide each one (POST /self-reports/{id}/decide): 确认 records
// the person as an arrival (来返人员); 驳回 needs a reason, and the server's
// error is shown under the field it names.
import { api, el, clear, can, labels, label, tone, field, resetErrors, showError, busy, statusLine, fmtTime }
  from './common.js';
import { WATCH_DAYS, nodeChooser, nameUnder, watchDay, dayOf, dateOfDay, message }
  from './ledger.js';
import { pager } from './pager.js';

const hrefOf = code => '#/reports/' + encodeURIComponent(code);
let lastStatus = 'pending';          // kept while the page is open

export function render(view, ctx, arg) {
  const root = ctx.me.node;
  const code = /^\d+$/.test(arg || '') && arg.startsWith(root) ? arg.slice(0, 12) : root;
  // deciding is ledger.edit; the page shows only where reports are (a
  // community and above: the server lists the module only there)
  const decide = can(ctx.me, 'ledger.edit');
  const publicUrl = new URL('report.html', location.href).href;

  view.append(el('div', { class: 'page-head' }, el('h2', { text: '社区报备' }),
    el('p', { class: 'hint', text: '外地返回（来）人员通过报备页面自主申报，报备按所填住址送达所在村（社区）。请逐条核实：确认后登记为来返人员，纳入观察；信息不实或重复的予以驳回并说明理由。' })));
  view.append(el('section', { class: 'card chooser-card' },
    nodeChooser(root, code, hrefOf, { deepest: 12 }),
    el('p', { class: 'hint public-link' }, '群众报备页面：',
      el('a', { href: publicUrl, target: '_blank', rel: 'noopener', text: publicUrl }),
      '（可制成二维码张贴或转发）')));

  const tabs = el('div', { class: 'seg', role: 'group', 'aria-label': '审核状态' });
  const count = el('span', { class: 'count' });
  const status = statusLine();
  const list = el('div', { class: 'report-list' });
  view.append(el('section', { class: 'card reports-card' },
    el('div', { class: 'section-head' }, tabs, count), status, list));

  for (const { id: value, label: text } of labels('self_report_status')) {
    const b = el('button', { type: 'button', dataset: { status: value }, text,
      'aria-pressed': String(value === lastStatus) });
    b.addEventListener('click', () => {
      lastStatus = value;
      for (const x of tabs.children) x.setAttribute('aria-pressed', String(x === b));
      load(1);
    });
    tabs.append(b);
  }

  let pending = 0;
  function setCount(n) {
    pending = n;
    count.textContent = lastStatus === 'pending' ? `待审核 ${n} 条` : `共 ${n} 条`;
  }

  const pages = pager(p => load(p), { label: '报备分页' });
  list.after(pages.box);

  async function load(page = 1) {
    const want = lastStatus;
    status.set('');
    count.textContent = '';
    message(list, '正在加载…', 'status');
    let b;
    try {
      b = await api('GET', `/self-reports?node=${encodeURIComponent(code)}&status=${want}&page=${page}&per=20`);
    } catch (err) {
      message(list, err.text, 'form-error');
      return;
    }
    if (want !== lastStatus) return;            // another tab was chosen meanwhile
    const reports = b.reports;
    clear(list);
    setCount(b.total);
    pages.show(b);
    if (!reports.length) {
      message(list, want === 'pending' ? '没有待审核的报备。' : '暂无记录。', 'empty');
      return;
    }
    list.append(...reports.map(r => card(r)));
  }

  // one report: facts, and for a pending one the two decisions
  function card(r) {
    const badge = el('span', { class: 'badge ' + tone('self_report_status', r.status),
      text: label('self_report_status', r.status) });
    const day = watchDay(r.arrival_date);
    const place = el('dd', { text: r.community });
    nameUnder(root, r.community).then(n => { place.textContent = n; });
    const fact = (label, value, cls) => el('div', { class: cls }, el('dt', { text: label }),
      value instanceof Node ? value : el('dd', { text: value || '—' }));
    const facts = el('dl', { class: 'rc-facts' },
      fact('来源地', r.origin_name, 'wide'),
      fact('到达日期', el('dd', {}, r.arrival_date, ' ', r.status === 'rejected' ? null
        : day <= WATCH_DAYS ? el('span', { class: 'badge warn', text: `观察期第 ${Math.max(day, 1)} 天` })
          : el('span', { class: 'badge muted', text: `已过 ${WATCH_DAYS} 天` }))),
      fact('交通方式', r.transport),
      fact('身份证号', el('dd', { class: 'mono id-number', text: r.id_number })),
      fact('手机号', el('dd', { class: 'mono phone', text: r.phone })),
      fact('住址', r.address, 'wide'),
      code.length < 12 ? fact('村（社区）', place) : null);
    const actions = el('div', { class: 'rc-actions' });
    const err = el('p', { class: 'form-error', role: 'alert' });
    const c = el('article', { class: 'report-card ' + r.status, dataset: { id: String(r.id) } },
      el('div', { class: 'rc-head' },
        el('h3', { class: 'rc-name', text: r.name }), badge,
        el('span', { class: 'sub', text: `报备编号 ${r.id} · 提交于 ${fmtTime(r.submitted_at)}` })),
      facts, actions, err);

    function decided(out) {
      badge.textContent = label('self_report_status', out.status);
      badge.className = 'badge ' + tone('self_report_status', out.status);
      c.className = 'report-card ' + out.status;
      clear(actions).className = 'rc-actions done';
      if (out.status === 'confirmed')
        actions.append(el('p', { class: 'status ok' }, '已确认，已登记为来返人员。',
          el('a', { href: '#/arrivals/' + encodeURIComponent(out.community), text: '查看来返人员' })));
      else
        actions.append(el('p', { class: 'status muted-box', text: '已驳回：' + (out.reason || '') }));
    }
    function choose() {
      err.textContent = '';
      clear(actions).className = 'rc-actions';
      if (!decide) return;
      actions.append(
        el('button', { type: 'button', class: 'primary', text: '确认', on: { click: askConfirm } }),
        el('button', { type: 'button', class: 'danger', text: '驳回', on: { click: askReject } }));
    }
    function askConfirm() {
      err.textContent = '';
      const end = dateOfDay(dayOf(r.arrival_date) + WATCH_DAYS - 1);
      const yes = el('button', { type: 'button', class: 'primary', text: '确认登记' });
      clear(actions).className = 'rc-actions asking';
      actions.append(
        el('p', { class: 'confirm-q' }, '核实无误，登记', el('b', { text: r.name }),
          `为来返人员？${day <= WATCH_DAYS ? `观察期至 ${end}。` : ''}`),
        yes, el('button', { type: 'button', text: '取消', on: { click: choose } }));
      yes.addEventListener('click', () => busy(yes, () => send({ confirm: true }, null), '正在登记…'));
      yes.focus();
    }
    function askReject() {
      err.textContent = '';
      const reason = el('input', { type: 'text', name: 'reason', maxlength: 200, autocomplete: 'off',
        placeholder: '如：信息不实、重复报备' });
      const yes = el('button', { type: 'submit', class: 'danger', text: '确认驳回' });
      const form = el('form', { class: 'reject-form', novalidate: true },
        field('驳回理由', reason, '报备人可凭报备编号询问结果，请写明理由。'),
        el('div', { class: 'form-error', role: 'alert' }),
        el('div', { class: 'actions' }, yes,
          el('button', { type: 'button', text: '取消', on: { click: choose } })));
      form.addEventListener('submit', ev => {
        ev.preventDefault();
        resetErrors(form);
        const body = { confirm: false };
        if (reason.value.trim()) body.reason = reason.value.trim();
        busy(yes, () => send(body, form), '正在驳回…');
      });
      clear(actions).className = 'rc-actions asking';
      actions.append(form);
      reason.focus();
    }
    // POST the decision; an error at a field of form goes under it, any
    // other (already decided, out of jurisdiction) under the card
    async function send(body, form) {
      let out;
      try {
        out = await api('POST', `/self-reports/${r.id}/decide`, body);
      } catch (e) {
        if (form && e.field && form.querySelector(`[name="${e.field}"]`)) showError(form, e);
        else err.textContent = e.text;
        if (e.status === 409) {
          clear(actions).append(el('button', { type: 'button', text: '刷新列表', on: { click: load } }));
        }
        return;
      }
      decided(out);
      if (lastStatus === 'pending') setCount(Math.max(pending - 1, 0));
      status.set(out.status === 'confirmed' ? `已确认“${out.name}”的报备，已登记为来返人员。`
        : `已驳回“${out.name}”的报备。`, 'ok');
    }

    if (r.status === 'pending') choose();
    else decided(r);
    if (r.status !== 'pending' && r.reviewed_at)
      c.querySelector('.rc-head .sub').textContent += ` · 审核于 ${fmtTime(r.reviewed_at)}`;
    return c;
  }

  load();
}
