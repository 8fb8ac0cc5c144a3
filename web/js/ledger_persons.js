// ledger_persons.js - 人员台账 (#/persons or #/persons/household=ID or
// #/persons/grid=CODE): the search of the caller's subtree (person_search.js,
// page N of M) with a row per person drawn here; forms to add
// a household to a grid (POST /households) and a person to a household
// (POST /persons), each error next to its field; the spreadsheets (export
// as CSV or Excel, import a CSV) are in ledger_io.js.
import { api, el, clear, can, labels, label, field, resetErrors, showError, busy, statusLine }
  from './common.js';
import { searchCard } from './person_search.js';
import { isGrid, gridPicker, nameOf, nodeOf } from './ledger.js';
import { ioCard } from './ledger_io.js';
import { renderPerson } from './ledger_person.js';


export function render(view, ctx, arg) {
  const params = new URLSearchParams(arg || '');
  if (/^\d+$/.test(params.get('person') || '')) return renderPerson(view, ctx, params.get('person'));
  const household = /^\d+$/.test(params.get('household') || '') ? params.get('household') : '';
  const grid = isGrid(params.get('grid')) && params.get('grid').startsWith(ctx.me.node)
    ? params.get('grid') : '';
  const edit = can(ctx.me, 'ledger.edit');

  const scopeName = el('span', { text: ctx.nodeName || ctx.me.node });
  nodeOf(ctx.me.node).then(n => { if (n) scopeName.textContent = n.name; });
  view.append(el('div', { class: 'page-head' }, el('h2', { text: '人员台账' }),
    el('p', { class: 'hint' }, '在本辖区（', scopeName, '）内按户登记住户和人员。身份证号、手机号一律脱敏显示，每次查询均记入审计日志。')));

  const search = searchCard(ctx, row);
  if (!edit) { view.append(search.card, ioCard(ctx)); return; }

  const personForm = personCard(household, search);
  const householdForm = householdCard(ctx, grid, h => personForm.useHousehold(h));
  view.append(search.card, el('div', { class: 'ledger-forms' }, householdForm, personForm.card),
    ioCard(ctx));
  if (household) {
    personForm.card.scrollIntoView({ block: 'start' });
    personForm.focus();
  } else if (grid) {
    householdForm.scrollIntoView({ block: 'start' });
  }
}

function row(p, ctx) {
  const gridCell = el('td', { class: 'grid', 'data-label': '网格', text: p.grid || '扫码访客（无网格）' });
  if (p.grid) nameOf(p.grid).then(n => { gridCell.textContent = n; gridCell.title = p.grid; });
  const tags = [
    p.is_head ? el('span', { class: 'badge', text: '户主' }) : null,
    p.is_floating ? el('span', { class: 'badge warn', text: '流动人口' }) : null,
    p.is_arrival ? el('span', { class: 'badge bad', text: '来返人员' }) : null,
  ].filter(Boolean);
  return el('tr', { dataset: { id: String(p.id), household: String(p.household_id) } },
    el('td', { class: 'name', 'data-label': '姓名' },
      el('a', { class: 'pname', href: '#/persons/person=' + p.id, text: p.name }),
      tags.length ? el('span', { class: 'tags' }, tags) : null),
    el('td', { 'data-label': '性别', text: p.sex == null ? '' : label('sex', p.sex) }),
    el('td', { class: 'nowrap', 'data-label': '出生日期', text: p.birth_date || '—' }),
    el('td', { class: 'mono id-number', 'data-label': '身份证号', text: p.id_number || '—' }),
    el('td', { class: 'mono phone', 'data-label': '手机号', text: p.phone || '—' }),
    el('td', { 'data-label': '与户主关系', text: p.relation || '—' }),
    el('td', { class: 'address', 'data-label': '住址' }, el('span', { text: p.address || '' }),
      p.household_id ? el('span', { class: 'sub', text: `住户编号 ${p.household_id}` }) : null),
    gridCell,
    el('td', { class: 'ops', 'data-label': '操作' }, can(ctx.me, 'ledger.edit') && p.household_id
      ? el('a', { class: 'btn small', href: '#/persons/household=' + p.household_id,
        text: '登记同户成员' }) : null));
}

// ---- a household -----------------------------------------------------------
function householdCard(ctx, grid, onCreated) {
  const own = isGrid(ctx.me.node);
  const gridInput = el('input', { name: 'grid', type: 'hidden', value: own ? ctx.me.node : grid });
  const address = el('input', { name: 'address', type: 'text', maxlength: 128, required: true,
    autocomplete: 'off', placeholder: '例如：宏达小区1号楼1单元101室' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '新增住户' });
  const gridName = el('b', { text: gridInput.value });
  if (gridInput.value) nameOf(gridInput.value).then(n => { gridName.textContent = n; });
  const gridBox = own
    ? el('p', { class: 'fixed-grid' }, '所属网格：', gridName)
    : gridPicker(ctx.me.node, grid, code => { gridInput.value = code; }, { label: '所属网格' });
  const result = statusLine();
  const form = el('form', { class: 'add-household', novalidate: true },
    gridBox, gridInput,
    el('div', { class: 'field-error', role: 'alert', dataset: { for: 'grid' } }),
    field('住址', address, '填写到门牌号或室号，同一网格内按住址逐户登记。'),
    el('div', { class: 'form-error', role: 'alert' }),
    el('div', { class: 'actions' }, submit), result);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    result.set('');
    if (!gridInput.value) {
      form.querySelector('.field-error[data-for="grid"]').textContent = '请选择所属网格';
      return;
    }
    await busy(submit, async () => {
      try {
        const h = await api('POST', '/households', { grid: gridInput.value, address: address.value });
        result.set(`已新增住户“${h.address}”（住户编号 ${h.id}），可在“登记人员”中继续登记该户成员。`, 'ok');
        address.value = '';
        onCreated(h);
      } catch (err) { showError(form, err); }
    }, '正在新增…');
  });
  return el('section', { class: 'card' }, el('h3', { text: '新增住户' }), form);
}

// ---- a person --------------------------------------------------------------
function personCard(household, search) {
  const inputs = {
    household_id: el('input', { name: 'household_id', type: 'text', inputmode: 'numeric',
      maxlength: 12, required: true, autocomplete: 'off', value: household }),
    name: el('input', { name: 'name', type: 'text', maxlength: 32, required: true, autocomplete: 'off' }),
    id_number: el('input', { name: 'id_number', type: 'text', maxlength: 18, autocomplete: 'off',
      autocapitalize: 'characters', spellcheck: 'false' }),
    phone: el('input', { name: 'phone', type: 'tel', inputmode: 'numeric', maxlength: 13,
      autocomplete: 'off' }),
    relation: el('select', { name: 'relation' }, el('option', { value: '', text: '请选择' }),
      labels('relation').map(r => el('option', { value: r.id, text: r.label }))),
    sex: el('select', { name: 'sex' }, labels('sex').map(s => el('option', { value: s.id, text: s.label }))),
    birth_date: el('input', { name: 'birth_date', type: 'date', autocomplete: 'off' }),
    is_head: el('input', { name: 'is_head', type: 'checkbox' }),
    is_floating: el('input', { name: 'is_floating', type: 'checkbox' }),
  };
  inputs.relation.addEventListener('change', () => {
    inputs.is_head.checked = inputs.relation.value === '户主';
  });
  const where = el('p', { class: 'hint household-of' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '登记人员' });
  const check = (input, label) => el('div', { class: 'check' },
    el('label', {}, input, ' ' + label),
    el('div', { class: 'field-error', role: 'alert', dataset: { for: input.name } }));
  const noId = el('div', { class: 'no-id' },
    field('性别', inputs.sex), field('出生日期', inputs.birth_date));
  const result = statusLine();
  const form = el('form', { class: 'add-person', novalidate: true },
    field('住户编号', inputs.household_id, '新增住户后自动填入；也可在查询结果或入户排查中点“成员登记”。'),
    where,
    el('div', { class: 'two' },
      field('姓名', inputs.name),
      field('与户主关系', inputs.relation)),
    el('div', { class: 'two' },
      field('身份证号', inputs.id_number, '18 位；性别和出生日期由号码自动得出。'),
      field('手机号', inputs.phone)),
    el('details', { class: 'no-id-box' }, el('summary', { text: '无身份证号时填写性别、出生日期' }), noId),
    el('div', { class: 'checks' }, check(inputs.is_head, '户主'), check(inputs.is_floating, '流动人口')),
    el('div', { class: 'form-error', role: 'alert' }),
    el('div', { class: 'actions' }, submit), result);

  async function describe() {
    const id = inputs.household_id.value.trim();
    where.textContent = '';
    if (!/^\d+$/.test(id)) return;
    // the household's members, through the audited search
    const members = await search.showHousehold(id).catch(() => null);
    if (members && members.length && inputs.household_id.value.trim() === id)
      where.textContent = `当前住户：${members[0].address}（已登记 ${members.length} 人）`;
  }
  inputs.household_id.addEventListener('change', describe);

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    result.set('');
    const hid = inputs.household_id.value.trim();
    if (!/^[1-9]\d*$/.test(hid)) {
      showFieldError(form, 'household_id', hid ? '须为正整数' : '必填');
      return;
    }
    const body = { household_id: Number(hid), name: inputs.name.value };
    const id = inputs.id_number.value.trim().toUpperCase();
    if (id) body.id_number = id;
    else {
      body.sex = Number(inputs.sex.value);
      if (inputs.birth_date.value) body.birth_date = inputs.birth_date.value;
    }
    const phone = inputs.phone.value.trim();
    if (phone) body.phone = phone;
    if (inputs.relation.value) body.relation = inputs.relation.value;
    body.is_head = inputs.is_head.checked;
    body.is_floating = inputs.is_floating.checked;
    await busy(submit, async () => {
      let p;
      try {
        p = await api('POST', '/persons', body);
      } catch (err) {
        if (err.field === 'birth_date' || err.field === 'sex')
          form.querySelector('.no-id-box').open = true;
        showError(form, err);
        return;
      }
      const id = p.id_number ? `，身份证号 ${p.id_number}` : '';
      result.set(`已登记“${p.name}”${id}（住户编号 ${p.household_id}）。`, 'ok');
      if (p.warning) {
        result.append(el('span', { class: 'warning-text',
          text: ' 提示：身份证号的地址码不在现行区划中（可能是撤并前的旧编码），已照常登记，请核对。' }));
      }
      for (const k of ['name', 'id_number', 'phone', 'birth_date']) inputs[k].value = '';
      inputs.relation.value = '';
      inputs.sex.value = '0';
      inputs.is_head.checked = false;
      inputs.is_floating.checked = false;
      await describe();
      inputs.name.focus();
    }, '正在登记…');
  });
  return {
    card: el('section', { class: 'card person-card' }, el('h3', { text: '登记人员' }), form),
    useHousehold(h) {
      inputs.household_id.value = String(h.id);
      where.textContent = `当前住户：${h.address}`;
      inputs.name.focus();
    },
    focus() { inputs.name.focus(); describe(); },
  };
}

function showFieldError(form, name, text) {
  const box = form.querySelector(`.field-error[data-for="${name}"]`);
  const input = form.querySelector(`[name="${name}"]`);
  if (box) box.textContent = text;
  if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
}
