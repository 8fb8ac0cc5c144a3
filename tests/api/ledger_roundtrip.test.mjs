// ledger_roundtrip.test.mjs - one spreadsheet format in and out: the
// export of 200 persons, edited as an officer would (a phone corrected, a
// person added, one row removed, which deletes nobody), comes back as
// exactly one change and one addition, whether the export was masked or
// unmasked, and whether the edited file is UTF-8 CSV, GB18030 CSV or an
// XLSX that LibreOffice made of it. Bad rows are refused naming the line
// and the field, and change nothing.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api } from '../lib/server.mjs';
import { expectReply, err, tokens, auditMark, auditSince } from './helpers.mjs';

const TOWN = '419001001';
const COMMUNITY = '419001001001';
const GRID = '419001001001001';

function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}
// the k-th test person: a birth day of its own, so every number is new
function personId(k) {
  const d = new Date(Date.UTC(1960, 0, 1) + k * 86400000);
  const ymd = d.toISOString().slice(0, 10).replace(/-/g, '');
  return idNumber('419001' + ymd + '357');
}
const maskPhone = p => p.slice(0, 3) + '****' + p.slice(-4);

// RFC 4180 as our exports write it (CRLF, "" escapes); rows of cells
function parseCsv(text) {
  const rows = [];
  let row = [], cell = '', q = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (q) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') q = false;
      else cell += c;
    } else if (c === '"' && cell === '') q = true;   // ="…" stays text
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell.replace(/\r$/, '')); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  if (cell || row.length) { row.push(cell); rows.push(row); }
  return rows;
}
const csvCell = v => /[",\r\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
const toCsv = rows => '\uFEFF' + rows.map(r => r.map(csvCell).join(',')).join('\r\n') + '\r\n';

let srv, tok, dir, next = 0;
const call = (who, method, path, body) => api(srv.url, tok[who], method, '/api/v1' + path, body);

before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'town', 'grid']);
  dir = join(srv.dir, 'sheets');
  mkdirSync(dir, { recursive: true });
});
after(async () => { await srv?.stop(); });

async function importBody(who, body) {
  const post = () => fetch(srv.url + '/api/v1/ledger/import', {
    method: 'POST', headers: { authorization: 'Bearer ' + tok[who] }, body,
  });
  // after LibreOffice's 20 s the server has closed the idle keep-alive
  // connection the client would reuse: one retry on a fresh one
  const r = await post().catch(post);
  return { status: r.status, body: await r.json() };
}

// A new grid of the community with 200 persons in 40 households.
async function gridOf200() {
  const g = await call('town', 'POST', '/nodes', { kind: 'grid', name: '往返网格' + (next + 1), parent: COMMUNITY });
  expectReply(g, 201);
  const grid = g.body.code;
  const rows = [['网格编码', '地址', '姓名', '身份证号', '手机号', '与户主关系', '流动人口']];
  for (let i = 0; i < 200; i++) {
    const k = next++;
    rows.push([grid, `往返小区${Math.floor(i / 5) + 1}号`, '往返' + k, personId(k),
      '137' + String(10000000 + k).slice(-8), i % 5 ? '子女' : '户主', i % 7 ? '否' : '是']);
  }
  const r = await importBody('town', toCsv(rows));
  assert.equal(r.status, 201, JSON.stringify(r.body));
  assert.deepEqual([r.body.added, r.body.changed, r.body.unchanged], [200, 0, 0]);
  return grid;
}

async function exportCsv(grid, full) {
  const r = full
    ? await fetch(srv.url + '/api/v1/ledger/export', {
      method: 'POST', headers: { authorization: 'Bearer ' + tok.town, 'content-type': 'application/json' },
      body: JSON.stringify({ what: 'persons', node: grid, format: 'csv', password: srv.password }),
    })
    : await fetch(srv.url + `/api/v1/ledger/export?what=persons&node=${grid}&format=csv`,
      { headers: { authorization: 'Bearer ' + tok.town } });
  assert.equal(r.status, 200);
  return Buffer.from(await r.arrayBuffer()).toString('utf8').replace(/^\uFEFF/, '');
}

// The officer's edits: a phone corrected on row 10, row 20 removed, a person
// added at the end (no 编号). Returns what the checks need.
function edit(text, grid) {
  const rows = parseCsv(text);
  const h = rows.findIndex(r => r.includes('姓名'));
  assert.ok(h >= 1, 'the export has a title row above the header');
  const col = name => rows[h].indexOf(name);
  assert.deepEqual(rows[h].slice(0, 3), ['编号', '网格编码', '地址']);
  const data = rows.slice(h + 1);
  assert.equal(data.length, 200);
  const changed = data[10], removed = data[20];
  const phone = '13698765432';
  changed[col('手机号')] = phone;
  const k = next++;
  const added = [ '', `="${grid}"`, '往返小区新1号', '新来' + k, '', '', `="${personId(k)}"`, '13512345678', '户主', '否', '否' ];
  const out = [...rows.slice(0, h + 1), ...data.filter(r => r !== removed), added];
  return { csv: toCsv(out), changedId: Number(changed[col('编号')]), removedId: Number(removed[col('编号')]), phone,
    addedName: '新来' + k };
}

async function check(r, e, grid) {
  assert.equal(r.status, 201, JSON.stringify(r.body).slice(0, 500));
  assert.deepEqual([r.body.added, r.body.changed, r.body.unchanged], [1, 1, 198], JSON.stringify(r.body).slice(0, 300));
  assert.deepEqual(r.body.rows.map(x => x.result).sort(), ['added', 'changed']);
  assert.equal(r.body.rows.find(x => x.result === 'changed').id, e.changedId);
  const p = await call('town', 'GET', `/persons/${e.changedId}`);
  expectReply(p, 200, { phone: maskPhone(e.phone) });
  const h = await call('town', 'GET', `/persons/${e.changedId}/history`);
  const lines = h.body.history.filter(x => x.action === 'import');
  assert.deepEqual(lines.map(x => x.field), ['phone'], JSON.stringify(h.body));
  // the removed row deleted nobody
  expectReply(await call('town', 'GET', `/persons/${e.removedId}`), 200, { deleted_at: null });
  const list = await call('town', 'GET', `/persons?node=${grid}&per=50`);
  assert.equal(list.body.total, 201);
  const added = await call('town', 'GET', `/persons?node=${grid}&name=${encodeURIComponent(e.addedName)}`);
  assert.ok(added.body.persons.some(x => x.name === e.addedName), JSON.stringify(added.body));
}

test('a masked CSV export, edited, comes back as one change and one addition', async () => {
  const grid = await gridOf200();
  const text = await exportCsv(grid, false);
  assert.ok(text.includes('="137****'), 'the export is masked');
  const e = edit(text, grid);
  await check(await importBody('town', e.csv), e, grid);
  // the same file again: nothing left to do
  // the same file again: the added row now matches its person by ID number
  const again = await importBody('town', e.csv);
  assert.equal(again.status, 201, JSON.stringify(again.body).slice(0, 300));
  assert.deepEqual([again.body.added, again.body.changed, again.body.unchanged], [0, 0, 200]);
});

test('an unmasked export asks for the password, is audited, and round-trips the same', async () => {
  const grid = await gridOf200();
  const mark = await auditMark(srv, tok.admin);
  const wrong = await api(srv.url, tok.town, 'POST', '/api/v1/ledger/export',
    { what: 'persons', node: grid, format: 'csv', password: 'not-the-password' });
  expectReply(wrong, 403, err('forbidden', 'password'));
  expectReply(await api(srv.url, tok.town, 'POST', '/api/v1/ledger/export', { what: 'persons', node: grid }), 400,
    err('invalid', 'password'));
  expectReply(await api(srv.url, tok.grid, 'POST', '/api/v1/ledger/export',
    { what: 'persons', node: GRID, password: srv.password }), 403, err('forbidden'));
  const text = await exportCsv(grid, true);
  assert.ok(!text.includes('137****'), 'unmasked');
  assert.ok(text.includes('导出人: town') && text.includes('含完整证件号'));
  const audit = await auditSince(srv, tok.admin, mark, 'ledger.export_full');
  assert.ok(audit.some(x => x.success && x.username === 'town' && /200 rows, unmasked/.test(x.detail)),
    JSON.stringify(audit));
  assert.ok(audit.some(x => !x.success && x.username === 'town'), 'the wrong password is audited');
  const e = edit(text, grid);
  await check(await importBody('town', e.csv), e, grid);
});

test('the same edited file as GB18030 and as XLSX (LibreOffice) gives the same result', async () => {
  const grid = await gridOf200();
  const e = edit(await exportCsv(grid, false), grid);
  const utf8 = join(dir, 'edited.csv');
  writeFileSync(utf8, e.csv.replace(/^\uFEFF/, ''));
  const gb = execFileSync('iconv', ['-f', 'UTF-8', '-t', 'GB18030', utf8]);
  assert.ok(!gb.toString('latin1').startsWith('\xef\xbb\xbf'));
  const r = await importBody('town', gb);
  assert.equal(r.body.format, 'csv-gb18030');
  await check(r, e, grid);

  const grid2 = await gridOf200();
  const e2 = edit(await exportCsv(grid2, false), grid2);
  const csv2 = join(dir, 'edited2.csv');
  writeFileSync(csv2, e2.csv);
  execFileSync('soffice', [`-env:UserInstallation=file://${join(dir, 'lo-profile')}`, '--headless',
    '--infilter=CSV:44,34,76,1', '--convert-to', 'xlsx', '--outdir', dir, csv2], { stdio: 'ignore', timeout: 180000 });
  const xlsx = readFileSync(join(dir, 'edited2.xlsx'));
  assert.equal(xlsx.subarray(0, 2).toString(), 'PK');
  const x = await importBody('town', xlsx);
  assert.equal(x.body.format, 'xlsx');
  await check(x, e2, grid2);
});

test('our own XLSX export (dates as dates) and the template import back', async () => {
  const grid = await gridOf200();
  const r = await fetch(srv.url + `/api/v1/ledger/export?what=persons&node=${grid}&format=xlsx`,
    { headers: { authorization: 'Bearer ' + tok.town } });
  const xlsx = Buffer.from(await r.arrayBuffer());
  const file = join(dir, 'ours.xlsx');
  writeFileSync(file, xlsx);
  const py = execFileSync('python3', ['-c', `
import sys, zipfile, re
z = zipfile.ZipFile(sys.argv[1]); s = z.read('xl/worksheets/sheet1.xml').decode()
print('yyyy-mm-dd' in z.read('xl/styles.xml').decode(), len(re.findall(r'<c r="F\\d+" s="\\d+"><v>[0-9.]+</v></c>', s)))`, file],
  { encoding: 'utf8' }).trim();
  assert.equal(py, 'True 200', 'birth dates are date cells');
  const back = await importBody('town', xlsx);
  assert.equal(back.status, 201, JSON.stringify(back.body).slice(0, 300));
  assert.deepEqual([back.body.format, back.body.added, back.body.changed, back.body.unchanged], ['xlsx', 0, 0, 200]);

  const t = await fetch(srv.url + '/api/v1/ledger/export?what=template&format=csv',
    { headers: { authorization: 'Bearer ' + tok.town } });
  assert.equal(t.status, 200);
  const rows = parseCsv(Buffer.from(await t.arrayBuffer()).toString('utf8').replace(/^\uFEFF/, ''));
  assert.equal(rows.length, 2, 'a note and the header, no person');
  assert.deepEqual(rows[1], ['编号', '网格编码', '地址', '姓名', '性别', '出生日期', '身份证号', '手机号', '与户主关系', '流动人口', '来返人员']);
  const k = next++;
  rows.push(['', grid, '模板小区1号', '模板' + k, '', '', personId(k), '13600000001', '户主', '否', '']);
  const add = await importBody('town', toCsv(rows));
  assert.deepEqual([add.status, add.body.added], [201, 1], JSON.stringify(add.body));
});

test('bad rows are refused with line, field and reason, and change nothing', async () => {
  const grid = await gridOf200();
  const text = await exportCsv(grid, false);
  const rows = parseCsv(text);
  const h = rows.findIndex(r => r.includes('姓名'));
  const col = name => rows[h].indexOf(name);
  const before = (await call('town', 'GET', `/persons?node=${grid}&limit=500`)).body.persons;
  // line numbers: the title is line 1, the header line 2, data from line 3
  const bad = rows.map(r => r.slice());
  bad[h + 1][col('手机号')] = '13011112222';                  // a good change, which must not stick
  bad.push(['', grid, '坏小区1号', '科学计数', '', '', '4.19001E+17', '', '户主', '否', '']);
  bad.push(['', grid, '坏小区1号', '校验位', '', '', '110105199001011239', '', '子女', '否', '']);
  bad[h + 2][col('手机号')] = '139****0000';                  // a masked cell edited into another mask
  const r = await importBody('town', toCsv(bad));
  expectReply({ ...r, headers: new Headers({ 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }) },
    400);
  const got = r.body.errors.slice(0, 5).map(e => `${e.line}.${e.field}:${e.key}`);
  assert.deepEqual(got, [`${h + 3}.phone:import.masked_changed`, `${rows.length + 1}.id_number:import.scientific`,
    `${rows.length + 2}.id_number:id_number.check_digit`], JSON.stringify(r.body.errors));
  for (const e of r.body.errors) assert.match(e.error, /^第 \d+ 行 /);
  assert.match(r.body.errors[1].message, /Excel/);
  const after = (await call('town', 'GET', `/persons?node=${grid}&limit=500`)).body.persons;
  assert.deepEqual(after, before, 'nothing changed');

  // a move into a grid outside one's jurisdiction, by a grid worker's import
  const mine = await call('grid', 'POST', '/households', { grid: GRID, address: '越权小区1号' });
  const p = await call('grid', 'POST', '/persons', { household_id: mine.body.id, name: '越权', id_number: personId(next++) });
  expectReply(p, 201);
  const out = toCsv([['编号', '网格编码', '地址', '姓名'], [String(p.body.id), grid, '越权小区1号', '越权']]);
  const m = await importBody('grid', out);
  assert.equal(m.status, 403);
  assert.deepEqual(m.body.errors.map(e => `${e.line}.${e.field}`), ['2.grid']);
  expectReply(await call('grid', 'GET', `/persons/${p.body.id}`), 200, { grid: GRID, household_id: mine.body.id });
});
