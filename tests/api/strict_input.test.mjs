// strict_input.test.mjs - strict input on JSON requests (issue 13): every
// JSON write route refuses a member its table does not declare, dates are
// YYYY-MM-DD, times RFC 3339 or local YYYY-MM-DDTHH:MM[:SS], enums and
// numbers are checked whatever the other members say, and every error
// names the member at fault (src/http/json.c).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, sql } from '../lib/server.mjs';
import { expectReply, err, tokens } from './helpers.mjs';
import { routeTable, fillPath } from './route_table.mjs';

// Write routes whose body is not JSON: a spreadsheet or a node table.
const NOT_JSON = new Set(['POST /api/v1/nodes/import', 'POST /api/v1/ledger/import']);

let srv, tok, caseId;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin']);
  expectReply(await api(srv.url, tok.admin, 'POST', '/api/v1/users', {
    username: 'epi', display_name: '流调', role: 'epidemiologist', node: '419001', password: srv.password,
  }), 201);
  Object.assign(tok, await tokens(srv, ['epi']));
  const idn = sql(srv.db, 'SELECT id_number FROM person WHERE id_number IS NOT NULL ORDER BY id LIMIT 1');
  const r = await api(srv.url, tok.epi, 'POST', '/api/v1/cases', { id_number: idn });
  expectReply(r, 201);
  caseId = r.body.id;
});
after(async () => { await srv.stop(); });

const unknown = (r, member, what) =>
  expectReply(r, 400, { ...err('invalid', member), key: 'json.unknown_member' }, what);

test('every JSON write route of the route table refuses an unknown member, naming it', async () => {
  const routes = routeTable().filter(r => (r.method === 'POST' || r.method === 'PATCH') && r.maxBody > 0);
  for (const k of NOT_JSON)
    assert.ok(routes.some(r => `${r.method} ${r.pattern}` === k), `${k} is still a route`);
  const json = routes.filter(r => !NOT_JSON.has(`${r.method} ${r.pattern}`));
  assert.ok(json.length >= 27, `${json.length} JSON write routes`);
  for (const r of json) {
    const path = fillPath(r.pattern, () => '1');
    const what = `${r.method} ${r.pattern}`;
    const before = sql(srv.db, 'SELECT count(*) FROM audit');
    unknown(await api(srv.url, tok.admin, r.method, path, { zz_unknown: 1 }), 'zz_unknown', what);
    unknown(await api(srv.url, tok.admin, r.method, path, { zz_unknown: null }), 'zz_unknown', what);
    // refused before anything ran: no row of any kind
    assert.equal(sql(srv.db, 'SELECT count(*) FROM audit'), before, what);
  }
});

test('{"onset_dat": …} is a 400 naming onset_dat and changes nothing', async () => {
  const id = caseId;
  const before = sql(srv.db, `SELECT updated_utc FROM epi_case WHERE id = ${id}`);
  unknown(await api(srv.url, tok.epi, 'PATCH', `/api/v1/cases/${id}`, { onset_dat: '2026-02-03' }),
    'onset_dat', 'PATCH case');
  unknown(await api(srv.url, tok.epi, 'POST', '/api/v1/cases', { person_id: 1, onset_dat: '2026-02-03' }),
    'onset_dat', 'POST case');
  assert.equal(sql(srv.db, `SELECT updated_utc FROM epi_case WHERE id = ${id}`), before);
});

test('a date not written YYYY-MM-DD is a 400 naming its member', async () => {
  const id = caseId;
  const hh = sql(srv.db, 'SELECT id FROM household ORDER BY id LIMIT 1');
  const cases = [
    ['PATCH', `/api/v1/cases/${id}`, { onset_date: '2026-2-3' }, 'onset_date', 'epi'],
    ['PATCH', `/api/v1/cases/${id}`, { sample_date: '2026/02/03' }, 'sample_date', 'epi'],
    ['PATCH', `/api/v1/cases/${id}`, { isolation_date: '2026-02-03 ' }, 'isolation_date', 'epi'],
    ['POST', '/api/v1/persons', { household_id: Number(hh), name: '张三', birth_date: '1990-1-1' }, 'birth_date', 'admin'],
    ['POST', '/api/v1/duties', { node: '419001', name: '李四', phone: '13800001111', from: '2026-2-3' }, 'from', 'admin'],
    ['POST', '/api/v1/public/self-reports', { community: '419001001001', name: '王五', id_number: '11010519491231002X',
      phone: '13800001111', address: '一号', arrival_date: '2026-2-3' }, 'arrival_date', null],
  ];
  for (const [method, path, body, field, as] of cases)
    expectReply(await api(srv.url, as ? tok[as] : null, method, path, body), 400,
      { ...err('invalid', field), key: 'json.date' }, `${method} ${path} ${JSON.stringify(body)}`);
});

test('times are RFC 3339 with an offset or local YYYY-MM-DDTHH:MM[:SS]', async () => {
  const id = caseId;
  for (const from of ['2026-02-03 08:00', '2026-02-03T8:00', '2026-02-03T08:00+0800', '2026-02-03'])
    expectReply(await api(srv.url, tok.epi, 'POST', `/api/v1/cases/${id}/trajectory`, { from, place: '超市' }),
      400, { ...err('invalid', 'from'), key: 'json.time' }, from);
  for (const at of ['2026-02-03 08:00:00', '2026-02-03T08:00:00+08'])
    expectReply(await api(srv.url, tok.admin, 'POST', '/api/v1/scans/batch',
      { scans: [{ venue: 1, id_number: '11010519491231002X', at }] }), 400,
    { ...err('invalid', 'scans[0].at'), key: 'json.time' }, at);
});

test('enums and numbers are range-checked whatever the other members say', async () => {
  const hh = Number(sql(srv.db, 'SELECT id FROM household ORDER BY id LIMIT 1'));
  const n = sql(srv.db, 'SELECT count(*) FROM person');
  const person = { household_id: hh, name: '赵六', id_number: '11010519491231002X' };
  const cases = [
    [{ ...person, sex: -1 }, 'sex', 'json.one_of'],
    [{ ...person, sex: 3 }, 'sex', 'json.one_of'],
    [{ ...person, sex: '1' }, 'sex', 'json.one_of'],
    [{ ...person, household_id: 0 }, 'household_id', 'json.int_range'],
    [{ ...person, household_id: null }, 'household_id', 'field.required'],
    [{ ...person, household_id: 1.5 }, 'household_id', 'json.int_range'],
    [{ ...person, is_head: 'yes' }, 'is_head', 'json.boolean'],
  ];
  for (const [body, field, key] of cases)
    expectReply(await api(srv.url, tok.admin, 'POST', '/api/v1/persons', body), 400,
      { ...err('invalid', field), key }, JSON.stringify(body));
  // numbers beyond 64 bits name the member, not "body"
  for (const big of ['18446744073709551616', '-99999999999999999999999', '1e999'])
    expectReply(await api(srv.url, tok.admin, 'POST', '/api/v1/persons',
      `{"household_id":${big},"name":"赵六"}`, { 'content-type': 'application/json' }), 400,
    err('invalid', 'household_id'), big);
  assert.equal(sql(srv.db, 'SELECT count(*) FROM person'), n);
});
