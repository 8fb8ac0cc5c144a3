// Community self-report (社区报备) and arrivals: the public submission lands
// with the chosen community; officers of that community (or above) confirm
// it, which records an arrival, or reject it with a reason; bad input is
// refused with the field named and nothing stored; lists are masked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import { tokens, runCase, expectReply, err } from './helpers.mjs';

let srv, tok, community, otherCommunity;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const daysAgo = n => new Date(Date.now() + 8 * 3600e3 - n * 86400e3).toISOString().slice(0, 10);

const good = () => ({
  community, name: '王小明', id_number: '11010519491231002x', phone: '139 1234 5678',
  address: '幸福小区2号楼1单元302', origin_code: '420106', arrival_date: daysAgo(2),
  transport: '火车',
});

before(async () => {
  srv = await startServer({ args: ['--no-rate-limits'] });   // one ID number many times; floods.test.mjs tests the limits
  tok = await tokens(srv, ['admin', 'command', 'town', 'community', 'grid']);
  community = srv.accounts.community.node;              // 419001001001
  const r = await api(srv.url, null, 'GET', '/api/v1/public/nodes/419001002/children');
  otherCommunity = r.body.children[0].code;
});
after(async () => { await srv?.stop(); });

async function count(as, status) {
  const r = await api(srv.url, tok[as], 'GET', `/api/v1/self-reports?status=${status}`);
  assert.equal(r.status, 200, JSON.stringify(r.body));
  return r.body.reports.length;
}

test('the public tree lists towns and communities, never grids', async () => {
  await runCase(srv, tok, { path: '/api/v1/public/root', status: 200, json: { root: '419001' } });
  await runCase(srv, tok, {
    path: '/api/v1/public/nodes/419001/children', status: 200,
    json: { children: c => c.length === 16 && c.every(t => t.kind === 'town' && !('n_children' in t)) },
  });
  await runCase(srv, tok, {
    path: '/api/v1/public/nodes/419001001/children', status: 200,
    json: { children: c => c.some(x => x.code === community && x.kind === 'community') },
  });
  await runCase(srv, tok, { path: `/api/v1/public/nodes/${community}/children`, status: 403, json: err('forbidden', 'code') });
});

const bad = () => [
  ['empty body', 'not json', 'body'],
  ['no community', { ...good(), community: undefined }, 'community'],
  ['a grid as community', { ...good(), community: community + '001' }, 'community'],
  ['unknown community', { ...good(), community: '419001001999' }, 'community'],
  ['wrong check digit', { ...good(), id_number: '110105194912310021' }, 'id_number'],
  ['short phone', { ...good(), phone: '1391234' }, 'phone'],
  ['no name', { ...good(), name: '' }, 'name'],
  ['no origin', { ...good(), origin_code: undefined, origin_name: undefined }, 'origin_name'],
  ['unknown origin code', { ...good(), origin_code: '999999' }, 'origin_code'],
  ['arrival tomorrow', { ...good(), arrival_date: daysAgo(-1) }, 'arrival_date'],
  ['arrival on 2月30日', { ...good(), arrival_date: '2026-02-30' }, 'arrival_date'],
  ['address of 200 characters', { ...good(), address: '号'.repeat(200) }, 'address'],
];

test('bad submissions name the field and store nothing', async () => {
  const before = await count('community', 'pending');
  for (const [name, body, field] of bad()) {
    const payload = typeof body === 'string' ? body : JSON.parse(JSON.stringify(body));
    const r = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', payload);
    expectReply(r, r.status === 404 ? 404 : 400, err(r.status === 404 ? 'not_found' : 'invalid', field), name);
  }
  assert.equal(await count('community', 'pending'), before);
});

test('a report lands with the chosen community, masked, and only there', async () => {
  const r = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', good());
  expectReply(r, 201, { id: n => n > 0, community, status: 'pending' });
  const list = await api(srv.url, tok.community, 'GET', '/api/v1/self-reports?status=pending');
  const mine = list.body.reports.find(x => x.id === r.body.id);
  assert.ok(mine, 'the community sees the report');
  assert.equal(mine.id_number, '1101**********002X');
  assert.equal(mine.phone, '139****5678');
  assert.equal(mine.origin_name, '武昌区');                // named from the division code
  // the town above sees it too; another town's officer does not
  const town = await api(srv.url, tok.town, 'GET', '/api/v1/self-reports');
  assert.ok(town.body.reports.some(x => x.id === r.body.id));
  const other = await api(srv.url, tok.command, 'GET', `/api/v1/self-reports?node=419001002`);
  assert.ok(!other.body.reports.some(x => x.id === r.body.id));
});

test('confirming records an arrival; deciding twice is refused; rejecting needs a reason', async () => {
  const a = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', { ...good(), id_number: '11010519491231002X', name: '李甲' });
  const b = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', { ...good(), name: '李乙' });
  await runCase(srv, tok, { as: 'grid', method: 'POST', path: `/api/v1/self-reports/${a.body.id}/decide`,
    body: { confirm: true }, status: 403, json: err('forbidden', 'id') });
  await runCase(srv, tok, { as: 'community', method: 'POST', path: `/api/v1/self-reports/${a.body.id}/decide`,
    body: {}, status: 400, json: err('invalid', 'confirm') });
  await runCase(srv, tok, { as: 'community', method: 'POST', path: `/api/v1/self-reports/${a.body.id}/decide`,
    body: { confirm: true }, status: 200, json: { status: 'confirmed' } });
  await runCase(srv, tok, { as: 'community', method: 'POST', path: `/api/v1/self-reports/${a.body.id}/decide`,
    body: { confirm: false, reason: '重复' }, status: 409, json: err('conflict', 'id') });
  await runCase(srv, tok, { as: 'community', method: 'POST', path: `/api/v1/self-reports/${b.body.id}/decide`,
    body: { confirm: false }, status: 400, json: err('invalid', 'reason') });
  await runCase(srv, tok, { as: 'community', method: 'POST', path: `/api/v1/self-reports/${b.body.id}/decide`,
    body: { confirm: false, reason: '信息不实' }, status: 200, json: { status: 'rejected' } });
  const arr = await api(srv.url, tok.community, 'GET', '/api/v1/arrivals');
  expectReply(arr, 200);
  const got = arr.body.arrivals.filter(x => x.name === '李甲');
  assert.equal(got.length, 1);
  assert.equal(got[0].arrival_date, daysAgo(2));
  assert.equal(got[0].id_number, '1101**********002X');
  assert.ok(!arr.body.arrivals.some(x => x.name === '李乙'), 'a rejected report is no arrival');
});

test('another community\'s officer cannot decide a report', async () => {
  const r = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', { ...good(), community: otherCommunity });
  expectReply(r, 201);
  await runCase(srv, tok, { as: 'community', method: 'POST', path: `/api/v1/self-reports/${r.body.id}/decide`,
    body: { confirm: true }, status: 403, json: err('forbidden', 'id') });
  await runCase(srv, tok, { as: 'admin', path: '/api/v1/self-reports', status: 403, json: err('forbidden') });
});

test('arrivals older than the watch period drop out of the default list', async () => {
  const r = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', { ...good(), name: '赵远', arrival_date: daysAgo(20) });
  await runCase(srv, tok, { as: 'community', method: 'POST', path: `/api/v1/self-reports/${r.body.id}/decide`,
    body: { confirm: true }, status: 200 });
  const d14 = await api(srv.url, tok.community, 'GET', '/api/v1/arrivals');
  assert.ok(!d14.body.arrivals.some(x => x.name === '赵远'));
  const d30 = await api(srv.url, tok.community, 'GET', '/api/v1/arrivals?days=30');
  assert.ok(d30.body.arrivals.some(x => x.name === '赵远'));
  assert.equal(today.length, 10);
});

test('a decided report carries its decision; a bad days parameter is named', async () => {
  const r = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', { ...good(), name: '钱丙' });
  await runCase(srv, tok, { as: 'community', method: 'POST', path: `/api/v1/self-reports/${r.body.id}/decide`,
    body: { confirm: false, reason: '已在外地隔离' }, status: 200,
    json: { status: 'rejected', reason: '已在外地隔离', reviewed_at: /^\d{4}-\d\d-\d\dT/, arrival_id: undefined } });
  const pending = await api(srv.url, tok.community, 'GET', '/api/v1/self-reports?status=pending');
  assert.ok(pending.body.reports.every(x => !('reason' in x) && !('reviewed_at' in x)));
  const c = await api(srv.url, null, 'POST', '/api/v1/public/self-reports', { ...good(), name: '孙丁' });
  await runCase(srv, tok, { as: 'community', method: 'POST', path: `/api/v1/self-reports/${c.body.id}/decide`,
    body: { confirm: true }, status: 200, json: { status: 'confirmed', arrival_id: n => n > 0 } });
  for (const days of ['abc', '0', '-3', '367', '14x', '1e2'])
    await runCase(srv, tok, { as: 'community', path: `/api/v1/arrivals?days=${days}`, status: 400,
      json: err('invalid', 'days') });
  await runCase(srv, tok, { as: 'community', path: '/api/v1/arrivals?days=366', status: 200 });
  await runCase(srv, tok, { as: 'community', path: '/api/v1/arrivals?days=', status: 200 });
});
