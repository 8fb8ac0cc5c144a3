// ledger_io.js - the spreadsheets of 人员台账: export the persons or the
// households of the caller's node or a unit below as CSV (UTF-8 with BOM,
// or GB18030 for old tools) or Excel (GET /ledger/export, masked, audited;
// saved as a download), and import a CSV (POST /ledger/import: every row or
// none; every bad row is named by its line and field).
import { api, apiFile, saveBlob, el, clear, can, field, fieldLabel, busy, statusLine }
  from './common.js';
import { childrenOf, nodeOf } from './ledger.js';

const MAX_IMPORT = 8 * 1024 * 1024;  // the server's limit for the CSV
// the columns of an import, as the server names them in its errors
const COLUMNS = [['grid', '网格编码'], ['address', '地址'], ['name', '姓名'],
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
  const result = statusLine();
  const box = el('div', { class: 'io-part export-part' },
    el('div', { class: 'two' }, field('导出内容', what), field('范围', node)),
    el('div', { class: 'io-actions' }, csv, xlsx),
    gbk,
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
  return box;
}

function size(n) {
  return n < 1024 ? `${n} 字节` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB`
    : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// ---- import ----------------------------------------------------------------
function importPart(ctx, onImported) {
  const file = el('input', { type: 'file', name: 'file', accept: '.csv,text/csv' });
  const submit = el('button', { type: 'submit', class: 'primary', text: '导入' });
  const template = el('button', { type: 'button', class: 'linkish', text: '下载导入模板' });
  const result = el('div', { class: 'import-result', 'aria-live': 'polite' });
  const form = el('form', { class: 'import-ledger', novalidate: true },
    field('CSV 文件', file, `表头：${COLUMNS.slice(0, 7).map(c => c[1]).join('、')}，无身份证号时另加性别、出生日期。流动人口填“是”或“否”；出生日期如 1980-01-01。在 Excel/WPS 中另存为“CSV UTF-8”。`),
    el('div', { class: 'io-actions' }, submit, template),
    el('p', { class: 'hint', text: '整个文件一次导入：任何一行有误，则全部不导入，请按提示改正后重新导入。' }),
    result);

  template.addEventListener('click', () => {
    const text = '\uFEFF' + COLUMNS.map(c => c[1]).join(',') + '\r\n';
    saveBlob(new Blob([text], { type: 'text/csv;charset=utf-8' }), '人员台账导入模板.csv');
  });

  form.addEventListener('submit', async ev => {
    ev.preventDefault();
    clear(result);
    file.removeAttribute('aria-invalid');
    const f = file.files[0];
    if (!f) return bad('请先选择要导入的 CSV 文件。');
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
      result.append(el('p', { class: 'status ok', text: `已导入“${f.name}”：新增住户 ${out.households} 户，登记人员 ${out.persons} 人。` }));
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
