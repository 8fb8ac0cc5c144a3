// contact.js - the contacts of one case (密切接触者, on #/cases/ID): the
// proposals of the tracing engine with their reasons, to confirm or
// dismiss one by one. A case can have well over a thousand: the list is
// counted and filtered as data (by status, by kind, by name) and drawn a
// page of PAGE rows at a time ("再显示"), so a phone never holds more than
// a few hundred rows and their buttons, and no drawing freezes the page
// (tests/browser/contact.test.mjs: 1,500 proposals at 4x CPU slowdown).
import { api, el, clear, label, tone, resetErrors, showError, busy, statusLine } from './common.js';

const PAGE = 50;
const STATUSES = [['', '全部'], ['proposed', '待确认'], ['confirmed', '已确认'], ['dismissed', '已排除']];
const KINDS = [['', '全部类型'], ['household', '同住'], ['venue', '同场所'], ['vehicle', '同车'],
  ['secondary', '次密接']];

// Draw the contact list of case id into box (a section); writer: the
// caller may propose and decide.
export async function contactList(box, id, writer) {
  const line = statusLine();
  const tbody = el('tbody');
  const table = el('table', { class: 'rt contacts' },
    el('thead', {}, el('tr', {}, ['姓名', '身份证号', '类型', '依据', '状态', '处置']
      .map(t => el('th', { text: t })))), tbody);
  const wrap = el('div', { class: 'table-wrap' }, table);
  const more = el('button', { type: 'button', class: 'contact-more', hidden: true });
  const counts = el('div', { class: 'contact-counts', role: 'group', 'aria-label': '按状态筛选' });
  const kind = el('select', { name: 'kind', 'aria-label': '按类型筛选' },
    KINDS.map(([v, t]) => el('option', { value: v, text: t })));
  const name = el('input', { type: 'search', name: 'q', placeholder: '按姓名筛选', 'aria-label': '按姓名筛选',
    autocomplete: 'off' });
  const tools = el('div', { class: 'contact-tools' }, counts, el('div', { class: 'contact-find' }, kind, name));
  const propose = writer ? el('button', { type: 'button', class: 'primary', text: '生成密接名单' }) : null;
  const print = el('button', { type: 'button', text: '打印名单', on: { click: () => {
    // the list alone on paper, not the case page around it
    document.body.classList.add('print-only');
    box.classList.add('printing');
    window.addEventListener('afterprint', () => {
      document.body.classList.remove('print-only');
      box.classList.remove('printing');
    }, { once: true });
    window.print();
  } } });
  clear(box).append(el('div', { class: 'section-head' }, el('h3', { text: '密切接触者' }),
    el('div', { class: 'actions' }, print, propose)),
    el('p', { class: 'hint', text: '根据传染期（发病或阳性采样前 4 天起至隔离）内的场所扫码、同住、同车记录推荐，流调人员逐一确认或排除。' }),
    line, tools, wrap, more);

  let all = [], shown = [], drawn = 0, status = '';

  if (propose) propose.addEventListener('click', async () => {
    try {
      const r = await busy(propose, () => api('POST', `/cases/${id}/contacts/propose`), '正在计算…');
      fill(r.contacts);
      line.set(`新增推荐 ${r.added} 人，共 ${r.contacts.length} 人。${rulesText(r.rules)}`, 'ok');
    } catch (err) {
      line.set(err.text, 'bad');
    }
  });
  kind.addEventListener('change', () => filter());
  let typing = 0;
  name.addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(filter, 200); });
  more.addEventListener('click', () => draw());
  // paper holds the whole list (of the filter chosen), not the page drawn
  const printing = window.matchMedia('print');
  const printAll = () => {
    if (!box.isConnected) {
      printing.removeEventListener('change', onMedia);
      window.removeEventListener('beforeprint', printAll);
      return;
    }
    while (drawn < shown.length) draw();
  };
  const onMedia = e => { if (e.matches) printAll(); };
  printing.addEventListener('change', onMedia);
  window.addEventListener('beforeprint', printAll);

  try {
    fill((await api('GET', `/cases/${id}/contacts`)).contacts);
  } catch (err) {
    line.set(err.text, 'bad');
  }

  function fill(list) {
    // waiting first, then by kind: the work left to do at the top
    const rank = { proposed: 0, confirmed: 1, dismissed: 2 };
    all = list.slice().sort((a, b) => (rank[a.status] ?? 3) - (rank[b.status] ?? 3) ||
      String(a.kind).localeCompare(String(b.kind)) || a.id - b.id);
    if (!all.length) line.set(writer ? '尚无密接，请点击“生成密接名单”。' : '尚无密接。');
    tools.hidden = all.length < 2;
    filter();
  }

  function recount() {
    const n = { '': all.length };
    for (const k of all) n[k.status] = (n[k.status] || 0) + 1;
    clear(counts).append(...STATUSES.map(([v, t]) => el('button', { type: 'button', class: 'chip',
      'aria-pressed': String(v === status), text: `${t} ${n[v] || 0}`,
      on: { click: () => { status = v; filter(); } } })));
  }

  function filter() {
    const q = name.value.trim();
    shown = all.filter(k => (!status || k.status === status) && (!kind.value || k.kind === kind.value) &&
      (!q || (k.name || '').includes(q)));
    recount();
    clear(tbody);
    drawn = 0;
    wrap.hidden = !shown.length;
    if (all.length && !shown.length) line.set('没有符合筛选条件的密接。');
    else if (all.length) line.set('');
    draw();
  }

  // the next page of rows, in one go (a page is small enough not to freeze)
  function draw() {
    const part = document.createDocumentFragment();
    for (const k of shown.slice(drawn, drawn + PAGE)) part.append(contactRow(k));
    tbody.append(part);
    drawn = Math.min(shown.length, drawn + PAGE);
    const left = shown.length - drawn;
    more.hidden = left <= 0;
    more.textContent = `再显示 ${Math.min(PAGE, left)} 人（已显示 ${drawn} / ${shown.length} 人）`;
  }

  function contactRow(k) {
    const statusText = label('contact_status', k.status), cls = tone('contact_status', k.status);
    const ops = el('td', { class: 'ops', 'data-label': '处置' });
    if (writer && k.status === 'proposed') {
      const reason = el('input', { type: 'text', name: 'reason', maxlength: 200,
        placeholder: '排除理由', 'aria-label': '排除理由' });
      const form = el('form', { class: 'contact-decide', novalidate: true },
        el('button', { type: 'button', class: 'small primary', text: '确认密接',
          on: { click: ev => decide(ev.currentTarget, true) } }),
        reason,
        el('button', { type: 'button', class: 'small danger', text: '排除',
          on: { click: ev => decide(ev.currentTarget, false) } }),
        el('div', { class: 'form-error', role: 'alert' }));
      ops.append(form);
      async function decide(button, confirm) {
        resetErrors(form);
        const body = { confirm };
        if (reason.value.trim()) body.reason = reason.value.trim();
        try {
          const n = await busy(button, () => api('POST', `/contacts/${k.id}/decide`, body));
          all[all.indexOf(k)] = n;
          shown[shown.indexOf(k)] = n;
          tr.replaceWith(contactRow(n));
          recount();
        } catch (err) {
          showError(form, err);
        }
      }
    } else if (k.decision_reason) {
      ops.append(el('span', { class: 'sub', text: k.decision_reason }));
    }
    const tr = el('tr', { dataset: { id: String(k.id), status: k.status } },
      el('td', { class: 'name', 'data-label': '姓名' }, el('b', { text: k.name })),
      el('td', { class: 'nowrap', 'data-label': '身份证号', text: k.id_number }),
      el('td', { 'data-label': '类型' }, el('span', { class: 'badge', text: k.kind_label })),
      el('td', { class: 'reason', 'data-label': '依据', text: reasonText(k) }),
      el('td', { 'data-label': '状态' }, el('span', { class: 'badge ' + cls, text: statusText })),
      ops);
    return tr;
  }
}

// "同场所 好又多超市 11月20日 08:00–08:30 共30分钟" and the like.
export function reasonText(k) {
  const r = k.reason || {};
  const md = iso => {
    const m = /^\d{4}-(\d{2})-(\d{2})T(\d{2}:\d{2})/.exec(iso || '');
    return m ? [`${Number(m[1])}月${Number(m[2])}日`, m[3]] : ['', ''];
  };
  const [d1, t1] = md(r.from), [, t2] = md(r.to);
  const when = d1 ? `${d1} ${t1}${t2 && t2 !== t1 ? '–' + t2 : ''}` : '';
  switch (k.kind) {
  case 'venue':
    return ['同场所', r.venue, when, r.overlap_minutes ? `共${r.overlap_minutes}分钟` : '']
      .filter(Boolean).join(' ');
  case 'vehicle':
    return ['同车', r.plate, r.checkpoint, when].filter(Boolean).join(' ');
  case 'secondary':
    return `次密接 经 ${r.via_name || '密接者'}（同住）`;
  case 'household':
    return '同住 同户家庭成员';
  default:
    return r.kind_label || '';
  }
}

// The rules a proposal used (the deployment's, `lianfang tracing rules`).
function rulesText(r) {
  if (!r) return '';
  const parts = [`发病（无发病日期按阳性采样）前 ${r.days_before_onset} 天起`,
    `同一场所停留重叠 ≥ ${r.min_overlap_minutes} 分钟` +
      (r.stay_minutes_override ? `（每次扫码按停留 ${r.stay_minutes_override} 分钟计）` : '')];
  if (r.household) parts.push('同住人员');
  if (r.vehicle_window_minutes) parts.push(`同车（${r.vehicle_window_minutes} 分钟内同一车牌）`);
  if (r.secondary) parts.push('密接的同住人员列为次密接');
  return `推荐依据：${parts.join('；')}。`;
}
