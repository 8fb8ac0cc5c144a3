// Ledger import and export: a CSV import loads every row or none and names
// the line and field; exports are masked over HTTP, full on the command
// line, keep ID numbers as text, and open with a real XLSX reader.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, api, cli } from '../lib/server.mjs';
import { tokens, expectReply, err } from './helpers.mjs';

let srv, tok, grid;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['town', 'grid', 'admin']);
  grid = srv.accounts.grid.node;
});
after(async () => { await srv?.stop(); });

const csv = rows => '\uFEFF网格编码,地址,姓名,身份证号,手机号,与户主关系,流动人口\r\n' +
  rows.map(r => r.join(',')).join('\r\n') + '\r\n';

async function count(as) {
  const r = await api(srv.url, tok[as], 'GET', '/api/v1/persons?limit=500');
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.persons.length;
}

test('an import with one bad row loads nothing and names the row and field', async () => {
  const before = await count('town');
  const body = csv([
    [grid, '导入小区1号', '甲一', '11010519491231002X', '13800000001', '户主', '否'],
    [grid, '导入小区1号', '甲二', '', '1380000', '配偶', '否'],
  ]);
  const r = await api(srv.url, tok.town, 'POST', '/api/v1/ledger/import', body);
  expectReply(r, 400, err('invalid', 'line 3.phone'));
  assert.deepEqual(r.body.errors.map(e => [e.line, e.field]), [[3, 'phone']]);
  assert.equal(r.body.bad_rows, 1);
  assert.equal(await count('town'), before);
});

test('an import with several bad rows names every one of them', async () => {
  const before = await count('town');
  const body = csv([
    [grid, '导入小区2号', '乙一', '', '1380000', '户主', '否'],
    [grid, '导入小区2号', '乙二', '', '13800000002', '配偶', '否'],
    [grid, '导入小区2号', '', '', '', '子女', '否'],
    [grid, '导入小区3号', '乙四', '110105199001011239', '', '户主', '否'],   // check digit 2
  ]);
  const r = await api(srv.url, tok.town, 'POST', '/api/v1/ledger/import', body);
  expectReply(r, 400, err('invalid', 'line 2.phone'));
  assert.equal(r.body.bad_rows, 3, JSON.stringify(r.body));
  assert.deepEqual(r.body.errors.map(e => `${e.line}.${e.field}`), ['2.phone', '4.name', '5.id_number']);
  for (const e of r.body.errors) assert.ok(e.error.length > 3, e.error);
  assert.equal(await count('town'), before);
});

test('a good import loads every row; a GBK file without the header says so', async () => {
  const body = csv([
    [grid, '导入小区2号', '乙一', '="11010519491231002X"', '\t13800000002', '户主', '否'],
    [grid, '导入小区2号', '乙二', '', '', '子女', '否'],
    [grid, '导入小区3号', '丙一', '', '13800000003', '户主', '是'],
  ]);
  const r = await api(srv.url, tok.grid, 'POST', '/api/v1/ledger/import', body);
  expectReply(r, 201, { households: 2, persons: 3 });
  const gbk = Buffer.from([0xcd, 0xf8, 0xb8, 0xf1, 0xb1, 0xe0, 0xc2, 0xeb, 0x0a]); // 网格编码 in GBK
  const g = await fetch(srv.url + '/api/v1/ledger/import', {
    method: 'POST', headers: { authorization: 'Bearer ' + tok.grid }, body: gbk,
  });
  assert.equal(g.status, 400);
  const b = await g.json();
  assert.equal(b.field, 'line 1');
  // GBK is read now (ledger_roundtrip.test.mjs); this one lacks 地址 and 姓名
  assert.match(b.error, /表头缺少/);
});

test('the HTTP export is masked and keeps numbers as text', async () => {
  const r = await fetch(srv.url + '/api/v1/ledger/export?what=persons&format=csv',
    { headers: { authorization: 'Bearer ' + tok.town } });
  assert.equal(r.status, 200);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="ledger-persons-\d+\.csv"/);
  const bytes = Buffer.from(await r.arrayBuffer());
  assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'CSV has a BOM');
  const text = bytes.toString('utf8');
  assert.ok(text.includes('="1101**********002X"'), 'masked ID as text');
  assert.ok(!text.includes('11010519491231002X'), 'no full ID over HTTP');
  assert.ok(text.includes('导出人: town'));
  const denied = await api(srv.url, tok.admin, 'GET', '/api/v1/ledger/export');
  expectReply(denied, 403, err('forbidden'));
});

test('the XLSX export opens with a real reader and holds the rows', async () => {
  const r = await fetch(srv.url + '/api/v1/ledger/export?what=persons&format=xlsx',
    { headers: { authorization: 'Bearer ' + tok.town } });
  assert.equal(r.status, 200);
  const file = join(srv.dir, 'p.xlsx');
  writeFileSync(file, Buffer.from(await r.arrayBuffer()));
  const out = execFileSync('python3', ['-c', `
import sys, zipfile, re, xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
ns = {'m': 'http://schemas.openxmlformats.org/spreadsheetml/2006/main'}
sheet = ET.fromstring(z.read('xl/worksheets/sheet1.xml'))
shared = []
if 'xl/sharedStrings.xml' in z.namelist():
    shared = [''.join(t.itertext()) for t in ET.fromstring(z.read('xl/sharedStrings.xml')).findall('m:si', ns)]
rows = []
for row in sheet.iter('{%s}row' % ns['m']):
    cells = []
    for c in row.findall('m:c', ns):
        t = c.get('t')
        if t == 'inlineStr': cells.append(''.join(c.find('m:is', ns).itertext()))
        elif t == 's': cells.append(shared[int(c.find('m:v', ns).text)])
        else:
            v = c.find('m:v', ns); cells.append(v.text if v is not None else '')
    rows.append(cells)
print(len(rows)); print('|'.join(rows[1])); print('|'.join(next(r for r in rows if '乙一' in r)))
`, file], { encoding: 'utf8' });
  const [n, header, yi] = out.trim().split('\n');
  assert.ok(Number(n) >= 5, `rows: ${n}`);        // note, header, and the imported persons
  assert.match(header, /身份证号/);
  assert.match(yi, /1101\*{10}002X/);
});

test('the command line exports full values as XLSX and CSV', () => {
  // the server keeps running on the same file; SQLite's WAL lets both read
  const x = join(srv.dir, 'full.xlsx'), c = join(srv.dir, 'full.csv');
  let r = cli(['export', 'persons', '--db', srv.db, '--format', 'xlsx', '--out', x]);
  assert.equal(r.status, 0, r.stderr);
  r = cli(['export', 'persons', '--db', srv.db, '--format', 'csv', '--out', c, '--node', '419001']);
  assert.equal(r.status, 0, r.stderr);
  const text = readFileSync(c, 'utf8');
  assert.ok(text.includes('="11010519491231002X"'), 'full ID, as text');
  assert.ok(text.includes('="13800000002"'), 'full phone, as text');
  r = cli(['export', 'persons', '--db', srv.db, '--format', 'pdf', '--out', c]);
  assert.equal(r.status, 1);
  assert.match(r.stderr, /format/);
  rmSync(x, { force: true });
});
