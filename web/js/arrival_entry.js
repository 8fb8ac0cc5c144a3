// arrival_entry.js - 登记来返人员, the form of 来返人员 for officers
// (POST /arrivals): name, ID number, phone, where from, when, how, the
// origin's risk level (by hand until the health-code module declares risk
// areas), and where they live if known (a grid; with an address a person
// not yet in the ledger is registered). The server matches the ledger by
// ID number: the reply says whether the arrival was placed in a grid or
// waits in the community's queue (待落地). Errors next to their field.
import { api, el, labels, field, resetErrors, showError, busy, statusLine } from './common.js';
import { gridPicker, isGrid } from './ledger.js';

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

export function entryCard(ctx, code, onAdded) {
  const inputs = {
    name: el('input', { name: 'name', type: 'text', maxlength: 32, autocomplete: 'off' }),
    id_number: el('input', { name: 'id_number', type: 'text', maxlength: 18, autocomplete: 'off',
      autocapitalize: 'characters', spellcheck: 'false' }),
    phone: el('input', { name: 'phone', type: 'tel', inputmode: 'numeric', maxlength: 11,
      autocomplete: 'off' }),
    origin_name: el('input', { name: 'origin_name', type: 'text', maxlength: 64,
      placeholder: '如：上海市浦东新区' }),
    arrival_date: el('input', { name: 'arrival_date', type: 'date', value: today(), max: today() }),
    transport: el('select', { name: 'transport' }, el('option', { value: '', text: '请选择' }),
      labels('transport').map(t => el('option', { value: t.id, text: t.label }))),
    risk_level: el('select', { name: 'risk_level' },
      labels('risk_level').map(l => el('option', { value: l.id, text: l.label }))),
    address: el('input', { name: 'address', type: 'text', maxlength: 128,
      placeholder: '台账中没有此人时填写，如：宏达小区1号楼1单元101室' }),
  };
  let grid = isGrid(code) ? code : '';
  const picker = isGrid(code) ? null
    : gridPicker(code, '', g => { grid = g; }, { label: '居住网格（知道时选择）' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '登记来返人员' });
  const result = statusLine();
  const form = el('form', { class: 'add-arrival', novalidate: true },
    el('div', { class: 'form-grid' },
      field('姓名', inputs.name), field('身份证号', inputs.id_number),
      field('手机号', inputs.phone), field('来源地', inputs.origin_name),
      field('到达日期', inputs.arrival_date), field('交通方式', inputs.transport),
      field('来源地风险等级', inputs.risk_level, '健康码模块上线前由登记人按来源地公布的风险等级选择。')),
    picker, el('div', { class: 'field-error', role: 'alert', dataset: { for: 'grid' } }),
    field('住址', inputs.address, '选择了网格并填写住址时，台账中没有的人员将同时登记入台账。'),
    el('div', { class: 'form-error', role: 'alert' }), submit, result);
  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(form);
    result.set('');
    const body = { risk_level: Number(inputs.risk_level.value) };
    for (const k of ['name', 'id_number', 'phone', 'origin_name', 'arrival_date', 'transport', 'address']) {
      const v = inputs[k].value.trim();
      if (v) body[k] = k === 'id_number' ? v.toUpperCase() : v;
    }
    if (grid) body.grid = grid;
    else if (code.length === 12) body.community = code;
    await busy(submit, async () => {
      let a;
      try {
        a = await api('POST', '/arrivals', body);
      } catch (err) { showError(form, err); return; }
      result.set(a.placed
        ? `已登记“${a.name}”，${a.matched ? '已按身份证号匹配台账人员，' : ''}已落地到网格。`
        : `已登记“${a.name}”，台账中未找到此人，已放入社区待落地名单，请在列表中为其选择网格。`, 'ok');
      for (const k of ['name', 'id_number', 'phone', 'address']) inputs[k].value = '';
      onAdded(a);
    }, '正在登记…');
  });
  return el('section', { class: 'card arrival-entry' }, el('h3', { text: '登记来返人员' }),
    el('p', { class: 'hint', text: '卡点、上级推送或群众电话报告的来返人员在此登记：按身份证号与人员台账匹配，匹配到的直接落地到其居住网格，网格员即可看到。' }),
    form);
}
