// ledger_person.js - one person of 人员台账 (#/persons/person=ID): what the
// ledger holds (masked: GET /persons/{id}, audited), the corrections an
// officer with ledger.edit makes — edit (PATCH: a wrong phone, a name),
// move to another household of the jurisdiction, 迁出 to another
// jurisdiction (which accepts or refuses it), delete (soft, with a reason)
// — and the history of the record (GET /persons/{id}/history): every
// changed field with its old and new value (masked), who, when and why.
import { api, el, clear, can, labels, label, field, resetErrors, showError, busy, statusLine,
  fmtTime } from './common.js';
import { nameOf } from './ledger.js';

const ACTIONS = { create: '登记', edit: '修改', move: '迁移', transfer_out: '申请迁出',
  transfer_in: '迁入', delete: '删除', import: '表格导入' };
const FIELDS = { name: '姓名', id_number: '身份证号', sex: '性别', birth_date: '出生日期', phone: '手机号',
  relation: '与户主关系', is_floating: '流动人口', is_head: '户主', grid: '网格', address: '住址',
  household_id: '住户编号', to_node: '迁入单位' };

function shownValue(f, v) {
  if (v === '') return '（空）';
  if (f === 'sex') return label('sex', v);
  if (f === 'is_floating' || f === 'is_head') return v === '1' ? '是' : '否';
  return v;
}

export function renderPerson(view, ctx, id) {
  const edit = can(ctx.me, 'ledger.edit');
  const head = el('div', { class: 'page-head' },
    el('p', {}, el('a', { href: '#/persons', text: '← 返回人员台账' })),
    el('h2', { text: '人员信息' }),
    el('p', { class: 'hint', text: '身份证号、手机号脱敏显示；每次查看和修改均记入审计日志，修改同时记入该人员的变更记录。' }));
  const facts = el('dl', { class: 'facts person-facts' });
  const status = statusLine();
  const history = el('tbody');
  const histCard = el('section', { class: 'card' }, el('h3', { text: '变更记录' }),
    el('div', { class: 'table-wrap' }, el('table', { class: 'rt history' },
      el('thead', {}, el('tr', {}, ['时间', '操作', '内容', '原值', '新值', '理由', '操作人']
        .map(t => el('th', { text: t })))), history)));
  view.append(head, el('section', { class: 'card' }, el('h3', { text: '基本信息' }), status, facts));
  const forms = el('div', { class: 'ledger-forms person-forms' });
  if (edit) view.append(forms);
  view.append(histCard);

  let person = null;
  async function load() {
    try {
      person = await api('GET', `/persons/${id}`);
    } catch (err) { status.set(err.text || String(err), 'bad'); return; }
    clear(facts);
    const row = (k, v, cls) => [el('dt', { text: k }), el('dd', { class: cls || '', text: v || '—' })];
    const gridName = el('dd', { text: person.grid || '—' });
    if (person.grid) nameOf(person.grid).then(n => { gridName.textContent = n; });
    facts.append(...row('姓名', person.name, 'pname'), ...row('性别', label('sex', person.sex)),
      ...row('出生日期', person.birth_date), ...row('身份证号', person.id_number, 'mono id-number'),
      ...row('手机号', person.phone, 'mono phone'), ...row('与户主关系', person.relation),
      ...row('流动人口', person.is_floating ? '是' : '否'),
      ...row('住址', person.address ? `${person.address}（住户编号 ${person.household_id}）` : ''),
      el('dt', { text: '网格' }), gridName);
    if (person.deleted_at) {
      status.set(`该人员已于 ${fmtTime(person.deleted_at)} 删除，仅保留记录备查。`, 'bad');
      clear(forms);
    } else if (edit && !forms.firstChild) {
      forms.append(editCard(), moveCard(), transferCard(), deleteCard());
    }
    try {
      const h = await api('GET', `/persons/${id}/history`);
      clear(history);
      for (const x of h.history.slice().reverse())
        history.append(el('tr', {},
          el('td', { class: 'nowrap', 'data-label': '时间', text: fmtTime(x.at) }),
          el('td', { 'data-label': '操作', text: ACTIONS[x.action] || x.action }),
          el('td', { 'data-label': '内容', text: FIELDS[x.field] || x.field || '—' }),
          el('td', { class: 'mono', 'data-label': '原值', text: x.field ? shownValue(x.field, x.old) : '—' }),
          el('td', { class: 'mono', 'data-label': '新值', text: x.field ? shownValue(x.field, x.new) : '—' }),
          el('td', { 'data-label': '理由', text: x.reason || '—' }),
          el('td', { 'data-label': '操作人', text: x.username })));
      if (!h.history.length)
        history.append(el('tr', {}, el('td', { colspan: 7, class: 'hint', text: '暂无变更记录。' })));
    } catch (err) { status.set(err.text || String(err), 'bad'); }
  }

  // a form card posting what values() returns; done() after success
  function formCard(title, hint, inputs, button, send, done) {
    const submit = el('button', { type: 'submit', class: 'primary', text: button });
    const result = statusLine();
    const form = el('form', { novalidate: true }, hint ? el('p', { class: 'hint', text: hint }) : null,
      ...inputs, el('div', { class: 'form-error', role: 'alert' }),
      el('div', { class: 'actions' }, submit), result);
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      resetErrors(form);
      result.set('');
      await busy(submit, async () => {
        try {
          const r = await send();
          result.set(done(r), 'ok');
          await load();
        } catch (err) { showError(form, err); }
      }, '正在保存…');
    });
    return el('section', { class: 'card' }, el('h3', { text: title }), form);
  }

  function editCard() {
    const i = {
      name: el('input', { name: 'name', type: 'text', maxlength: 32, value: person.name, autocomplete: 'off' }),
      phone: el('input', { name: 'phone', type: 'tel', inputmode: 'numeric', maxlength: 13, autocomplete: 'off',
        placeholder: `现为 ${person.phone || '空'}，填写新号码` }),
      relation: el('select', { name: 'relation' }, el('option', { value: '', text: '（不填）' }),
        labels('relation').map(r => el('option', { value: r.id, text: r.label, selected: r.id === person.relation }))),
      is_floating: el('input', { name: 'is_floating', type: 'checkbox', checked: person.is_floating }),
      reason: el('input', { name: 'reason', type: 'text', maxlength: 100, autocomplete: 'off',
        placeholder: '例如：电话号码登记错误' }),
    };
    return formCard('修改信息', '只填写要改的内容；手机号留空表示不改。', [
      field('姓名', i.name), field('手机号', i.phone), field('与户主关系', i.relation),
      el('label', { class: 'check' }, i.is_floating, ' 流动人口'),
      field('修改理由（可不填）', i.reason)], '保存修改', () => {
      const body = {};
      if (i.name.value.trim() !== person.name) body.name = i.name.value;
      const phone = i.phone.value.replace(/[\s-]/g, '');
      if (phone) body.phone = phone;
      if (i.relation.value !== person.relation) body.relation = i.relation.value;
      if (i.is_floating.checked !== person.is_floating) body.is_floating = i.is_floating.checked;
      if (i.reason.value.trim()) body.reason = i.reason.value;
      return api('PATCH', `/persons/${id}`, body);
    }, r => { i.phone.value = ''; return r.changed ? `已保存，修改了 ${r.changed} 项。` : '没有需要修改的内容。'; });
  }

  function moveCard() {
    const hid = el('input', { name: 'household_id', type: 'text', inputmode: 'numeric', maxlength: 12, autocomplete: 'off' });
    const reason = el('input', { name: 'reason', type: 'text', maxlength: 100, autocomplete: 'off' });
    return formCard('迁移到本辖区其他住户', '住户编号见人员台账的“住址”一栏。', [field('迁入住户编号', hid),
      field('迁移理由', reason)], '迁移', () => api('POST', `/persons/${id}/move`,
      { household_id: Number(hid.value) || 0, reason: reason.value }), r => `已迁移到“${r.address}”。`);
  }

  function transferCard() {
    const to = el('input', { name: 'to_node', type: 'text', inputmode: 'numeric', maxlength: 15, autocomplete: 'off',
      placeholder: '迁入的村（社区）或乡镇编码' });
    const reason = el('input', { name: 'reason', type: 'text', maxlength: 100, autocomplete: 'off' });
    return formCard('迁出到其他辖区', '迁入单位接收后，该人员即转入对方台账；接收前仍在本辖区。', [field('迁入单位编码', to),
      field('迁出理由', reason)], '申请迁出', () => api('POST', `/persons/${id}/transfer`,
      { to_node: to.value.trim(), reason: reason.value }), () => '已提交迁出申请，等待迁入单位接收。');
  }

  function deleteCard() {
    const reason = el('input', { name: 'reason', type: 'text', maxlength: 100, autocomplete: 'off',
      placeholder: '例如：重复登记、已去世' });
    return formCard('删除人员', '删除后不再出现在列表和查询中，记录保留备查。', [field('删除理由', reason)], '删除',
      () => api('POST', `/persons/${id}/delete`, { reason: reason.value }), () => '已删除。');
  }

  load();
}
