// arrival.test.mjs - arrivals in the ledger (issue 14): POST /arrivals by
// an officer, matched to a ledger person by ID number (placed in their
// grid, marked 来返), else placed in the grid given (a person registered
// with an address), else queued at the community until placed
// (POST /arrivals/{id}/place); who sees what; paging of the arrival and
// self-report lists; bad input and jurisdiction.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, sql } from '../lib/server.mjs';
import { expectReply, tokens, auditMark, auditSince } from './helpers.mjs';

const TOWN = '419001001';
const COMMUNITY = '419001001001';
const GRID = '419001001001001';

function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}
const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);

let srv, tok, otherGrid, otherCommunityGrid;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['auditor', 'command', 'town', 'community', 'grid']);
  const grids = await api(srv.url, tok.community, 'GET', `/api/v1/nodes/${COMMUNITY}/children`);
  otherGrid = grids.body.children.find(g => g.code !== GRID).code;
  const comms = await api(srv.url, tok.town, 'GET', `/api/v1/nodes/${TOWN}/children`);
  const other = comms.body.children.find(c => c.code !== COMMUNITY).code;
  const og = await api(srv.url, tok.town, 'GET', `/api/v1/nodes/${other}/children`);
  otherCommunityGrid = og.body.children[0].code;
});
after(async () => { await srv.stop(); });

const call = (who, method, path, body) => api(srv.url, tok[who], method, '/api/v1' + path, body);
const arrival = (id, extra = {}) => ({ name: '来返测试', id_number: id, phone: '13800001111',
  origin_name: '上海市浦东新区', arrival_date: today(), transport: '高铁', risk_level: 2, ...extra });
async function person(who, grid, address, name, id) {
  const h = await call(who, 'POST', '/households', { grid, address });
  expectReply(h, 201);
  const p = await call(who, 'POST', '/persons', { household_id: h.body.id, name, id_number: id });
  expectReply(p, 201);
  return p.body;
}
const gridList = async (who, q = '') => (await call(who, 'GET', '/arrivals?' + q)).body;

describe('entered by an officer', () => {
  test('a ledger person: placed in their grid, marked 来返, seen by the grid worker', async () => {
    const id = idNumber('41900119850101551');
    const p = await person('grid', GRID, '来返测试小区1号', '来返甲', id);
    const r = await call('community', 'POST', '/arrivals', arrival(id, { name: '来返甲' }));
    expectReply(r, 201, { grid: GRID, placed: true, matched: true, registered: false,
      person_id: p.id, risk_level: 2, id_number: id.slice(0, 4) + '**********' + id.slice(-4) });
    const seen = await gridList('grid');
    assert.ok(seen.arrivals.some(a => a.id === r.body.id), 'on the grid worker\'s list');
    const found = await call('grid', 'GET', '/persons?id_number=' + id);
    assert.equal(found.body.persons[0].is_arrival, true);
  });

  test('unknown, no grid: queued at the community, then placed', async () => {
    const id = idNumber('41900119900202662');
    const r = await call('community', 'POST', '/arrivals', arrival(id));
    expectReply(r, 201, { grid: COMMUNITY, placed: false, matched: false });
    assert.ok(!(await gridList('grid')).arrivals.some(a => a.id === r.body.id), 'not the grid\'s yet');
    const queue = await gridList('community', 'placed=no');
    assert.ok(queue.arrivals.some(a => a.id === r.body.id));
    assert.ok(queue.arrivals.every(a => !a.placed));
    // the grid worker cannot place what is not in their grid
    expectReply(await call('grid', 'POST', `/arrivals/${r.body.id}/place`, { grid: GRID }), 403);
    const mark = await auditMark(srv, tok.auditor);
    const placed = await call('community', 'POST', `/arrivals/${r.body.id}/place`, { grid: GRID });
    expectReply(placed, 200, { grid: GRID, placed: true });
    assert.ok((await gridList('grid')).arrivals.some(a => a.id === r.body.id));
    const rows = await auditSince(srv, tok.auditor, mark, 'arrival.place');
    assert.equal(rows.length, 1);
  });

  test('unknown with a grid and an address: a person is registered with it', async () => {
    const id = idNumber('41900119950303773');
    const r = await call('community', 'POST', '/arrivals',
      arrival(id, { name: '来返丙', grid: otherGrid, address: '来返测试小区9号' }));
    expectReply(r, 201, { grid: otherGrid, placed: true, registered: true });
    const found = await call('community', 'GET', '/persons?id_number=' + id);
    assert.equal(found.body.total, 1);
    assert.equal(found.body.persons[0].grid, otherGrid);
    assert.equal(found.body.persons[0].is_arrival, true);
    assert.equal(found.body.persons[0].id, r.body.person_id);
  });

  test('a person registered outside the officer\'s jurisdiction is not revealed', async () => {
    const id = idNumber('41900119800404884');
    await person('town', otherCommunityGrid, '外社区小区1号', '外社区人', id);
    const r = await call('community', 'POST', '/arrivals', arrival(id));
    expectReply(r, 201, { grid: COMMUNITY, matched: false, placed: false });
  });
});

describe('bad input and jurisdiction change nothing', () => {
  const cases = [
    ['no ID number', 'community', { id_number: undefined }, 400, 'id_number'],
    ['a bad check digit', 'community', { id_number: '419001199001016660' }, 400, 'id_number'],
    ['risk level 5', 'community', { risk_level: 5 }, 400, 'risk_level'],
    ['a date in the future', 'community', { arrival_date: '2999-01-01' }, 400, 'arrival_date'],
    ['an address without a grid', 'community', { address: '某小区' }, 400, 'grid'],
    ['a grid of another community', 'community', () => ({ grid: otherCommunityGrid }), 403, 'grid'],
    ['an auditor', 'auditor', {}, 403, undefined],
  ];
  for (const [what, who, extra, status, field] of cases) {
    test(what, async () => {
      const before = (await gridList('town', 'per=1')).total;
      const body = arrival(idNumber('41900119700505995'),
        typeof extra === 'function' ? extra() : extra);
      for (const k of Object.keys(body)) if (body[k] === undefined) delete body[k];
      const r = await call(who, 'POST', '/arrivals', body);
      expectReply(r, status);
      if (field) assert.equal(r.body.field, field);
      assert.equal((await gridList('town', 'per=1')).total, before);
    });
  }
  test('placing into a node that is not a grid', async () => {
    const r = await call('community', 'POST', '/arrivals/1/place', { grid: COMMUNITY });
    expectReply(r, 400);
    assert.equal(r.body.field, 'grid');
  });
});

describe('pages of the lists', () => {
  test('arrivals: total, pages, sorted by name', async () => {
    const all = await gridList('town', 'days=60&per=200&sort=name');
    assert.ok(all.total >= 4);
    const p2 = await gridList('town', 'days=60&per=2&page=2&sort=name');
    assert.equal(p2.total, all.total);
    assert.equal(p2.pages, Math.ceil(all.total / 2));
    assert.deepEqual(p2.arrivals.map(a => a.id), all.arrivals.slice(2, 4).map(a => a.id));
    const names = all.arrivals.map(a => Buffer.from(a.name));
    for (let i = 1; i < names.length; i++) assert.ok(Buffer.compare(names[i - 1], names[i]) <= 0);
    const high = await gridList('town', 'days=60&per=1&risk_level=2');
    const since = Math.floor((Date.now() + 8 * 3600e3) / 86400e3) - 59;
    assert.equal(high.total, Number(sql(srv.db, `SELECT count(*) FROM arrival WHERE grid >= '${TOWN}' ` +
      `AND grid < '${TOWN}z' AND arrival_days >= ${since} AND risk_level = 2`)));
    expectReply(await call('command', 'GET', '/arrivals?sort=password'), 400);
    expectReply(await call('command', 'GET', '/arrivals?placed=maybe'), 400);
  });

  test('self-reports: total and page N of M', async () => {
    for (let i = 0; i < 3; i++) {
      const r = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', {
        community: COMMUNITY, name: '报备' + i, id_number: idNumber('4190011999010' + (1000 + i)),
        phone: '1390000000' + i, address: '报备小区' + i, origin_name: '北京市', arrival_date: today() });
      expectReply(r, 201);
    }
    const all = (await call('community', 'GET', '/self-reports?per=200')).body;
    assert.ok(all.total >= 3);
    const last = (await call('community', 'GET', `/self-reports?per=1&page=${all.total}`)).body;
    assert.equal(last.page, all.total);
    assert.equal(last.reports[0].id, all.reports[all.reports.length - 1].id);
    expectReply(await call('grid', 'GET', '/self-reports?node=' + TOWN), 403);
  });
});
