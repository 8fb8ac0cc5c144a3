// case.js - 病例管理: the case list of a node with a status filter and the
// new-case form (#/cases), one case (#/cases/ID: status buttons from the
// transition table, dates, hospital, source case, the trajectory timeline
// with the manual entry form and the exports, the contacts with their
// reasons to confirm or dismiss), and the transmission chains
// (#/cases/chains, case_chain.js). The server decides every rule again.
import { api, apiFile, saveBlob, el, clear, can, labels, label, tone, field, resetErrors,
  showError, busy, statusLine, fmtTime } from './common.js';
import { childrenOf, nameOf } from './ledger.js';
import * as chains from './case_chain.js';
import { contactList, reasonText } from './contact.js';

// statuses, sources, stop kinds and contact statuses: the server's tables
// (case_status ... in GET /meta)
const options = (name, selected) =>
  labels(name).map(o => el('option', { value: o.id, text: o.label, selected: o.id === selected }));

export const statusBadge = c =>
  el('span', { class: 'badge ' + tone('case_status', c.status), text: c.status_label });

export function render(view, ctx, arg) {
  if (arg === 'chains') return chains.render(view, ctx);
  if (/^\d+$/.test(arg || '')) return renderCase(view, ctx, Number(arg));
  return renderList(view, ctx, arg);
}

// ---- the list ---------------------------------------------------------------

function renderList(view, ctx) {
  const node = el('select', { name: 'node', 'aria-label': '辖区' });
  const filter = el('select', { name: 'status', 'aria-label': '状态' },
    el('option', { value: '', text: '全部状态' }),
    options('case_status'));
  const status = statusLine();
  const tbody = el('tbody');
  const wrap = el('div', { class: 'table-wrap' }, el('table', { class: 'rt cases' },
    el('thead', {}, el('tr', {}, ['编号', '姓名', '身份证号', '状态', '发病日期', '定点医院',
      '报告时间', ''].map(t => el('th', { text: t })))), tbody));
  view.append(el('div', { class: 'page-head case-head' },
    el('h2', { text: '病例管理' }),
    el('a', { class: 'btn', href: '#/cases/chains', text: '传播链' })),
  el('section', { class: 'card' },
    el('div', { class: 'case-filters' }, field('辖区', node), field('状态', filter)),
    status, wrap));
  if (can(ctx.me, 'case.write')) view.append(newCaseCard());

  nameOf(ctx.me.node).then(n => {
    node.append(el('option', { value: ctx.me.node, text: n }));
    return childrenOf(ctx.me.node);
  }).then(kids => {
    for (const k of kids) node.append(el('option', { value: k.code, text: '　' + k.name }));
  }).catch(() => {});
  node.addEventListener('change', load);
  filter.addEventListener('change', load);
  load();

  async function load() {
    status.set('正在加载…');
    let list;
    try {
      const q = new URLSearchParams();
      if (node.value) q.set('node', node.value);
      if (filter.value) q.set('status', filter.value);
      list = (await api('GET', '/cases?' + q)).cases;
    } catch (err) {
      status.set(err.text, 'bad');
      wrap.hidden = true;
      return;
    }
    clear(tbody);
    wrap.hidden = !list.length;
    status.set(list.length ? `共 ${list.length} 例。` : '暂无病例。');
    for (const c of list) {
      tbody.append(el('tr', { dataset: { id: String(c.id) } },
        el('td', { 'data-label': '编号', text: String(c.id) }),
        el('td', { class: 'name', 'data-label': '姓名' },
          el('a', { href: '#/cases/' + c.id, text: c.name })),
        el('td', { class: 'nowrap', 'data-label': '身份证号', text: c.id_number }),
        el('td', { 'data-label': '状态' }, statusBadge(c)),
        el('td', { 'data-label': '发病日期', text: c.onset_date || '—' }),
        el('td', { 'data-label': '定点医院', text: c.hospital || '—' }),
        el('td', { class: 'nowrap', 'data-label': '报告时间', text: fmtTime(c.created_at) }),
        el('td', { class: 'ops' }, el('a', { class: 'btn small', href: '#/cases/' + c.id,
          text: '查看' }))));
    }
  }
}

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

function dateInput(name) {
  return el('input', { type: 'date', name, max: today() });
}

function newCaseCard() {
  const idn = el('input', { type: 'text', name: 'id_number', maxlength: 18, autocomplete: 'off',
    inputmode: 'text', placeholder: '18 位身份证号' });
  const find = el('button', { type: 'button', text: '查找人员' });
  const who = el('p', { class: 'case-person', role: 'status' });
  const st = el('select', { name: 'status' },
    // a new case is one of the first three (suspected, confirmed, asymptomatic)
    options('case_status').slice(0, 3));
  const onset = dateInput('onset_date'), sample = dateInput('sample_date');
  const iso = dateInput('isolation_date');
  const hospital = el('input', { type: 'text', name: 'hospital', maxlength: 64,
    placeholder: '如：济源市人民医院' });
  const source = el('select', { name: 'source' },
    options('case_source'));
  const remarks = el('input', { type: 'text', name: 'remarks', maxlength: 200 });
  const submit = el('button', { type: 'submit', class: 'primary', text: '报告病例' });
  let person = null;
  const form = el('form', { class: 'case-new', novalidate: true },
    el('div', { class: 'inline' }, field('身份证号', idn), find), who,
    el('div', { class: 'grid-form' }, field('病例状态', st), field('发病日期', onset),
      field('阳性采样日期', sample), field('隔离（入院）日期', iso), field('定点医院', hospital),
      field('感染来源', source), field('备注', remarks)),
    el('div', { class: 'form-error', role: 'alert' }),
    el('div', { class: 'actions' }, submit));
  find.addEventListener('click', lookUp);
  idn.addEventListener('keydown', ev => { if (ev.key === 'Enter') { ev.preventDefault(); lookUp(); } });

  async function lookUp() {
    resetErrors(form);
    person = null;
    who.textContent = '';
    try {
      const r = await busy(find, () => api('GET', '/persons?id_number=' +
        encodeURIComponent(idn.value.trim())), '正在查找…');
      person = r.persons[0] || null;
    } catch (err) {
      showError(form, err);
      return;
    }
    who.textContent = person ? `${person.name}　${person.id_number}　${person.address || ''}`
      : '台账中没有该身份证号的人员，请先在“人员台账”中登记。';
    who.className = 'case-person' + (person ? ' ok' : ' bad');
  }

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    const body = { status: st.value, source: source.value };
    if (person) body.person_id = person.id;
    else body.id_number = idn.value.trim();
    for (const [k, input] of [['onset_date', onset], ['sample_date', sample],
      ['isolation_date', iso], ['hospital', hospital], ['remarks', remarks]])
      if (input.value.trim()) body[k] = input.value.trim();
    try {
      const c = await busy(submit, () => api('POST', '/cases', body), '正在提交…');
      location.hash = '#/cases/' + c.id;
    } catch (err) {
      showError(form, err);
    }
  });
  return el('section', { class: 'card' }, el('h3', { text: '报告新病例' }),
    el('p', { class: 'hint', text: '按身份证号查找台账中的人员；病例归属其所在网格。' }), form);
}

// ---- one case ---------------------------------------------------------------

function renderCase(view, ctx, id) {
  const writer = can(ctx.me, 'case.write');
  const status = statusLine();
  const head = el('div', { class: 'page-head case-head' });
  const info = el('section', { class: 'card case-info' });
  const traj = el('section', { class: 'card case-trajectory' });
  const contacts = el('section', { class: 'card case-contacts' });
  view.append(el('p', {}, el('a', { href: '#/cases', text: '← 病例列表' })), head, status,
    info, traj, contacts);
  load();

  async function load() {
    let c;
    try {
      c = await api('GET', '/cases/' + id);
    } catch (err) {
      status.set(err.text, 'bad');
      return;
    }
    status.set('');
    showCase(c);
    loadTrajectory();
    loadContacts();
  }

  function showCase(c) {
    clear(head).append(el('h2', {}, c.name, ' ', statusBadge(c)),
      el('a', { class: 'btn', href: '#/cases/chains', text: '传播链' }));
    const facts = [['病例编号', String(c.id)], ['身份证号', c.id_number], ['手机号', c.phone],
      ['发病日期', c.onset_date || '—'], ['阳性采样日期', c.sample_date || '—'],
      ['隔离（入院）日期', c.isolation_date || '—'], ['定点医院', c.hospital || '—'],
      ['感染来源', c.source_label],
      ['传染来源病例', c.source_case_id ? '病例 ' + c.source_case_id : '—']];
    // el() drops null children; DOM append() would print them
    clear(info).append(el('div', {}, el('h3', { text: '病例信息' }),
      el('dl', { class: 'facts' }, facts.map(([k, v]) =>
        el('div', {}, el('dt', { text: k }), el('dd', { text: v })))),
      c.source_remarks ? el('p', { class: 'hint', text: '来源说明：' + c.source_remarks }) : null,
      writer && c.next.length ? statusForm(c) : null,
      writer ? editForm(c) : null,
      el('details', { class: 'case-events' }, el('summary', { text: `状态变更记录（${c.events.length}）` }),
        el('ol', {}, c.events.map(e => el('li', {},
          `${fmtTime(e.at)}　${e.to_label}　${e.username || '系统'}`,
          e.remarks ? `（${e.remarks}）` : ''))))));
  }

  function statusForm(c) {
    const remarks = el('input', { type: 'text', name: 'remarks', maxlength: 200,
      placeholder: '备注（可选），如：核酸阳性' });
    const form = el('form', { class: 'case-status', novalidate: true },
      el('div', { class: 'inline' }, field('状态变更', remarks),
        c.next.map(n => el('button', { type: 'button', class: n.status === 'excluded' ? '' : 'primary',
          dataset: { status: n.status }, text: '转为' + n.label,
          on: { click: ev => change(ev.currentTarget, n.status) } }))),
      el('div', { class: 'form-error', role: 'alert' }));
    async function change(button, to) {
      resetErrors(form);
      const body = { status: to };
      if (remarks.value.trim()) body.remarks = remarks.value.trim();
      try {
        const n = await busy(button, () => api('POST', `/cases/${c.id}/status`, body));
        status.set(`已转为“${n.status_label}”。`, 'ok');
        load();
      } catch (err) {
        showError(form, err);
      }
    }
    return form;
  }

  function editForm(c) {
    const onset = dateInput('onset_date'), sample = dateInput('sample_date');
    const iso = dateInput('isolation_date');
    onset.value = c.onset_date || '';
    sample.value = c.sample_date || '';
    iso.value = c.isolation_date || '';
    const hospital = el('input', { type: 'text', name: 'hospital', maxlength: 64, value: c.hospital });
    const source = el('select', { name: 'source' },
      options('case_source', c.source));
    const src = el('input', { type: 'number', name: 'source_case_id', min: 1, inputmode: 'numeric',
      value: c.source_case_id || '', placeholder: '病例编号' });
    const srcRemarks = el('input', { type: 'text', name: 'source_remarks', maxlength: 200,
      value: c.source_remarks, placeholder: '如：同桌聚餐' });
    const save = el('button', { type: 'submit', class: 'primary', text: '保存' });
    const form = el('form', { class: 'case-edit', novalidate: true },
      el('div', { class: 'grid-form' }, field('发病日期', onset), field('阳性采样日期', sample),
        field('隔离（入院）日期', iso), field('定点医院', hospital), field('感染来源', source),
        field('传染来源病例编号', src), field('来源说明', srcRemarks)),
      el('div', { class: 'form-error', role: 'alert' }), el('div', { class: 'actions' }, save));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      resetErrors(form);
      const body = { onset_date: onset.value, sample_date: sample.value,
        isolation_date: iso.value, hospital: hospital.value.trim(), source: source.value,
        source_case_id: src.value ? Number(src.value) : null,
        source_remarks: srcRemarks.value.trim() };
      try {
        await busy(save, () => api('PATCH', '/cases/' + c.id, body), '正在保存…');
        status.set('已保存。', 'ok');
        load();
      } catch (err) {
        showError(form, err);
      }
    });
    return el('details', { class: 'case-edit-box' }, el('summary', { text: '修改日期、医院与来源' }), form);
  }

  // ---- trajectory -----------------------------------------------------------
  async function loadTrajectory() {
    const line = statusLine();
    const list = el('ol', { class: 'timeline' });
    const exports = el('div', { class: 'case-exports' },
      ['csv', 'xlsx'].map(f => el('button', { type: 'button', class: 'small',
        text: f === 'csv' ? '导出 CSV' : '导出 Excel',
        on: { click: ev => download(ev.currentTarget, f) } })));
    clear(traj).append(el('div', { class: 'section-head' }, el('h3', { text: '活动轨迹' }), exports),
      line, list, writer ? entryForm() : null);
    let t;
    try {
      t = await api('GET', `/cases/${id}/trajectory`);
    } catch (err) {
      line.set(err.text, 'bad');
      return;
    }
    line.set(t.stops.length ? `${fmtTime(t.from).slice(0, 10)} 至今，共 ${t.stops.length} 条轨迹。`
      : '暂无轨迹。可在下方补录流调获知的行程。');
    for (const s of t.stops) {
      const minute = iso => fmtTime(iso).slice(0, 16);
      const span = s.to !== s.from ? `${minute(s.from)}–${minute(s.to).slice(11)}` : minute(s.from);
      list.append(el('li', { class: 'stop stop-' + s.kind, dataset: { kind: s.kind } },
        el('span', { class: 'when', text: span }),
        el('span', { class: 'badge muted', text: label('case_stop_kind', s.kind) }), ' ',
        el('b', { text: s.place }),
        s.address ? el('span', { class: 'sub', text: s.address }) : null,
        s.plate ? el('span', { class: 'sub', text: '车牌 ' + s.plate }) : null,
        s.kind === 'check' ? el('span', { class: 'sub',
          text: `体温 ${s.temperature.toFixed(1)} °C，${label('check_outcome', s.outcome)}` }) : null,
        s.remarks ? el('span', { class: 'sub', text: s.remarks }) : null));
    }
  }

  async function download(button, format) {
    try {
      const f = await busy(button, () => apiFile(`/cases/${id}/trajectory/export?format=${format}`));
      saveBlob(f.blob, f.filename);
    } catch (err) {
      status.set(err.text, 'bad');
    }
  }

  function entryForm() {
    const place = el('input', { type: 'text', name: 'place', maxlength: 64, placeholder: '如：亲戚家、出租车' });
    const address = el('input', { type: 'text', name: 'address', maxlength: 128 });
    const venue = el('input', { type: 'number', name: 'venue_id', min: 1, inputmode: 'numeric',
      placeholder: '已登记场所的编号（可选）' });
    const from = el('input', { type: 'datetime-local', name: 'from' });
    const to = el('input', { type: 'datetime-local', name: 'to' });
    const remarks = el('input', { type: 'text', name: 'remarks', maxlength: 200 });
    const add = el('button', { type: 'submit', class: 'primary', text: '补录轨迹' });
    const form = el('form', { class: 'case-entry', novalidate: true },
      el('div', { class: 'grid-form' }, field('地点', place), field('地址', address),
        field('场所编号', venue), field('开始时间', from), field('结束时间', to),
        field('备注', remarks)),
      el('div', { class: 'form-error', role: 'alert' }), el('div', { class: 'actions' }, add));
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      resetErrors(form);
      const body = {};
      if (place.value.trim()) body.place = place.value.trim();
      if (address.value.trim()) body.address = address.value.trim();
      if (venue.value) body.venue_id = Number(venue.value);
      if (from.value) body.from = from.value;
      if (to.value) body.to = to.value;
      if (remarks.value.trim()) body.remarks = remarks.value.trim();
      try {
        await busy(add, () => api('POST', `/cases/${id}/trajectory`, body), '正在保存…');
        loadTrajectory();
      } catch (err) {
        showError(form, err);
      }
    });
    return el('details', { class: 'case-entry-box', open: true },
      el('summary', { text: '补录流调轨迹' }), form);
  }

  function loadContacts() {
    contactList(contacts, id, writer);
  }
}

// reasonText moved with the contact list (contact.js); kept here for pages
// that took it from case.js
export { reasonText };
