// case_intake.test.mjs - a new case for an ID number the ledger does not
// have registers the person in the same transaction (issue 14): in a
// household at the address when the node is a grid, else without one (the
// address kept in the case's first remarks); bad input and refusals
// register nobody.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api, sql } from '../lib/server.mjs';
import { expectReply, tokens, auditMark, auditSince } from './helpers.mjs';

const TOWN = '419001001';
const GRID = '419001001001001';

function idNumber(first17) {
  const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const s = [...first17].reduce((a, c, i) => a + Number(c) * w[i], 0);
  return first17 + '10X98765432'[s % 11];
}

let srv, tok;
before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['cdc', 'grid', 'command', 'auditor']);
});
after(async () => { await srv.stop(); });

const call = (who, method, path, body) => api(srv.url, tok[who], method, '/api/v1' + path, body);
const persons = () => Number(sql(srv.db, 'SELECT count(*) FROM person'));
const cases = () => Number(sql(srv.db, 'SELECT count(*) FROM epi_case'));

test('in a grid: the person, their household and the case, at once', async () => {
  const id = idNumber('41900119760606111');
  const mark = await auditMark(srv, tok.auditor);
  const r = await call('cdc', 'POST', '/cases', { id_number: id, name: '收治甲', phone: '13512345678',
    address: '收治测试小区2号楼', node: GRID, status: 'confirmed' });
  expectReply(r, 201, { node: GRID, status: 'confirmed' });
  const p = await call('command', 'GET', '/persons?id_number=' + id);
  assert.equal(p.body.total, 1);
  assertPerson(p.body.persons[0], { name: '收治甲', grid: GRID, address: '收治测试小区2号楼', phone: '135****5678' });
  assert.equal(p.body.persons[0].id, r.body.person_id);
  const rows = await auditSince(srv, tok.auditor, mark, 'case.create');
  assert.match(rows[0].detail, /registered/);
  // a second case for the same number finds the person (one person, one number)
  const again = await call('cdc', 'POST', '/cases', { id_number: id, name: '收治甲', node: GRID });
  expectReply(again, 409);
});

function assertPerson(p, want) {
  for (const [k, v] of Object.entries(want)) assert.equal(p[k], v, k);
}

test('above a grid: the person without a household, the address in the remarks', async () => {
  const id = idNumber('41900119770707222');
  const r = await call('cdc', 'POST', '/cases', { id_number: id, name: '收治乙',
    address: '外地暂住某宾馆', node: TOWN, remarks: '发热门诊报告' });
  expectReply(r, 201, { node: TOWN });
  const got = await call('cdc', 'GET', `/cases/${r.body.id}`);
  expectReply(got, 200);
  assert.match(JSON.stringify(got.body), /住址：外地暂住某宾馆；发热门诊报告/);
  const p = await call('command', 'GET', '/persons?id_number=' + id);
  assert.equal(p.body.total, 1);
  assert.equal(p.body.persons[0].grid, '');
});

test('refusals and bad input register nobody', async () => {
  const id = idNumber('41900119780808333');
  for (const [who, body, status, field] of [
    ['cdc', { id_number: id, node: GRID }, 404, 'id_number'],                       // no name: no intake
    ['cdc', { id_number: id, name: '收治丙', node: GRID }, 400, 'address'],          // a grid needs the address
    ['cdc', { id_number: id.slice(0, 17) + (id[17] === '0' ? '1' : '0'), name: '收治丙', node: GRID, address: 'x' }, 400, 'id_number'],
    ['cdc', { id_number: id, name: '收治丙', phone: '12345', node: GRID, address: 'x' }, 400, 'phone'],
    ['cdc', { id_number: id, name: '收治丙', node: GRID, address: 'x', onset_date: '2999-01-01' }, 400, 'onset_date'],
    ['grid', { id_number: id, name: '收治丙', node: GRID, address: 'x' }, 403, undefined],
  ]) {
    const before = [persons(), cases()];
    const r = await call(who, 'POST', '/cases', body);
    expectReply(r, status, undefined, JSON.stringify(body));
    if (field) assert.equal(r.body.field, field, JSON.stringify(r.body));
    assert.deepEqual([persons(), cases()], before, 'nothing changed');
  }
});
