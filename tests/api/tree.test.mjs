// tree.test.mjs - the jurisdiction tree: GET /nodes/{code}[/children],
// POST /nodes, PATCH /nodes/{code}, POST /nodes/import. The demo city is
// 济源市 (419001); its towns and streets come from data/divisions/.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { startServer, api } from '../lib/server.mjs';
import {
  runCase, expectReply, err, tokens, children, auditMark, auditSince,
} from './helpers.mjs';

const ROOT = '419001';
const STREETS = readFileSync(new URL('../../data/divisions/streets.csv', import.meta.url), 'utf8')
  .split(/\r?\n/)
  .map(l => /^(\d{9}),"([^"]*)",(\d{6}),/.exec(l))
  .filter(m => m && m[3] === ROOT)
  .map(m => ({ code: m[1], name: m[2] }));

let srv, tok;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin']);
});
after(async () => { await srv.stop(); });

const post = (body) => api(srv.url, tok.admin, 'POST', '/api/v1/nodes', body);
const codes = (list) => list.children.map(n => n.code);

describe('reading the tree', () => {
  test('streets.csv has the 16 towns and streets of 济源市', () => {
    assert.equal(STREETS.length, 16);
  });

  test('GET /nodes/419001/children lists the real towns and streets', async () => {
    const r = await api(srv.url, tok.admin, 'GET', `/api/v1/nodes/${ROOT}/children`);
    expectReply(r, 200, {
      node: { code: ROOT, name: '济源市', kind: 'county', parent: null, is_real: true, n_children: 16 },
    });
    const kids = r.body.children;
    assert.equal(kids.length, 16);
    assert.deepEqual(kids.map(n => n.code).sort(), STREETS.map(s => s.code).sort());
    for (const s of STREETS) {
      const n = kids.find(k => k.code === s.code);
      assert.equal(n.name, s.name, s.code);
      assert.equal(n.kind, 'town', s.code);
      assert.equal(n.parent, ROOT, s.code);
      assert.equal(n.is_real, true, s.code);
      assert.match(n.updated_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    }
    // a few by name, straight from the national table
    for (const [code, name] of [['419001001', '济源市沁园街道'], ['419001005', '济源市玉泉街道'],
      ['419001100', '济源市克井镇'], ['419001102', '济源市轵城镇'], ['419001110', '济源市下冶镇']])
      assert.equal(kids.find(k => k.code === code)?.name, name, code);
  });

  const cases = [
    { name: 'one town', path: '/api/v1/nodes/419001102', status: 200,
      json: { code: '419001102', name: '济源市轵城镇', kind: 'town', parent: ROOT, is_real: true } },
    { name: 'the demo communities of a town are not real divisions', path: '/api/v1/nodes/419001001/children',
      status: 200, json: { node: { code: '419001001' },
        children: c => c.length > 0 && c.every(n => n.kind === 'community' && !n.is_real &&
          n.parent === '419001001' && /^419001001\d{3}$/.test(n.code)) } },
    { name: 'a code that does not exist', path: '/api/v1/nodes/419001199', status: 404, json: err('not_found', 'code') },
    { name: 'children of a code that does not exist', path: '/api/v1/nodes/419001199/children',
      status: 404, json: err('not_found', 'code') },
    { name: 'a code that is not digits', path: '/api/v1/nodes/abc', status: 400, json: err('invalid', 'code') },
    { name: 'a code of 7 digits', path: '/api/v1/nodes/4190010', status: 400, json: err('invalid', 'code') },
    { name: 'a code of 16 digits', path: '/api/v1/nodes/4190010010010011/children', status: 400,
      json: err('invalid', 'code') },
  ];
  for (const c of cases)
    test(c.name, () => runCase(srv, tok, { as: 'admin', ...c }));
});

describe('creating communities and grids', () => {
  const TOWN = '419001003';

  test('a community under a town, and a grid under it, both then listed', async () => {
    const mark = await auditMark(srv, tok.admin);
    const before = await children(srv, tok.admin, TOWN);
    const c = await post({ kind: 'community', name: '测试新村', parent: TOWN });
    expectReply(c, 201, { kind: 'community', name: '测试新村', parent: TOWN, is_real: false, n_children: 0,
      code: new RegExp(`^${TOWN}\\d{3}$`) });
    const after = await children(srv, tok.admin, TOWN);
    assert.equal(after.node.n_children, before.node.n_children + 1);
    assert.ok(after.children.some(n => n.code === c.body.code && n.name === '测试新村'));
    // the next code after the highest: never reused
    const max = Math.max(...codes(before).map(x => Number(x.slice(-3))));
    assert.equal(Number(c.body.code.slice(-3)), max + 1);

    const g = await post({ kind: 'grid', name: '第一网格', parent: c.body.code });
    expectReply(g, 201, { kind: 'grid', name: '第一网格', parent: c.body.code, code: c.body.code + '001' });
    const g2 = await post({ kind: 'grid', name: '第二网格', parent: c.body.code });
    expectReply(g2, 201, { code: c.body.code + '002' });
    const grids = await children(srv, tok.admin, c.body.code);
    assert.deepEqual(grids.children.map(n => [n.code, n.name, n.kind]),
      [[c.body.code + '001', '第一网格', 'grid'], [c.body.code + '002', '第二网格', 'grid']]);
    assert.equal(grids.node.n_children, 2);
    expectReply(await api(srv.url, tok.admin, 'GET', `/api/v1/nodes/${g.body.code}`), 200,
      { code: g.body.code, kind: 'grid', parent: c.body.code });

    const rows = await auditSince(srv, tok.admin, mark, 'node.create');
    assert.deepEqual(rows.map(e => e.record).sort(),
      [`node:${c.body.code}`, `node:${g.body.code}`, `node:${g2.body.code}`].sort());
    assert.ok(rows.every(e => e.success && e.username === 'admin'));
  });

  test('spaces around a name are trimmed', async () => {
    const r = await post({ kind: 'community', name: '  两边空格社区 ', parent: TOWN });
    expectReply(r, 201, { name: '两边空格社区' });
  });

  test('the Chinese kind names are accepted', async () => {
    expectReply(await post({ kind: '村', name: '汉字类型村', parent: TOWN }), 201, { kind: 'community' });
  });

  test('an explicit code is kept, and the next one follows it', async () => {
    const r = await post({ kind: 'community', name: '指定编码社区', parent: TOWN, code: TOWN + '900' });
    expectReply(r, 201, { code: TOWN + '900' });
    expectReply(await post({ kind: 'community', name: '指定之后社区', parent: TOWN }), 201, { code: TOWN + '901' });
  });
});

describe('bad input changes nothing', () => {
  const T = '419001104';           // 济源市邵原镇, a town with demo communities
  let existing;                    // one of T's communities
  before(async () => {
    existing = (await children(srv, tok.admin, T)).children[0];
    assert.ok(existing, 'the demo made communities under ' + T);
  });

  // body may be a function of the existing community; watch: codes whose
  // children must not change (T and the root always)
  const cases = [
    { name: 'body not JSON', body: 'kind=community&name=x&parent=' + T, status: 400, json: err('invalid', 'body') },
    { name: 'body a JSON array', body: JSON.stringify([{ kind: 'community', name: '数组', parent: T }]),
      status: 400, json: err('invalid', 'body') },
    { name: 'body a JSON string', body: '"community"', status: 400, json: err('invalid', 'body') },
    { name: 'truncated JSON', body: `{"kind":"community","name":"半截","parent":"${T}"`, status: 400,
      json: err('invalid', 'body') },
    { name: 'empty body', body: '', status: 400, json: err('invalid', 'body') },
    { name: 'empty name', body: { kind: 'community', name: '', parent: T }, status: 400, json: err('invalid', 'name') },
    { name: 'blank name', body: { kind: 'community', name: ' \u3000 ', parent: T }, status: 400,
      json: err('invalid', 'name') },
    { name: 'name missing', body: { kind: 'community', parent: T }, status: 400, json: err('invalid', 'name') },
    { name: 'name not a string', body: { kind: 'community', name: 42, parent: T }, status: 400,
      json: err('invalid', 'name') },
    { name: '10,000-character name', body: { kind: 'community', name: 'a'.repeat(10000), parent: T },
      status: 400, json: err('invalid', 'name') },
    { name: '65-character name', body: { kind: 'community', name: '长'.repeat(65), parent: T },
      status: 400, json: err('invalid', 'name') },
    { name: '10,000 Chinese characters (30 KB) is over the body limit',
      body: { kind: 'community', name: '长'.repeat(10000), parent: T }, status: 413, json: err('too_large', 'body') },
    { name: 'control character in the name', body: { kind: 'community', name: '响\u0007铃', parent: T },
      status: 400, json: err('invalid', 'name') },
    // jansson refuses \u0000 while parsing, so the body is at fault
    { name: 'NUL in the name', body: { kind: 'community', name: '空\u0000字', parent: T },
      status: 400, json: err('invalid', 'body') },
    { name: 'parent that does not exist', body: { kind: 'community', name: '无父社区', parent: '419001199' },
      status: 404, json: err('not_found', 'parent') },
    { name: 'parent not a code', body: { kind: 'community', name: '坏父社区', parent: '4190011x4' },
      status: 400, json: err('invalid', 'parent') },
    { name: 'parent missing', body: { kind: 'community', name: '缺父社区' }, status: 400, json: err('invalid', 'parent') },
    { name: 'kind "town"', body: { kind: 'town', name: '新镇', parent: ROOT }, status: 400, json: err('invalid', 'kind') },
    { name: 'kind "county"', body: { kind: 'county', name: '新县', parent: '4190' }, status: 400, json: err('invalid', 'kind') },
    { name: 'kind unknown', body: { kind: 'village', name: '新村', parent: T }, status: 400, json: err('invalid', 'kind') },
    { name: 'kind missing', body: { name: '无类型', parent: T }, status: 400, json: err('invalid', 'kind') },
    { name: 'grid directly under a town', body: { kind: 'grid', name: '镇下网格', parent: T }, status: 400,
      json: err('invalid', 'parent') },
    { name: 'community under a community', body: e => ({ kind: 'community', name: '社区下社区', parent: e.code }),
      watchExisting: true, status: 400, json: err('invalid', 'parent') },
    { name: 'community directly under the county', body: { kind: 'community', name: '市下社区', parent: ROOT },
      status: 400, json: err('invalid', 'parent') },
    { name: 'duplicate name', body: e => ({ kind: 'community', name: e.name, parent: T }), status: 409,
      json: err('conflict', 'name') },
    { name: 'duplicate name with spaces around it', body: e => ({ kind: 'community', name: ` ${e.name}  `, parent: T }),
      status: 409, json: err('conflict', 'name') },
    { name: 'explicit code under another town', body: { kind: 'community', name: '错码一', parent: T, code: '419001105901' },
      watch: ['419001105'], status: 400, json: err('invalid', 'code') },
    { name: 'explicit code ending in 000', body: { kind: 'community', name: '错码二', parent: T, code: T + '000' },
      status: 400, json: err('invalid', 'code') },
    { name: 'explicit code too short', body: { kind: 'community', name: '错码三', parent: T, code: T + '01' },
      status: 400, json: err('invalid', 'code') },
    { name: 'explicit code too long', body: { kind: 'community', name: '错码四', parent: T, code: T + '0901' },
      status: 400, json: err('invalid', 'code') },
    { name: 'explicit code with a letter', body: { kind: 'community', name: '错码五', parent: T, code: T + '9a1' },
      status: 400, json: err('invalid', 'code') },
    { name: 'explicit code a grid code', body: { kind: 'community', name: '错码六', parent: T, code: T + '901001' },
      status: 400, json: err('invalid', 'code') },
    { name: 'explicit code a number', body: { kind: 'community', name: '错码七', parent: T, code: Number(T + '901') },
      status: 400, json: err('invalid', 'code') },
    { name: 'explicit code already in use', body: e => ({ kind: 'community', name: '错码八', parent: T, code: e.code }),
      status: 409, json: err('conflict', 'code') },
  ];

  for (const c of cases)
    test(`${c.name} → ${c.status} ${c.json.field}`, async () => {
      const watch = [T, ROOT, ...(c.watch || []), ...(c.watchExisting ? [existing.code] : [])];
      const snap = async () => Promise.all(watch.map(w => children(srv, tok.admin, w)));
      const before = await snap();
      const mark = await auditMark(srv, tok.admin);
      const body = typeof c.body === 'function' ? c.body(existing) : c.body;
      const r = await api(srv.url, tok.admin, 'POST', '/api/v1/nodes', body);
      expectReply(r, c.status, c.json, c.name);
      const after = await snap();
      for (let i = 0; i < watch.length; i++)
        assert.deepEqual(after[i], before[i], `children of ${watch[i]} changed`);
      assert.deepEqual(await auditSince(srv, tok.admin, mark, 'node.create'), [], 'no node.create row');
    });
});

describe('renaming', () => {
  const TOWN = '419001105';
  let a, b;
  before(async () => {
    a = (await post({ kind: 'community', name: '改名前社区', parent: TOWN })).body;
    b = (await post({ kind: 'community', name: '邻居社区', parent: TOWN })).body;
    assert.ok(a.code && b.code);
  });
  const patch = (code, body) => api(srv.url, tok.admin, 'PATCH', `/api/v1/nodes/${code}`, body);

  test('PATCH renames a community', async () => {
    const mark = await auditMark(srv, tok.admin);
    const r = await patch(a.code, { name: '改名后社区' });
    expectReply(r, 200, { code: a.code, name: '改名后社区', kind: 'community', parent: TOWN, is_real: false });
    const list = await children(srv, tok.admin, TOWN);
    assert.equal(list.children.find(n => n.code === a.code).name, '改名后社区');
    const rows = await auditSince(srv, tok.admin, mark, 'node.rename');
    assert.equal(rows.length, 1);
    assert.equal(rows[0].record, `node:${a.code}`);
  });

  test('PATCH renames a grid', async () => {
    const g = (await post({ kind: 'grid', name: '旧网格', parent: b.code })).body;
    expectReply(await patch(g.code, { name: '新网格' }), 200, { code: g.code, name: '新网格', kind: 'grid' });
  });

  test('renaming to the same name is allowed', async () => {
    expectReply(await patch(b.code, { name: '邻居社区' }), 200, { name: '邻居社区' });
  });

  const bad = [
    { name: 'a real street keeps its official name', code: '419001001', body: { name: '改名街道' },
      status: 400, json: err('invalid', 'code') },
    { name: 'a real town keeps its official name', code: TOWN, body: { name: '改名镇' },
      status: 400, json: err('invalid', 'code') },
    { name: 'the county keeps its official name', code: ROOT, body: { name: '改名市' },
      status: 400, json: err('invalid', 'code') },
    { name: 'empty name', code: 'A', body: { name: '' }, status: 400, json: err('invalid', 'name') },
    { name: 'name too long', code: 'A', body: { name: '名'.repeat(65) }, status: 400, json: err('invalid', 'name') },
    { name: 'no name', code: 'A', body: {}, status: 400, json: err('invalid', 'name') },
    { name: 'body not JSON', code: 'A', body: 'name=x', status: 400, json: err('invalid', 'body') },
    { name: 'a sibling\'s name', code: 'A', body: { name: '邻居社区' }, status: 409, json: err('conflict', 'name') },
    { name: 'a community that does not exist', code: TOWN + '999', body: { name: '不存在' }, status: 404,
      json: err('not_found', 'code') },
    { name: 'a malformed code', code: '41900110x', body: { name: '坏码' }, status: 400, json: err('invalid', 'code') },
  ];
  for (const c of bad)
    test(`rename refused: ${c.name}`, async () => {
      const code = c.code === 'A' ? a.code : c.code;
      const parent = code.length > 6 ? code.slice(0, code.length === 9 ? 6 : code.length - 3) : ROOT;
      const before = await children(srv, tok.admin, parent);
      const mark = await auditMark(srv, tok.admin);
      expectReply(await patch(code, c.body), c.status, c.json, c.name);
      assert.deepEqual(await children(srv, tok.admin, parent), before, 'nothing changed');
      assert.deepEqual(await auditSince(srv, tok.admin, mark, 'node.rename'), []);
    });

  // BUG: POST /nodes trims the name before its duplicate check, PATCH does
  // not: a padded copy of a sibling's name gets through and the town then
  // lists two communities that read the same.
  test('rename to a sibling\'s name padded with spaces → 409 name', async () => {
    const r = await patch(a.code, { name: ' 邻居社区 ' });
    expectReply(r, 409, err('conflict', 'name'));
  });

  test('rename trims the name as create does', async () => {
    const r = await patch(b.code, { name: '  邻居社区二  ' });
    expectReply(r, 200, { name: '邻居社区二' });
  });
});

describe('CSV import', () => {
  const importCsv = (text, token = tok.admin) =>
    typeof text === 'string'
      ? api(srv.url, token, 'POST', '/api/v1/nodes/import', text, { 'content-type': 'text/csv' })
      : rawPost('/api/v1/nodes/import', text, token);
  // api() would JSON-encode a Buffer: send the bytes as they are
  async function rawPost(path, bytes, token) {
    const r = await fetch(srv.url + path, {
      method: 'POST', body: bytes, headers: { authorization: 'Bearer ' + token, 'content-type': 'text/csv' },
    });
    const text = await r.text();
    let body;
    try { body = JSON.parse(text); } catch { body = { raw: text }; }
    return { status: r.status, body, headers: r.headers };
  }

  test('3 good rows create 3 communities', async () => {
    const T = '419001106';
    const before = await children(srv, tok.admin, T);
    const r = await importCsv(`code,kind,name,parent\n,community,导入一社区,${T}\n,community,导入二社区,${T}\n` +
      `,community,导入三村,${T}\n`);
    expectReply(r, 201, { created: 3 });
    const after = await children(srv, tok.admin, T);
    assert.equal(after.children.length, before.children.length + 3);
    const added = after.children.filter(n => !codes(before).includes(n.code));
    assert.deepEqual(added.map(n => n.name).sort(), ['导入一社区', '导入二社区', '导入三村'].sort());
    assert.ok(added.every(n => n.kind === 'community' && !n.is_real));
  });

  const bad = [
    { name: 'an empty name on line 3', field: 'line 3.name', status: 400,
      csv: T => `kind,name,parent\ncommunity,好的一行,${T}\ncommunity,,${T}\ncommunity,第三行,${T}\n` },
    { name: 'a grid under a town on line 3', field: 'line 3.parent', status: 400,
      csv: T => `kind,name,parent\ncommunity,好的一行,${T}\ngrid,镇下网格,${T}\n` },
    { name: 'a parent that does not exist on line 3', field: 'line 3.parent', status: 404,
      csv: T => `kind,name,parent\ncommunity,好的一行,${T}\ncommunity,无父,419001199\n` },
    { name: 'a duplicate of line 2 on line 3', field: 'line 3.name', status: 409,
      csv: T => `kind,name,parent\ncommunity,重复社区,${T}\ncommunity,重复社区,${T}\n` },
    { name: 'a wrong code on line 3', field: 'line 3.code', status: 400,
      csv: T => `code,kind,name,parent\n,community,好的一行,${T}\n419001105950,community,错码,${T}\n` },
    { name: 'an unknown kind on line 3 (CRLF lines)', field: 'line 3.kind', status: 400,
      csv: T => `kind,name,parent\r\ncommunity,好的一行,${T}\r\ntown,新镇,${T}\r\n` },
    { name: 'a header without kind', field: 'line 1', status: 400, csv: T => `name,parent\n好的一行,${T}\n` },
    { name: 'an empty file', field: 'file', status: 400, csv: () => '' },
    { name: 'GBK bytes', field: 'file', status: 400,
      csv: T => Buffer.concat([Buffer.from(`kind,name,parent\ncommunity,`), Buffer.from([0xc9, 0xe7, 0xc7, 0xf8]),
        Buffer.from(`,${T}\n`)]) },
  ];
  for (const c of bad)
    test(`import with ${c.name} creates nothing; field ${c.field}`, async () => {
      const T = '419001107';
      const before = await children(srv, tok.admin, T);
      const mark = await auditMark(srv, tok.admin);
      const r = await importCsv(c.csv(T));
      expectReply(r, c.status, { field: c.field }, c.name);
      assert.deepEqual(await children(srv, tok.admin, T), before, 'nothing created');
      assert.deepEqual(await auditSince(srv, tok.admin, mark, 'node.'), [], 'no node.* audit row');
    });

  test('Chinese header with a BOM, and grids under a community made in the same file', async () => {
    const T = '419001108';
    const comm = T + '950';
    const csv = '\ufeff编码,类型,名称,上级编码\r\n' +
      `${comm},社区,导入带网格社区,${T}\r\n,网格,第一网格,${comm}\r\n,网格,第二网格,${comm}\r\n`;
    expectReply(await importCsv(csv), 201, { created: 3 });
    const grids = await children(srv, tok.admin, comm);
    assert.equal(grids.node.name, '导入带网格社区');
    assert.deepEqual(grids.children.map(n => [n.code, n.name]),
      [[comm + '001', '第一网格'], [comm + '002', '第二网格']]);
  });

  test('quoted cells with commas and quotes', async () => {
    const T = '419001109';
    expectReply(await importCsv(`kind,name,parent\ncommunity,"逗号,社区",${T}\ncommunity,"引号""社区",${T}\n`),
      201, { created: 2 });
    const names = (await children(srv, tok.admin, T)).children.map(n => n.name);
    assert.ok(names.includes('逗号,社区') && names.includes('引号"社区'), names.join(' '));
  });
});
