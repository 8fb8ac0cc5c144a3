// ledger_io.js - the spreadsheets of 人员台账: export the persons or the
// households of the caller's node or a unit below as CSV (UTF-8 with BOM,
// or GB18030 for old tools) or Excel (GET /ledger/export, masked, audited;
// saved as a download; unmasked with the password again for officers with
// ledger.export_full: POST /ledger/export), and import a CSV, XLSX or XLS
// in the same columns (POST /ledger/import: adds new persons, updates the
// ones matched by 编号 or ID number; every row or none; every bad row is
// named by its line and field).
import { api, apiFile, saveBlob, el, clear, can, field, fieldLabel, busy, statusLine, getCsrf }
  from './common.js';
import { childrenOf, nodeOf } from './ledger.js';

const MAX_IMPORT = 8 * 1024 * 1024;  // the server's limit for the CSV
// the columns of an import, as the server names them in its errors
const COLUMNS = [['id', '编号'], ['grid', '网格编码'], ['address', '地址'], ['name', '姓名'],
  ['id_number', '身份证号'], ['phone', '手机号'], ['relation', '与户主关系'],
  ['is_floating', '流动人口'], ['sex', '性别'], ['birth_date', '出生日期']];
const COLUMN = Object.fromEntries(COLUMNS);

// The card; onImported() after a successful import.
export function ioCard(ctx, onImported) {
  const parts = [exportPart(ctx)];
  if (can(ctx.me, 'ledger.edit')) parts.push(importPart(ctx, onImported));
  return el('section', { class: 'card io-card' },
    el('h3', { text: can(ctx.me, 'ledger.edit') ? '导出与导入' : '导出' }),
    el('div', { class: 'io-parts' + (parts.length > 1 ? ' two-parts' : '') }, parts));
}

// ---- export ----------------------------------------------------------------
function exportPart(ctx) {
  const root = ctx.me.node;
  const what = el('select', { name: 'what' },
    el('option', { value: 'persons', text: '人员台账（每人一行）' }),
    el('option', { value: 'households', text: '住户台账（每户一行）' }));
  const node = el('select', { name: 'node' }, el('option', { value: root, text: '本辖区全部' }));
  nodeOf(root).then(n => { if (n) node.options[0].textContent = `本辖区全部（${n.name}）`; });
  if (root.length < 15)
    childrenOf(root).then(list => node.append(...list.map(n =>
      el('option', { value: n.code, text: n.name })))).catch(() => {});
  const csv = el('button', { type: 'button', class: 'primary', text: '导出 CSV' });
  const xlsx = el('button', { type: 'button', class: 'primary', text: '导出 Excel' });
  const gbk = el('button', { type: 'button', class: 'linkish', text: '旧版 Excel 打开乱码？导出 GBK 编码的 CSV' });
  const full = can(ctx.me, 'ledger.export_full')
    ? el('button', { type: 'button', class: 'linkish', text: '导出不脱敏的 Excel（需再次输入密码）' }) : null;
  const result = statusLine();
  const box = el('div', { class: 'io-part export-part' },
    el('div', { class: 'two' }, field('导出内容', what), field('范围', node)),
    el('div', { class: 'io-actions' }, csv, xlsx),
    gbk, full,
    el('p', { class: 'hint', text: '导出文件中身份证号、手机号已脱敏，号码按文本保存（不会变成科学计数法）；每次导出均记入审计日志。' }),
    result);

  async function go(button, format) {
    result.set('');
    await busy(button, async () => {
      const q = new URLSearchParams({ what: what.value, format, node: node.value });
      try {
        const { blob, filename } = await apiFile('/ledger/export?' + q.toString());
        saveBlob(blob, filename);
        result.set(`已导出 ${filename}（${size(blob.size)}），请在浏览器的下载中查看。`, 'ok');
      } catch (err) {
        result.set('导出失败：' + err.text, 'bad');
      }
    }, '正在导出…');
  }
  csv.addEventListener('click', () => go(csv, 'csv'));
  xlsx.addEventListener('click', () => go(xlsx, 'xlsx'));
  gbk.addEventListener('click', () => go(gbk, 'csv-gb18030'));
  full?.addEventListener('click', async () => {
    const password = prompt('导出不脱敏的身份证号和手机号，请再次输入您的登录密码（本次导出将记入审计日志）：');
    if (!password) return;
    result.set('');
    await busy(full, async () => {
      try {
        const r = await fetch('/api/v1/ledger/export', { method: 'POST', credentials: 'same-origin',
          headers: { 'content-type': 'application/json', 'X-CSRF-Token': getCsrf() },
          body: JSON.stringify({ what: what.value, node: node.value, format: 'xlsx', password }) });
        if (!r.ok) {
          const e = await r.json().catch(() => ({}));
          result.set('导出失败：' + (e.error || r.status), 'bad');
          return;
        }
        const m = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') || '');
        const blob = await r.blob();
        saveBlob(blob, m ? m[1] : 'export.xlsx');
        result.set('已导出不脱敏的文件，请妥善保管，用后删除。', 'ok');
      } catch { result.set('导出失败：无法连接服务器', 'bad'); }
    }, '正在导出…');
  });
  return box;
}

function size(n) {
  return n < 1024 ? `${n} 字节` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB`
    : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// ---- import ----------------------------------------------------------------
function importPart(ctx, onImported) {
  const file = el('input', { type: 'file', name: 'file',
    accept: '.csv,.xlsx,.xls,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '导入' });
  const template = el('button', { type: 'button', class: 'linkish', text: '下载导入模板' });
  const result = el('div', { class: 'import-result', 'aria-live': 'polite' });
  const form = el('form', { class: 'import-ledger', novalidate: true },
    field('CSV 文件或 Excel 文件', file, '列与导出的人员台账相同（可直接修改导出的表格再导入）：有“编号”或身份证号已登记的行更新该人员，其余行新增人员；表格中删去的行不会删除人员。CSV 可为 UTF-8 或 GBK 编码。'),
    el('div', { class: 'io-actions' }, submit, template),
    el('p', { class: 'hint', text: '整个文件一次导入：任何一行有误，则全部不导入，请按提示改正后重新导入。' }),
    result);

  template.addEventListener('click', () => busy(template, async () => {
    try {
      const { blob } = await apiFile('/ledger/export?what=template&format=xlsx');
      saveBlob(blob, '人员台账导入模板.xlsx');
    } catch (err) { bad('下载模板失败：' + err.text); }
  }));

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(result);
    file.removeAttribute('aria-invalid');
    const f = file.files[0];
    if (!f) return bad('请先选择要导入的 CSV 或 Excel 文件。');
    if (f.size > MAX_IMPORT) return bad(`文件过大（${size(f.size)}），一次最多导入 8 MB，请拆分后分别导入。`);
    if (!f.size) return bad('文件是空的。');
    await busy(submit, async () => {
      let out;
      try {
        out = await api('POST', '/ledger/import', await f.arrayBuffer());
      } catch (err) {
        failure(f.name, err);
        return;
      }
      result.append(el('p', { class: 'status ok', text: `已导入“${f.name}”：新增住户 ${out.households} 户，登记人员 ${out.persons} 人` +
        `；修改 ${out.changed} 人，未变 ${out.unchanged} 人。` }));
      if (out.warnings)
        result.append(el('p', { class: 'warning-text', text: `其中 ${out.warnings} 人的身份证号地址码不在现行区划中（可能是撤并前的旧编码），已照常导入，请核对。` }));
      file.value = '';
      onImported?.(out);
    }, '正在导入…');
  });

  function bad(text) {
    result.append(el('p', { class: 'status bad', role: 'alert', text }));
    file.setAttribute('aria-invalid', 'true');
    file.focus();
  }

  // the rejected file: every bad row, which column, why; nothing was loaded
  function failure(name, err) {
    const rows = Array.isArray(err.body?.errors) ? err.body.errors
      : (/^line (\d+)(?:\.(.+))?$/.test(err.field || '')
        ? [{ line: Number(/^line (\d+)/.exec(err.field)[1]), field: /^line \d+\.?(.*)$/.exec(err.field)[1], reason: err.reason }]
        : []);
    if (!rows.length) {
      bad(`“${name}”未导入：${err.text}`);
      return;
    }
    const total = err.body?.bad_rows || rows.length;
    const head = total === 1
      ? `“${name}”未导入：第 ${rows[0].line} 行有误，文件中的数据均未导入。`
      : `“${name}”未导入：共有 ${total} 行有误，文件中的数据均未导入。`;
    result.append(
      el('p', { class: 'status bad', role: 'alert', text: head }),
      el('table', { class: 'rt import-errors' },
        el('thead', {}, el('tr', {}, ['行号', '列', '问题'].map(t => el('th', { text: t })))),
        el('tbody', {}, rows.map(r => {
          const col = r.field ? COLUMN[r.field] || fieldLabel(r.field) : (r.line === 1 ? '表头' : '');
          const why = r.reason || r.message || r.error || '';
          return el('tr', { dataset: { line: String(r.line), field: r.field || '' } },
            el('td', { class: 'line', 'data-label': '行号', text: `第 ${r.line} 行` }),
            el('td', { class: 'col', 'data-label': '列', text: col || '—' }),
            el('td', { class: 'why', 'data-label': '问题', text: why }));
        }))),
      el('p', { class: 'hint', text: total > rows.length
        ? `只列出前 ${rows.length} 行。行号按文件中的行计算，第 1 行为表头。改正后重新导入。`
        : '行号按文件中的行计算，第 1 行为表头。改正以上各行后重新导入。' }));
    file.setAttribute('aria-invalid', 'true');
  }
  return el('div', { class: 'io-part import-part' }, form);
}
