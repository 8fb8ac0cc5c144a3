// pass_verify.js - 卡点核验 (#/verify): the checkpoint staff's page. Choose
// the checkpoint one stands at (remembered on this device), type or scan a
// pass code (a scanner gun types it and presses Enter), see the pass with
// the full ID number to compare with the card (GET /passes/{code}, audited),
// then record the temperature and 放行 / 劝返 (POST /passes/{code}/checks).
// A fever (≥ 37.3 °C) is shown at once and referred to the person's
// community by the server.
import { api, el, clear, label, field, resetErrors, showError, statusLine, fmtTime } from './common.js';
import { cameraPossible, openScanner } from './qr_scan.js';

const KEY = 'lf_checkpoint';
const FEVER = 37.3;

// 2026-11-24 → 2026年11月24日
export function zhDate(d) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(d || '');
  return m ? `${m[1]}年${Number(m[2])}月${Number(m[3])}日` : d || '';
}
// 18 characters in the groups of the card: region, birth date, sequence
const idGroups = id => id.length === 18 ? `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}` : id;
const temp = t => Number(t).toFixed(1) + ' °C';

// A message of ours next to the field called name, else in .form-error.
function fail(form, name, text) {
  const box = name && form.querySelector(`.field-error[data-for="${name}"]`);
  const input = name && form.querySelector(`[name="${name}"]`);
  if (box) {
    box.textContent = text;
    if (input) { input.setAttribute('aria-invalid', 'true'); input.focus(); }
  } else {
    form.querySelector('.form-error').textContent = text;
  }
}

export function render(view, ctx) {
  const status = statusLine();
  const pick = el('select', { name: 'checkpoint_id', 'aria-label': '当前卡点' });
  const pickBox = el('section', { class: 'card cp-pick' },
    el('label', { for: 'cp-select', class: 'cp-pick-label', text: '当前卡点' }), pick,
    el('p', { class: 'hint', text: '请选择您所在的卡点；本机会记住您的选择。' }));
  pick.id = 'cp-select';

  const codeInput = el('input', { type: 'text', name: 'code', class: 'code-input',
    autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false', maxlength: 40,
    placeholder: '扫码或输入 16 位通行码', 'aria-label': '通行码' });
  const lookup = el('button', { type: 'submit', class: 'primary', text: '查询' });
  const camera = el('button', { type: 'button', class: 'camera', text: '扫码',
    title: '用摄像头扫描通行码二维码', hidden: !cameraPossible() });
  const scanBox = el('div', { class: 'scan-box' });
  let scanner = null;
  const codeForm = el('form', { class: 'code-form', novalidate: true },
    el('div', { class: 'code-row' }, codeInput, camera, lookup), scanBox,
    el('div', { class: 'field-error', role: 'alert', dataset: { for: 'code' } }),
    el('div', { class: 'form-error', role: 'alert' }));
  const result = el('div', { class: 'verify-result', 'aria-live': 'polite' });

  view.append(el('div', { class: 'page-head' }, el('h2', { text: '卡点核验' }),
    el('p', { class: 'hint', text: '核验“一码通行”通行码：核对身份证件、测量体温后放行或劝返。通行码当日有效、全市通行；体温 ≥ 37.3 °C 自动转诊至所属村（社区）。' })),
  pickBox, el('section', { class: 'card' }, el('h3', { text: '通行码' }), codeForm), status, result);

  loadCheckpoints();

  async function loadCheckpoints() {
    let list;
    try {
      list = (await api('GET', '/checkpoints')).checkpoints;
    } catch (err) {
      clear(pickBox).append(el('p', { class: 'form-error', text: err.text }));
      return;
    }
    if (!list.length) {
      clear(pickBox).append(el('p', { class: 'status bad',
        text: '您的辖区内还没有卡点，请联系乡镇街道或指挥部在“卡点管理”中添加。' }));
      codeInput.disabled = lookup.disabled = true;
      return;
    }
    const saved = localStorage.getItem(KEY);
    pick.append(el('option', { value: '', text: '请选择卡点' }),
      ...list.map(c => el('option', { value: String(c.id), text: `${c.name}（${c.kind_label}）`,
        selected: String(c.id) === saved || list.length === 1 })));
    pick.addEventListener('change', () => {
      if (pick.value) localStorage.setItem(KEY, pick.value);
    });
    if (pick.value) localStorage.setItem(KEY, pick.value);
    codeInput.focus();
  }

  // the camera: the code read goes into the field and is looked up, as if
  // typed; a pass page's address (pass.html?...&p=CODE) gives its code
  camera.addEventListener('click', () => {
    if (scanner) { scanner.stop(); scanner = null; return; }
    resetErrors(codeForm);
    scanner = openScanner(scanBox, text => {
      scanner = null;
      let code = text;
      try { code = new URL(text).searchParams.get('p') || text; } catch { /* the code itself */ }
      codeInput.value = code;
      codeForm.requestSubmit();
    }, text => { scanner = null; fail(codeForm, 'code', text); });
  });

  codeForm.addEventListener('submit', async ev => {
    ev.preventDefault();
    resetErrors(codeForm);
    const code = codeInput.value.replace(/[\s-]/g, '').toUpperCase();
    if (!code) return fail(codeForm, 'code', '请输入或扫描通行码');
    clear(result);
    status.set('');
    let pass;
    try {
      lookup.disabled = true;
      pass = await api('GET', '/passes/' + encodeURIComponent(code));
    } catch (err) {
      if (err.status === 404) fail(codeForm, 'code', '查无此通行码，请核对后重新输入');
      else if (err.field === 'code') fail(codeForm, 'code', '通行码应为 16 位字母和数字');
      else fail(codeForm, '', err.text);
      codeInput.select();
      return;
    } finally {
      lookup.disabled = false;
    }
    show(pass);
  });

  function next(text, kind) {
    clear(result);
    status.set(text, kind);
    codeInput.value = '';
    codeInput.focus();
  }

  function show(p) {
    const facts = el('dl', { class: 'pass-facts' },
      fact('手机号', p.phone),
      fact('车牌号', p.plate || '无（乘客 / 步行）'),
      fact('出发地', p.origin_name),
      fact('填报卡点', p.checkpoint_name),
      fact('填报时间', fmtTime(p.submitted_at)),
      p.remarks ? fact('备注', p.remarks) : null);
    const valid = el('p', { class: 'pass-state ' + (p.valid_today ? 'ok' : 'bad'),
      text: p.valid_today ? `当日有效 · ${zhDate(p.day)}`
        : `非当日通行码（${zhDate(p.day)} 填报），已失效` });
    const card = el('section', { class: 'card pass-card' + (p.valid_today ? '' : ' expired') },
      valid,
      el('div', { class: 'pass-who' },
        el('div', { class: 'pass-name' }, p.name,
          p.in_ledger ? el('span', { class: 'badge ok', text: '本地在册' }) : null),
        el('div', { class: 'pass-id', title: '与身份证件逐位核对', text: idGroups(p.id_number) })),
      facts,
      p.checks.length ? history(p.checks) : null);
    clear(result).append(card);
    if (!p.valid_today) {
      card.append(el('p', { class: 'status bad', text: '请对方重新扫描卡点二维码，填报当日通行码后再核验。' }),
        el('button', { type: 'button', text: '核验下一位', on: { click: () => next('') } }));
      return;
    }
    card.append(checkForm(p));
  }

  function fact(label, value) {
    return el('div', {}, el('dt', { text: label }), el('dd', { text: value }));
  }

  function history(checks) {
    return el('div', { class: 'pass-history' }, el('h4', { text: `已核验 ${checks.length} 次` }),
      el('ul', {}, checks.map(k => el('li', {},
        `${fmtTime(k.at)} ${k.checkpoint_name} · ${temp(k.temperature)} · ${label('check_outcome', k.outcome)}`,
        k.fever ? el('span', { class: 'badge bad', text: '发热' }) : null))));
  }

  function checkForm(p) {
    const confirm = el('input', { type: 'checkbox', name: 'id_confirmed', id: 'id-confirmed' });
    const t = el('input', { type: 'text', name: 'temperature', inputmode: 'decimal',
      autocomplete: 'off', maxlength: 6, placeholder: '如 36.5', class: 'temp-input' });
    const feverNote = el('p', { class: 'fever-note', role: 'alert', hidden: true,
      text: '体温 ≥ 37.3 °C：发热！提交后将自动转诊至其所属村（社区），请按发热病人处置流程引导就医。' });
    const remarks = el('input', { type: 'text', name: 'remarks', maxlength: 200, autocomplete: 'off',
      placeholder: '选填，如：一车三人、已引导至发热门诊' });
    const pass = el('button', { type: 'submit', class: 'primary go', value: 'passed',
      text: label('check_outcome', 'passed') });
    const back = el('button', { type: 'submit', class: 'danger back', value: 'turned_back',
      text: label('check_outcome', 'turned_back') });
    const form = el('form', { class: 'check-form', novalidate: true },
      el('div', { class: 'check id-check' }, confirm,
        el('label', { for: 'id-confirmed', text: '已核对身份证件，与通行码信息一致' })),
      el('div', { class: 'field-error', role: 'alert', dataset: { for: 'id_confirmed' } }),
      el('div', { class: 'check-fields' },
        field('体温（°C）', t), field('备注', remarks)),
      feverNote,
      el('div', { class: 'form-error', role: 'alert' }),
      el('div', { class: 'check-actions' }, pass, back));
    confirm.addEventListener('change', () => {
      form.querySelector('.field-error[data-for="id_confirmed"]').textContent = '';
    });
    t.addEventListener('input', () => {
      const v = Number(t.value.replace(/[\u2103°Cc\s]/g, ''));
      feverNote.hidden = !(v >= FEVER && v <= 43);
      t.classList.toggle('fever', !feverNote.hidden);
    });
    form.addEventListener('submit', async ev => {
      ev.preventDefault();
      resetErrors(form);
      const outcome = ev.submitter ? ev.submitter.value : 'passed';
      if (!pick.value) return fail(form, '', '请先在上方选择您所在的卡点');
      const value = t.value.trim();
      if (!value) return fail(form, 'temperature', '请填写测量的体温');
      const body = { checkpoint_id: Number(pick.value), temperature: value,
        id_confirmed: confirm.checked, outcome };
      if (remarks.value.trim()) body.remarks = remarks.value.trim();
      let r;
      pass.disabled = back.disabled = true;
      try {
        r = await api('POST', `/passes/${encodeURIComponent(p.code)}/checks`, body);
      } catch (err) {
        pass.disabled = back.disabled = false;
        if (err.field === 'checkpoint_id') return fail(form, '', err.text);
        return showError(form, err);
      }
      const k = r.check;
      if (r.fever) {
        const where = r.referral ? r.referral.community_name : '所属村（社区）';
        next(`${p.name} 体温 ${temp(k.temperature)}，发热！已${label('check_outcome', k.outcome)}，并转诊至${where}。请按发热病人处置流程引导就医。`, 'bad');
      } else {
        next(`已${label('check_outcome', k.outcome)}：${p.name}，体温 ${temp(k.temperature)}`, 'ok');
      }
    });
    return form;
  }
}
