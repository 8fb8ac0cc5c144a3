// search.test.mjs - finding anyone (issue 14): GET /persons by part of a
// name (one character too), an ID number's or a phone's last digits, part
// of an address, the free box q; sorted by any column; totals; any page.
// Every figure is checked against plain SQL on the same database (LIKE
// '%x%', the baseline), on whichever engine the server runs.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, sql } from '../lib/server.mjs';
import { expectReply, err, tokens, auditMark, auditSince } from './helpers.mjs';

const CITY = '419001';
const TOWN = '419001001';
const GRID = '419001001001001';

let srv, tok;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'auditor', 'command', 'town', 'community', 'grid']);
});
after(async () => { await srv.stop(); });

const call = (who, path) => api(srv.url, tok[who], 'GET', '/api/v1' + path);
const count = where => Number(sql(srv.db, `SELECT count(*) FROM person WHERE ${where}`));
const under = node => `grid >= '${node}' AND grid < '${node}z'`;

async function search(who, query, status = 200) {
  const r = await call(who, '/persons?' + new URLSearchParams(query));
  expectReply(r, status, undefined, JSON.stringify(query));
  return r.body;
}

describe('part of a name', () => {
  test('one character within a town: the same persons as LIKE, with the total', async () => {
    const want = count(`${under(TOWN)} AND name LIKE '%杨%'`);
    assert.ok(want > 50, `the demo town has persons with 杨 (${want})`);
    const b = await search('command', { node: TOWN, name: '杨', per: 50 });
    assert.equal(b.total, want);
    assert.equal(b.pages, Math.ceil(want / 50));
    assert.equal(b.persons.length, 50);
    for (const p of b.persons) {
      assert.match(p.name, /杨/);
      assert.ok(p.grid.startsWith(TOWN), p.grid);
    }
    // the last page has the rest
    const last = await search('command', { node: TOWN, name: '杨', per: 50, page: b.pages });
    assert.equal(last.persons.length, want - 50 * (b.pages - 1));
  });

  test('a character in the middle of names, and two characters over the city', async () => {
    const mid = sql(srv.db, `SELECT substr(name, 2, 2) FROM person WHERE length(name) = 3 ` +
                             `ORDER BY id LIMIT 1`);
    const second = [...mid][0];
    const b1 = await search('command', { name: second });
    assert.equal(b1.total, count(`name LIKE '%${second}%'`));
    const b2 = await search('command', { q: mid });
    assert.equal(b2.total, count(`name LIKE '%${mid}%'`));
    assert.ok(b2.total >= 1);
    for (const p of b2.persons) assert.ok(p.name.includes(mid), p.name);
  });

  test('a person added now is found at once', async () => {
    const hh = await api(srv.url, tok.grid, 'POST', '/api/v1/households',
      { grid: GRID, address: '搜索测试小区1栋' });
    expectReply(hh, 201);
    expectReply(await api(srv.url, tok.grid, 'POST', '/api/v1/persons',
      { household_id: hh.body.id, name: '欧阳搜索', phone: '13912345678' }), 201);
    const b = await search('grid', { q: '阳搜' });
    assert.equal(b.total, 1);
    assert.equal(b.persons[0].name, '欧阳搜索');
    assert.equal(b.persons[0].phone, '139****5678');
    assert.equal((await search('grid', { phone: '5678' })).persons.some(p => p.name === '欧阳搜索'), true);
    assert.equal((await search('grid', { address: '搜索测试' })).total, 1);
  });
});

describe('ID numbers and phones by their last digits', () => {
  test('an ID tail: every person whose number ends so, in the caller\'s subtree', async () => {
    const id = sql(srv.db, `SELECT id_number FROM person WHERE ${under(TOWN)} AND id_number IS NOT NULL ORDER BY id LIMIT 1`);
    const tail = id.slice(-4);
    const b = await search('town', { id_number: tail });
    assert.equal(b.total, count(`${under(TOWN)} AND id_number LIKE '%${tail}'`));
    assert.ok(b.persons.every(p => p.id_number.endsWith(tail)));
    // lower-case x, and the whole number, find it too
    const whole = await search('town', { id_number: id.toLowerCase() });
    assert.equal(whole.total, 1);
    // q: the digits are an ID tail or a phone tail
    const q = await search('town', { q: tail });
    assert.equal(q.total, count(`${under(TOWN)} AND (id_number LIKE '%${tail}' OR phone LIKE '%${tail}')`));
  });

  test('a phone tail', async () => {
    const phone = sql(srv.db, `SELECT phone FROM person WHERE phone <> '' ORDER BY id LIMIT 1`);
    const tail = phone.slice(-5);
    const b = await search('command', { phone: tail });
    assert.equal(b.total, count(`phone LIKE '%${tail}'`));
    assert.ok(b.persons.every(p => p.phone.endsWith(tail.slice(-4))));
  });
});

describe('sort and pages', () => {
  test('page 3 is the 41st to 60th person of the order asked', async () => {
    const ids = sql(srv.db, `SELECT id FROM person WHERE ${under(TOWN)} ORDER BY name DESC, id DESC ` +
                            `LIMIT 20 OFFSET 40`).split('\n').map(Number);
    const b = await search('town', { sort: '-name', page: 3, per: 20 });
    assert.deepEqual(b.persons.map(p => p.id), ids);
    assert.equal(b.page, 3);
    assert.equal(b.total, count(under(TOWN)));
  });

  test('every column sorts, both ways', async () => {
    for (const col of ['id', 'name', 'id_number', 'sex', 'birth_date', 'phone', 'relation',
      'address', 'grid', 'updated']) {
      const up = await search('grid', { sort: col, per: 30 });
      const down = await search('grid', { sort: '-' + col, per: 30 });
      assert.equal(up.total, down.total);
      if (col === 'name') {
        const names = up.persons.map(p => Buffer.from(p.name));
        for (let i = 1; i < names.length; i++)
          assert.ok(Buffer.compare(names[i - 1], names[i]) <= 0, `${col} ascending`);
      }
      if (col === 'birth_date') {
        const d = down.persons.map(p => p.birth_date || '');
        for (let i = 1; i < d.length; i++) assert.ok(d[i - 1] >= d[i], `${col} descending`);
      }
    }
  });

  test('a page past the last is the last', async () => {
    const b = await search('grid', { page: 999999, per: 10 });
    assert.equal(b.page, b.pages);
    assert.ok(b.persons.length >= 1);
  });
});

describe('bad input and jurisdiction', () => {
  for (const [query, field] of [
    [{ sort: 'password' }, 'sort'], [{ per: 500 }, 'per'], [{ page: 'x' }, 'page'],
    [{ id_number: '12a4' }, 'id_number'], [{ phone: '139123456789' }, 'phone'],
    [{ name: 'x'.repeat(40) }, 'name'], [{ sort: '-id', after: 5 }, 'after'],
    [{ q: '杨', name: '王' }, 'q'],
  ]) {
    test(`${JSON.stringify(query)} → 400 naming ${field}`, async () => {
      const b = await search('command', query, 400);
      assert.equal(b.field, field);
      assert.equal(b.code, 'invalid');
    });
  }

  test('a grid worker finds only in their grid; another node is refused and audited', async () => {
    const b = await search('grid', { q: '杨' });
    assert.equal(b.total, count(`${under(GRID)} AND name LIKE '%杨%'`));
    assert.ok(b.persons.every(p => p.grid === GRID));
    const mark = await auditMark(srv, tok.auditor);
    const r = await search('grid', { node: TOWN, q: '杨' }, 403);
    assert.equal(r.code, 'forbidden');
    const rows = await auditSince(srv, tok.auditor, mark, 'person.list');
    assert.ok(rows.some(e => e.success === false || e.success === 0), JSON.stringify(rows));
  });

  test('the audit row names the fields searched, never their values', async () => {
    const mark = await auditMark(srv, tok.auditor);
    await search('town', { q: '杨', sort: 'name' });
    const rows = await auditSince(srv, tok.auditor, mark, 'person.list');
    assert.equal(rows.length, 1);
    assert.match(rows[0].detail, /name/);
    assert.doesNotMatch(rows[0].detail, /杨/);
  });

  test('no search is unauthenticated', async () => {
    const r = await api(srv.url, null, 'GET', '/api/v1/persons?q=%E6%9D%A8');
    expectReply(r, 401);
  });
});

test('the visitors (no grid) are in the city\'s list only', async () => {
  const city = await search('command', { node: CITY, per: 1 });
  assert.equal(city.total, count(`${under(CITY)} OR grid = ''`));
});
