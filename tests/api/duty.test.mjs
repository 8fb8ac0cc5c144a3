// duty.test.mjs - duty assignments (包抓): command staff assign a county
// leader to a town, a town's officer a town leader to a village; the view
// of a subtree lists every node down to the villages with who answers for
// it (a node without anyone is the gap); an assignment ends with a reason
// and stays in the history; outside one's jurisdiction or without the
// right is 403; bad input names the field and stores nothing; audited.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from '../lib/server.mjs';
import { tokens, runCase, expectReply, err, auditMark, auditSince } from './helpers.mjs';

const CITY = '419001';
const TOWN = '419001001';
const OTHER_TOWN = '419001002';
let srv, tok, community;

before(async () => {
  srv = await startServer();
  tok = await tokens(srv, ['admin', 'command', 'town', 'community', 'grid', 'auditor', 'cdc']);
  community = srv.accounts.community.node;            // 419001001001
});
after(async () => { await srv?.stop(); });

const assign = (as, body) => api(srv.url, tok[as], 'POST', '/api/v1/duties', body);
async function view(as, node, ended) {
  const r = await api(srv.url, tok[as], 'GET',
    `/api/v1/duties?node=${node}${ended ? '&ended=1' : ''}`);
  expectReply(r, 200);
  return r.body.nodes;
}
const lead = (over = {}) => ({ node: TOWN, name: '李明', title: '副县长',
  phone: '138 0000 1111', ...over });

test('command assigns a county leader to a town; the view shows it and the gaps', async () => {
  const r = await assign('command', lead());
  expectReply(r, 201, { node: TOWN, kind: 'lead', name: '李明', title: '副县长',
    phone: '13800001111', ended_at: null, person_id: null });
  assert.match(r.body.from, /^\d{4}-\d{2}-\d{2}$/);
  const nodes = (await view('command', CITY)).filter(n => !n.above);
  assert.equal(nodes[0].code, CITY);
  assert.ok(nodes.every(n => n.kind !== 'grid'), 'grids are left out');
  assert.ok(nodes.some(n => n.kind === 'community'), 'villages are in');
  const town = nodes.find(n => n.code === TOWN);
  assert.deepEqual(town.duties.map(d => d.name), ['李明']);
  assert.ok(nodes.find(n => n.code === OTHER_TOWN).duties.length === 0, 'a gap shows as no duty');
  // sorted by code, each node once
  const codes = nodes.map(n => n.code);
  assert.deepEqual(codes, [...codes].sort());
  assert.equal(new Set(codes).size, codes.length);
});

test("a town's officer assigns inside the town only; others may not at all", async () => {
  expectReply(await assign('town', lead({ node: community, name: '张华', title: '镇党委副书记',
    phone: '13900002222' })), 201, { node: community });
  expectReply(await assign('town', lead({ node: OTHER_TOWN })), 403, err('forbidden', 'node'));
  expectReply(await assign('community', lead({ node: TOWN, name: '王五' })), 403,
    err('forbidden', 'node'));
  expectReply(await assign('grid', lead({ node: community, name: '王五' })), 403,
    err('forbidden'));
  expectReply(await assign('cdc', lead({ node: community, name: '王五' })), 403,
    err('forbidden'));
  const all = await view('town', TOWN);
  assert.deepEqual(all.filter(n => n.above).map(n => n.code), [CITY], 'the city above the town');
  const nodes = all.filter(n => !n.above);
  assert.equal(nodes[0].code, TOWN);
  assert.deepEqual(nodes.find(n => n.code === community).duties.map(d => d.name), ['张华']);
  assert.ok(!nodes.some(n => n.code.startsWith(OTHER_TOWN)), 'only the caller\'s subtree');
});

test('reading needs the right and the jurisdiction', async () => {
  // a grid worker's view: its grid, and above it the village, town and city
  const g = await view('grid', srv.accounts.grid.node);
  const up = g.filter(n => n.above).map(n => n.code);
  assert.deepEqual(up, [CITY, TOWN, community]);
  assert.deepEqual(g.find(n => n.code === community).duties.map(d => d.name), ['张华']);
  assert.deepEqual(g.find(n => n.code === TOWN).duties.map(d => d.name), ['李明']);
  await runCase(srv, tok, { as: 'auditor', path: `/api/v1/duties?node=${CITY}`, status: 403,
    json: err('forbidden') });
  await runCase(srv, tok, { as: 'community', path: `/api/v1/duties?node=${TOWN}`, status: 403,
    json: err('forbidden', 'node') });
  await runCase(srv, tok, { as: 'town', path: `/api/v1/duties?node=${TOWN}&ended=yes`,
    status: 400, json: err('invalid', 'ended') });
});

test('bad input names the field and stores nothing', async () => {
  const before = JSON.stringify(await view('command', CITY, true));
  const cases = [
    [lead({ phone: '123' }), 400, err('invalid', 'phone')],
    [lead({ name: '' }), 400, err('invalid', 'name')],
    [lead({ name: 'x'.repeat(40) }), 400, err('invalid', 'name')],
    [lead({ from: '2026-13-01' }), 400, err('invalid', 'from')],
    [lead({ kind: 'boss' }), 400, err('invalid', 'kind')],
    [lead({ kind: 'carer' }), 400, err('invalid', 'person_id')],
    [lead({ person_id: 'seven' }), 400, err('invalid', 'person_id')],
    [lead({ person_id: 999999999 }), 404, err('not_found', 'person_id')],
    [lead({ node: TOWN + '999' }), 404, err('not_found', 'node')],
    [{ name: '李四', phone: '13800001111' }, 400, err('invalid', 'node')],
    [lead(), 409, err('conflict', 'name')],                // 李明 answers for it already
  ];
  for (const [body, status, json] of cases)
    expectReply(await assign('command', body), status, json, JSON.stringify(body));
  assert.equal(JSON.stringify(await view('command', CITY, true)), before);
});

test('an assignment ends with a reason and stays in the history', async () => {
  const mark = await auditMark(srv, tok.admin);
  const made = await assign('command', lead({ node: OTHER_TOWN, name: '赵强', phone: '13700003333',
    from: '2026-02-01' }));
  expectReply(made, 201, { from: '2026-02-01' });
  const id = made.body.id;
  const end = body => api(srv.url, tok.command, 'POST', `/api/v1/duties/${id}/end`, body);
  expectReply(await end({}), 400, err('invalid', 'reason'));
  expectReply(await end({ reason: '   ' }), 400, err('invalid', 'reason'));
  expectReply(await api(srv.url, tok.town, 'POST', `/api/v1/duties/${id}/end`,
    { reason: '调动' }), 403, err('forbidden', 'id'));
  expectReply(await end({ reason: '工作调动' }), 200, { id, end_reason: '工作调动' });
  expectReply(await end({ reason: '再次' }), 409, err('conflict', 'id'));
  expectReply(await api(srv.url, tok.command, 'POST', '/api/v1/duties/424242/end',
    { reason: 'x' }), 404, err('not_found', 'id'));
  const now = await view('command', OTHER_TOWN);
  assert.equal(now.find(n => n.code === OTHER_TOWN).duties.length, 0, 'ended: not in force');
  const all = await view('command', OTHER_TOWN, true);
  const gone = all.find(n => n.code === OTHER_TOWN).duties.find(d => d.id === id);
  assert.ok(gone && gone.ended_at && gone.end_reason === '工作调动');
  // a new official may answer for it again
  expectReply(await assign('command', lead({ node: OTHER_TOWN, name: '赵强',
    phone: '13700003333' })), 201);
  const rows = await auditSince(srv, tok.admin, mark, 'duty.');
  const actions = rows.map(e => `${e.action}:${e.success}`);
  assert.ok(actions.includes('duty.assign:true') && actions.includes('duty.end:true')
    && actions.includes('duty.list:true'), actions.join(' '));
  assert.ok(rows.some(e => e.action === 'duty.end' && e.record === `duty:${id}`));
  assert.ok(rows.some(e => e.action === 'duty.end' && e.success === false), 'the denial is audited');
});

test('the right and the tab come from the tables', async () => {
  const me = async as => (await api(srv.url, tok[as], 'GET', '/api/v1/me')).body;
  const town = await me('town');
  assert.ok(town.rights.includes('duty.read') && town.rights.includes('duty.assign'));
  assert.ok(town.nav.some(m => m.id === 'duty' && m.label === '包抓责任'));
  const grid = await me('grid');
  assert.ok(grid.rights.includes('duty.read') && !grid.rights.includes('duty.assign'));
  assert.ok(!(await me('auditor')).nav.some(m => m.id === 'duty'));
  const meta = (await api(srv.url, null, 'GET', '/api/v1/meta')).body;
  assert.deepEqual(meta.labels.duty_kind.map(k => k.id), ['lead', 'carer']);
});
